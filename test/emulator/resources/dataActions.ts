/**
 * Data actions (/api/v2/integrations/actions...): list/get/patch of published actions and the draft lifecycle,
 * per API-NOTES §3. Owns store.actions (published, by id) and store.actionDrafts (draft, by action id).
 * The spec validates shapes before a handler runs; here live the rules it cannot express (dataActionRules.ts).
 * Templates stored as files (URIs on GET, reset to the default when a write leaves them out) are in
 * dataActionTemplates.ts (§8.2); function settings in dataActionFunctions.ts (§8.4).
 */
import { GenesysError, HandlerMap, JsonObject, OrgStore, RouteContext, RouteResult } from '../types';
import { paginate } from '../core/paging';
import { errorBody } from '../core/errors';
import { actionKind, assertConfig, checkVersion, configProblems } from './dataActionRules';
import {
	configAsStored,
	copyTemplateStorageToDraft,
	forgetDraftTemplateStorage,
	presentTemplates,
} from './dataActionTemplates';
import { copyFunctionToDraft, forgetDraftFunction } from './dataActionFunctions';

const BASE = '/api/v2/integrations/actions';
/** "Limit of 50 Ids" (getIntegrationsActions `ids` description). */
const MAX_IDS = 50;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const clone = <T>(v: T): T => structuredClone(v);

function actionOr404(store: OrgStore, id: string): JsonObject {
	const action = store.actions.get(id);
	if (!action) throw new GenesysError(404, 'not.found', `Action ${id} not found`, { actionId: id });
	return action;
}

function draftOr404(store: OrgStore, id: string): JsonObject {
	actionOr404(store, id);
	const draft = store.actionDrafts.get(id);
	if (!draft) throw new GenesysError(404, 'not.found', `No draft exists for action ${id}`, { actionId: id });
	return draft;
}

function refuseStatic(store: OrgStore, action: JsonObject): void {
	if (actionKind(store, action) === 'static') {
		throw new GenesysError(400, 'bad.request', `Action ${action.id} is a static action and cannot be updated`);
	}
}

/**
 * What a client sees: config only with includeConfig=true (templates stored as files as URIs only), contract only
 * with expand=contract (single GETs), and with flatten=true the *Flattened contract fields instead of the plain ones.
 */
function present(
	store: OrgStore,
	action: JsonObject,
	query: RouteContext['query'],
	selfUri: string,
	allowContract: boolean,
): JsonObject {
	const out = clone(action);
	if (first(query.includeConfig) !== 'true') delete out.config;
	else if (out.config) out.config = presentTemplates(store, out.config, String(action.id), selfUri.endsWith('/draft'));
	if (!allowContract || first(query.expand) !== 'contract') delete out.contract;
	else if (first(query.flatten) === 'true') out.contract = flattenContract(out.contract);
	out.selfUri = selfUri;
	return out;
}

/** Genesys rewrites schemas into Architect's flat format; we only move them to the *Flattened fields. */
function flattenContract(contract: JsonObject | undefined): JsonObject | undefined {
	if (!contract) return contract;
	const { input = {}, output = {} } = contract;
	const flatOut: JsonObject = {};
	if (output.successSchema) flatOut.successSchemaFlattened = { schema: output.successSchema, arrayProperties: [] };
	if (output.errorSchema) flatOut.errorSchemaFlattened = { schema: output.errorSchema, arrayProperties: [] };
	return { input: input.inputSchema ? { inputSchemaFlattened: input.inputSchema } : {}, output: flatOut };
}

/** Filters and sort shared by the actions list and the drafts list. */
function listActions(ctx: RouteContext, source: Map<string, JsonObject>, selfUri: (id: string) => string): RouteResult {
	const { query, store } = ctx;
	let items = [...source.values()];

	const name = first(query.name)?.toLowerCase();
	if (name) items = items.filter((a) => String(a.name).toLowerCase().includes(name));
	const category = first(query.category)?.toLowerCase();
	if (category) items = items.filter((a) => String(a.category).toLowerCase() === category);
	const idsParam = first(query.ids);
	if (idsParam) {
		const ids = idsParam.split(',').map((s) => s.trim()).filter(Boolean);
		if (ids.length > MAX_IDS) {
			throw new GenesysError(400, 'bad.request', `ids accepts at most ${MAX_IDS} ids, got ${ids.length}`, { field: 'ids' });
		}
		items = items.filter((a) => ids.includes(a.id));
	}
	const secure = first(query.secure);
	if (secure !== undefined) items = items.filter((a) => Boolean(a.secure) === (secure === 'true'));
	// Auth actions "are not directly executable" and are hidden unless asked for (default 'false').
	if (first(query.includeAuthActions) !== 'true') items = items.filter((a) => actionKind(store, a) !== 'customAuth');

	const sortBy = first(query.sortBy) ?? 'name';
	const direction = first(query.sortOrder) === 'DESC' ? -1 : 1;
	items.sort((a, b) => direction * compare(a[sortBy], b[sortBy]) || compare(a.id, b.id));

	const page = paginate(items, query, ctx.baseUrl, BASE + (source === store.actionDrafts ? '/drafts' : ''));
	page.entities = page.entities.map((a) => present(store, a, query, selfUri(a.id), false));
	return { status: 200, body: page };
}

function compare(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === undefined || a === null) return 1;
	if (b === undefined || b === null) return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

/**
 * Apply the writable fields of UpdateActionInput / UpdateDraftInput; config is replaced whole, as sent, and a template
 * it leaves out falls back to the default (§8.2).
 */
function applyUpdate(target: JsonObject, body: JsonObject): void {
	if (body.name !== undefined) target.name = body.name;
	if (body.category !== undefined) target.category = body.category;
	if (body.config !== undefined) target.config = configAsStored(body.config);
	if (body.secure !== undefined) target.secure = body.secure;
	// UpdateDraftInput.contract is an ActionContractInput ({input: {inputSchema}, output: {successSchema}}).
	if (body.contract !== undefined) target.contract = clone(body.contract);
}

/**
 * Terraform's draft update sends `contract` and `secure` every time (API-NOTES §8.10); whether Genesys keeps or
 * clears what a draft PATCH omits is unverified. The emulator takes the harsher reading, so that a client that
 * omits them loses them: `secure` becomes false and the contract an empty one.
 */
function replaceOmitted(draft: JsonObject, body: JsonObject): void {
	if (body.secure === undefined) draft.secure = false;
	if (body.contract === undefined) {
		draft.contract = {
			input: { inputSchema: { type: 'object', properties: {} } },
			output: { successSchema: { type: 'object', properties: {} } },
		};
	}
}

function forgetDraft(store: OrgStore, actionId: string): void {
	forgetDraftTemplateStorage(store, actionId);
	forgetDraftFunction(store, actionId);
}

export const dataActionHandlers: HandlerMap = {
	getIntegrationsActions: (ctx) => listActions(ctx, ctx.store.actions, (id) => `${BASE}/${id}`),

	getIntegrationsActionsDrafts: (ctx) => listActions(ctx, ctx.store.actionDrafts, (id) => `${BASE}/${id}/draft`),

	getIntegrationsAction: (ctx) => {
		const action = actionOr404(ctx.store, ctx.params.actionId);
		return { status: 200, body: present(ctx.store, action, ctx.query, `${BASE}/${action.id}`, true) };
	},

	patchIntegrationsAction: (ctx) => {
		const action = actionOr404(ctx.store, ctx.params.actionId);
		refuseStatic(ctx.store, action);
		checkVersion(ctx.store, ctx.body.version, action.version);
		assertConfig(actionKind(ctx.store, action), ctx.body.config);
		applyUpdate(action, { name: ctx.body.name, category: ctx.body.category, config: ctx.body.config });
		action.version += 1;
		// The answer is the stored Action with its config (UpdateActionInput → Action, API-NOTES §3.1).
		return { status: 200, body: present(ctx.store, action, { includeConfig: 'true' }, `${BASE}/${action.id}`, false) };
	},

	deleteIntegrationsAction: (ctx) => {
		const action = actionOr404(ctx.store, ctx.params.actionId);
		refuseStatic(ctx.store, action);
		ctx.store.actions.delete(action.id);
		ctx.store.actionDrafts.delete(action.id);
		forgetDraft(ctx.store, action.id);
		return { status: 204 };
	},

	postIntegrationsActionDraft: (ctx) => {
		const action = actionOr404(ctx.store, ctx.params.actionId);
		refuseStatic(ctx.store, action);
		if (ctx.store.actionDrafts.has(action.id)) {
			throw new GenesysError(409, 'conflict', `A draft already exists for action ${action.id}; edit or delete it`);
		}
		// A draft starts as a copy of the published action with its own version counter.
		const draft = { ...clone(action), version: 1 };
		ctx.store.actionDrafts.set(action.id, draft);
		copyTemplateStorageToDraft(ctx.store, action.id);
		copyFunctionToDraft(ctx.store, action.id);
		return { status: 200, body: present(ctx.store, draft, { includeConfig: 'true' }, `${BASE}/${action.id}/draft`, false) };
	},

	getIntegrationsActionDraft: (ctx) => {
		const draft = draftOr404(ctx.store, ctx.params.actionId);
		return { status: 200, body: present(ctx.store, draft, ctx.query, `${BASE}/${draft.id}/draft`, true) };
	},

	patchIntegrationsActionDraft: (ctx) => {
		const draft = draftOr404(ctx.store, ctx.params.actionId);
		checkVersion(ctx.store, ctx.body.version, draft.version);
		assertConfig(actionKind(ctx.store, draft), ctx.body.config);
		applyUpdate(draft, ctx.body);
		replaceOmitted(draft, ctx.body);
		draft.version += 1;
		return { status: 200, body: present(ctx.store, draft, { includeConfig: 'true' }, `${BASE}/${draft.id}/draft`, false) };
	},

	deleteIntegrationsActionDraft: (ctx) => {
		const draft = draftOr404(ctx.store, ctx.params.actionId);
		ctx.store.actionDrafts.delete(draft.id);
		forgetDraft(ctx.store, draft.id);
		return { status: 204 };
	},

	getIntegrationsActionDraftValidation: (ctx) => {
		const draft = draftOr404(ctx.store, ctx.params.actionId);
		const problems = configProblems(actionKind(ctx.store, draft), draft.config ?? {});
		return {
			status: 200,
			body: { valid: problems.length === 0, errors: problems.map((p) => errorBody(400, 'bad.request', p)) },
		};
	},

	postIntegrationsActionDraftPublish: (ctx) => {
		const draft = draftOr404(ctx.store, ctx.params.actionId);
		const action = actionOr404(ctx.store, draft.id);
		checkVersion(ctx.store, ctx.body.version, draft.version);
		const [problem] = configProblems(actionKind(ctx.store, draft), draft.config ?? {});
		if (problem) throw new GenesysError(400, 'bad.request', `Draft is not valid and cannot be published: ${problem}`);
		applyUpdate(action, draft);
		action.version += 1;
		ctx.store.actionDrafts.delete(draft.id);
		forgetDraft(ctx.store, draft.id);
		return { status: 200, body: present(ctx.store, action, { includeConfig: 'true' }, `${BASE}/${action.id}`, false) };
	},
};
