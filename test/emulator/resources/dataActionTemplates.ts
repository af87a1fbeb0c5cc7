/**
 * Data action templates as Genesys stores them (API-NOTES §8.2). An action's request and success Velocity templates
 * can be stored inline in its config, or as files (`requesttemplate.vm`, `successtemplate.vm`). For an action stored
 * as files, `GET …?includeConfig=true` answers only `requestTemplateUri` / `successTemplateUri`, and the text comes from
 * `GET …/templates/{fileName}` (drafts: `…/draft/templates/{fileName}`) as text/plain.
 *
 * A write (PATCH of the action or its draft) replaces the config as sent: a template the body leaves out falls back to
 * the default, which is the data loss §8.2 warns of. Sending only the URI back does not keep the text either (a
 * third-party tool's report, quoted in §8.2; unverified against a live org, and the safe assumption for a client).
 *
 * The store always holds the text inline (the truth, so a test sees a lost template); which actions are served
 * "as files" is kept beside the store, as the integrations are (dataActionRules.ts).
 */
import { GenesysError, HandlerMap, JsonObject, OrgStore } from '../types';

export const REQUEST_TEMPLATE_FILE = 'requesttemplate.vm';
export const SUCCESS_TEMPLATE_FILE = 'successtemplate.vm';
/** The request default §8.2 names: the input passed on unchanged. */
export const DEFAULT_REQUEST_TEMPLATE = '${input.rawRequest}';
/** Genesys's default success template (the raw result); §8.2 names only the request default. */
export const DEFAULT_SUCCESS_TEMPLATE = '${rawResult}';

const BASE = '/api/v2/integrations/actions';

/** 'actionId' for the published action, 'actionId/draft' for its draft. */
export const templateKey = (actionId: string, draft: boolean) => (draft ? `${actionId}/draft` : actionId);

const fileStoredByStore = new WeakMap<OrgStore, Set<string>>();

function fileStored(store: OrgStore): Set<string> {
	let set = fileStoredByStore.get(store);
	if (!set) fileStoredByStore.set(store, (set = new Set()));
	return set;
}

/** Serve this action's (or draft's) templates as files: GET shows URIs only. */
export function storeTemplatesAsFiles(store: OrgStore, actionId: string, draft = false): void {
	fileStored(store).add(templateKey(actionId, draft));
}

export function templatesAreFiles(store: OrgStore, actionId: string, draft = false): boolean {
	return fileStored(store).has(templateKey(actionId, draft));
}

/** A new draft is stored the way its published action is; a removed draft forgets it. */
export function copyTemplateStorageToDraft(store: OrgStore, actionId: string): void {
	if (templatesAreFiles(store, actionId)) storeTemplatesAsFiles(store, actionId, true);
}
export function forgetDraftTemplateStorage(store: OrgStore, actionId: string): void {
	fileStored(store).delete(templateKey(actionId, true));
}

const templateUri = (actionId: string, draft: boolean, file: string) =>
	`${BASE}/${actionId}${draft ? '/draft' : ''}/templates/${file}`;

/** What a GET shows of a stored config: for file-stored templates the URIs instead of the text. */
export function presentTemplates(store: OrgStore, config: JsonObject, actionId: string, draft: boolean): JsonObject {
	if (!templatesAreFiles(store, actionId, draft)) return config;
	const request = { ...(config.request ?? {}) };
	const response = { ...(config.response ?? {}) };
	delete request.requestTemplate;
	delete response.successTemplate;
	request.requestTemplateUri = templateUri(actionId, draft, REQUEST_TEMPLATE_FILE);
	response.successTemplateUri = templateUri(actionId, draft, SUCCESS_TEMPLATE_FILE);
	return { ...config, request, response };
}

/** The config a write stores: as sent, URIs dropped, and a template left out reset to its default. */
export function configAsStored(sent: JsonObject): JsonObject {
	const config = structuredClone(sent);
	const request = (config.request ??= {});
	const response = (config.response ??= {});
	delete request.requestTemplateUri;
	delete response.successTemplateUri;
	if (typeof request.requestTemplate !== 'string') request.requestTemplate = DEFAULT_REQUEST_TEMPLATE;
	if (typeof response.successTemplate !== 'string') response.successTemplate = DEFAULT_SUCCESS_TEMPLATE;
	return config;
}

function templateText(entity: JsonObject | undefined, fileName: string, what: string): string {
	if (!entity) throw new GenesysError(404, 'not.found', `${what} not found`);
	if (fileName === REQUEST_TEMPLATE_FILE) return String(entity.config?.request?.requestTemplate ?? DEFAULT_REQUEST_TEMPLATE);
	if (fileName === SUCCESS_TEMPLATE_FILE) return String(entity.config?.response?.successTemplate ?? DEFAULT_SUCCESS_TEMPLATE);
	throw new GenesysError(404, 'not.found', `${what} has no template file ${fileName}`, { fileName });
}

const text = (body: string) => ({ status: 200, body, headers: { 'Content-Type': 'text/plain; charset=UTF-8' } });

export const dataActionTemplateHandlers: HandlerMap = {
	getIntegrationsActionTemplate: (ctx) => {
		const { actionId, fileName } = ctx.params;
		return text(templateText(ctx.store.actions.get(actionId), fileName, `Action ${actionId}`));
	},

	getIntegrationsActionDraftTemplate: (ctx) => {
		const { actionId, fileName } = ctx.params;
		if (!ctx.store.actions.has(actionId)) throw new GenesysError(404, 'not.found', `Action ${actionId} not found`);
		return text(templateText(ctx.store.actionDrafts.get(actionId), fileName, `The draft of action ${actionId}`));
	},
};
