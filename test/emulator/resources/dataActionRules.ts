/**
 * The data-action rules the spec cannot express (API-NOTES §3, §8.3, §8.4): the 1-60 s timeout range from
 * ActionConfig's description, custom-auth actions (no timeoutSeconds), read-only static actions, and version checks.
 *
 * How an action's kind is known: the spec's Action has nothing that says "function" or "custom auth"; in Genesys it
 * follows from the action's integration. `GET /api/v2/integrations/{id}` (resources/integrations.ts) answers the
 * integration's `integrationType.id` ('function-data-actions' for Function data actions); a custom-auth action has the
 * id `customAuth_-_<integrationId>` (§8.3) and is listed only with includeAuthActions=true. The fixtures register the
 * integrations here (registerIntegration).
 *
 * A function data action takes `config.timeoutSeconds` like any other action (Terraform's provider PATCHes its config,
 * §8.4); its function has its own, separate timeout (resources/dataActionFunctions.ts). How Genesys combines the two
 * is unverified, so the emulator refuses neither.
 */
import { GenesysError, JsonObject, OrgStore } from '../types';

export type IntegrationType = 'custom-rest-actions' | 'function-data-actions' | 'purecloud-data-actions' | string;

export interface IntegrationInfo {
	id: string;
	name: string;
	type: IntegrationType;
	/** integrationType.name as Genesys shows it (defaults to the type id) */
	typeName?: string;
	/** ids of this integration's custom authentication actions */
	authActionIds?: string[];
}

export type ActionKind = 'standard' | 'function' | 'customAuth' | 'static';

export const TIMEOUT_MIN_SECONDS = 1;
export const TIMEOUT_MAX_SECONDS = 60;
/** A function's own timeout (Function.timeoutSeconds): "Range allowed 1 to 15. Default value 15 seconds." */
export const FUNCTION_TIMEOUT_DEFAULT_SECONDS = 15;

// Keyed by store so emulators running side by side keep separate orgs; OrgStore (shared contract) has no slot.
const integrationsByStore = new WeakMap<OrgStore, Map<string, IntegrationInfo>>();

export function registerIntegration(store: OrgStore, info: IntegrationInfo): void {
	let map = integrationsByStore.get(store);
	if (!map) integrationsByStore.set(store, (map = new Map()));
	map.set(info.id, info);
}

export function integrationOf(store: OrgStore, id: string): IntegrationInfo | undefined {
	return integrationsByStore.get(store)?.get(id);
}

export function integrationsOf(store: OrgStore): IntegrationInfo[] {
	return [...(integrationsByStore.get(store)?.values() ?? [])];
}

export function actionKind(store: OrgStore, action: JsonObject): ActionKind {
	if (String(action.id).startsWith('static_')) return 'static';
	if (String(action.id).startsWith('customAuth_-_')) return 'customAuth';
	const integration = integrationsByStore.get(store)?.get(action.integrationId);
	if (integration?.authActionIds?.includes(action.id)) return 'customAuth';
	if (integration?.type === 'function-data-actions') return 'function';
	return 'standard';
}

/** Optimistic locking on `version`; Genesys has answered both 409 and 400 for this (API-NOTES §3.3). */
export function checkVersion(store: OrgStore, sent: number, current: number): void {
	if (sent === current) return;
	const status = store.behaviour.staleVersionStatus;
	throw new GenesysError(
		status,
		status === 409 ? 'conflict' : 'bad.request',
		`Version ${sent} does not match the current version ${current}`,
		{ sentVersion: String(sent), currentVersion: String(current) },
	);
}

/** Problems with a config a client wants to save; [] when it is fine. Shared by PATCH and draft validation. */
export function configProblems(kind: ActionKind, config: JsonObject | undefined): string[] {
	if (!config) return [];
	const problems: string[] = [];
	const timeout = config.timeoutSeconds;
	if (timeout !== undefined) {
		if (kind === 'customAuth') {
			problems.push('config.timeoutSeconds: This setting is invalid for Custom Authentication Actions');
		} else if (!Number.isInteger(timeout) || timeout < TIMEOUT_MIN_SECONDS || timeout > TIMEOUT_MAX_SECONDS) {
			problems.push(
				`config.timeoutSeconds must be an integer between ${TIMEOUT_MIN_SECONDS} and ${TIMEOUT_MAX_SECONDS} ` +
					`seconds, was ${timeout}`,
			);
		}
	}
	if (!config.request?.requestUrlTemplate) problems.push('config.request.requestUrlTemplate is required');
	if (!config.request?.requestType) problems.push('config.request.requestType is required');
	return problems;
}

/** Throw the first config problem as a Genesys 400. */
export function assertConfig(kind: ActionKind, config: JsonObject | undefined): void {
	const [problem] = configProblems(kind, config);
	if (problem) throw new GenesysError(400, 'bad.request', problem, { field: problem.split(/[: ]/)[0] });
}
