/**
 * Function settings of function data actions (API-NOTES §8.4): `GET …/actions/{id}/function` for the published action
 * and `GET …/actions/{id}/draft/function` for its draft, both answering a FunctionConfig. The function's own
 * `timeoutSeconds` (1-15 s, default 15) is a separate knob from the action's `config.timeoutSeconds` (1-60 s); only a
 * draft's function can be changed (`PUT …/draft/function`, not in the spec), so the emulator only serves reads.
 *
 * Kept beside the store (keyed by store, as the integrations are): a draft gets a copy of the published function
 * when it is created, and loses it when deleted or published.
 */
import { GenesysError, HandlerMap, JsonObject, OrgStore } from '../types';
import { templateKey } from './dataActionTemplates';

const functionsByStore = new WeakMap<OrgStore, Map<string, JsonObject>>();

function functions(store: OrgStore): Map<string, JsonObject> {
	let map = functionsByStore.get(store);
	if (!map) functionsByStore.set(store, (map = new Map()));
	return map;
}

/** The published function of a function data action (a Function: description, handler, runtime, timeoutSeconds, ...). */
export function registerFunction(store: OrgStore, actionId: string, fn: JsonObject, zip?: JsonObject): void {
	functions(store).set(templateKey(actionId, false), {
		id: actionId,
		function: structuredClone(fn),
		...(zip ? { zip: structuredClone(zip) } : {}),
		selfUri: `/api/v2/integrations/actions/${actionId}/function`,
	});
}

export function copyFunctionToDraft(store: OrgStore, actionId: string): void {
	const published = functions(store).get(templateKey(actionId, false));
	if (!published) return;
	functions(store).set(templateKey(actionId, true), {
		...structuredClone(published),
		selfUri: `/api/v2/integrations/actions/${actionId}/draft/function`,
	});
}

export function forgetDraftFunction(store: OrgStore, actionId: string): void {
	functions(store).delete(templateKey(actionId, true));
}

/** The function config a test reads or changes (draft: the draft's). */
export function functionConfigOf(store: OrgStore, actionId: string, draft = false): JsonObject | undefined {
	return functions(store).get(templateKey(actionId, draft));
}

function functionOr404(store: OrgStore, actionId: string, draft: boolean): JsonObject {
	if (!store.actions.has(actionId)) throw new GenesysError(404, 'not.found', `Action ${actionId} not found`);
	if (draft && !store.actionDrafts.has(actionId)) {
		throw new GenesysError(404, 'not.found', `No draft exists for action ${actionId}`);
	}
	const config = functions(store).get(templateKey(actionId, draft));
	if (!config) throw new GenesysError(404, 'not.found', `Action ${actionId} is not a function data action`);
	return structuredClone(config);
}

export const dataActionFunctionHandlers: HandlerMap = {
	getIntegrationsActionFunction: (ctx) => ({ status: 200, body: functionOr404(ctx.store, ctx.params.actionId, false) }),
	getIntegrationsActionDraftFunction: (ctx) => ({ status: 200, body: functionOr404(ctx.store, ctx.params.actionId, true) }),
};
