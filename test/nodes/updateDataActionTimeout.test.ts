/**
 * Issue 4 acceptance: Update Data Action Timeout through n8n's engine against the emulator.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, INTEGRATIONS, generateBulkActions, seedDataActions } from '../emulator/fixtures/dataActions';
import { dataActionHandlers } from '../emulator/resources/dataActions';
import { functionConfigOf } from '../emulator/resources/dataActionFunctions';
import type { HandlerMap, JsonObject } from '../emulator/types';
import { GenesysError } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const NODE = 'genesysCloudUpdateDataActionTimeout';
const WRITES = new Set(['PATCH', 'POST', 'PUT', 'DELETE']);

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;

/** One read of the current actions map, to compare before and after. */
const snapshot = () => structuredClone(Object.fromEntries(emulator.store.actions));

beforeEach(async () => {
	emulator = await startEmulator({ seed: (store) => seedDataActions(store) });
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	// fetch the token up front so request counts below are the node's own
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator });
});
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const byName = (name: string) => ({ __rl: true, mode: 'name', value: name });

function run(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) {
	return runNode({
		nodeType: NODE,
		parameters: { mode: 'published', options: {}, ...parameters },
		credentialStore,
		emulator,
		...extra,
	});
}

const writes = (requests: { method: string; path: string }[]) =>
	requests.filter((r) => WRITES.has(r.method) && r.path.startsWith('/api/'));

test('3 s → 10 s updates the action, verified from the PATCH answer (3 calls: read, integration kind, write)', async () => {
	const before = emulator.store.actions.get(DATA_ACTION_IDS.crmLookup)!;
	expect(before.config.timeoutSeconds).toBe(3);
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10 });
	expect(result.error).toBeUndefined();
	expect(result.items).toEqual([
		{
			runId: expect.stringMatching(/^exec-.+:Update Data Action Timeout$/),
			actionId: DATA_ACTION_IDS.crmLookup,
			actionName: 'CRM Lookup',
			category: 'CRM',
			mode: 'published',
			outcome: 'changed',
			before: 3,
			after: 10,
			changed: true,
			version: 5,
			dryRun: false,
			apiCalls: 3,
		},
	]);
	expect(result.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
		`GET /api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`,
		`GET /api/v2/integrations/${INTEGRATIONS.webServices.id}`,
		`PATCH /api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`,
	]);
	expect(emulator.store.actions.get(DATA_ACTION_IDS.crmLookup)!.config.timeoutSeconds).toBe(10);
	expect(result.output[0].pairedItem).toEqual({ item: 0 });
});

test('request and response templates, headers and every other field are deep-equal before and after', async () => {
	const before = snapshot();
	await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10 });
	const after = snapshot();
	const { timeoutSeconds: t0, ...configBefore } = before[DATA_ACTION_IDS.crmLookup].config;
	const { timeoutSeconds: t1, ...configAfter } = after[DATA_ACTION_IDS.crmLookup].config;
	expect([t0, t1]).toEqual([3, 10]);
	expect(configAfter).toEqual(configBefore);
	const strip = (action: JsonObject) => ({ ...action, config: undefined, version: undefined });
	expect(strip(after[DATA_ACTION_IDS.crmLookup])).toEqual(strip(before[DATA_ACTION_IDS.crmLookup]));
	delete before[DATA_ACTION_IDS.crmLookup];
	delete after[DATA_ACTION_IDS.crmLookup];
	expect(after).toEqual(before);
});

test('an equal value makes exactly one request after the token, and no write', async () => {
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 3 });
	expect(result.requests).toHaveLength(1);
	expect(result.items[0]).toMatchObject({ changed: false, before: 3, after: 3, apiCalls: 1 });
});

test.each([
	['0', 0],
	['61', 61],
	['2.5', 2.5],
	['"abc"', 'abc'],
	['an empty expression', '={{ "" }}'],
	['an expression resolving to undefined', '={{ $json.missing }}'],
])('timeout %s fails before any request, naming the range', async (_label, value) => {
	const before = snapshot();
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: value });
	expect(result.error?.message).toMatch(/^Timeout \(Seconds\) must be a whole number from 1 to 60 seconds, got /);
	expect(result.requests).toHaveLength(0);
	expect(snapshot()).toEqual(before);
});

test('dry run reports the change and writes nothing', async () => {
	const before = snapshot();
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10, options: { dryRun: true } });
	expect(result.items[0]).toMatchObject({ changed: false, dryRun: true, current: 3, wouldSetTo: 10 });
	expect(writes(result.requests)).toHaveLength(0);
	expect(snapshot()).toEqual(before);
});

test('a name shared by two actions fails listing both IDs and categories', async () => {
	const result = await run({ dataAction: byName('Lookup Account'), timeoutSeconds: 10 });
	expect(result.error?.message).toContain('2 data actions are named "Lookup Account"');
	expect(result.error?.message).toContain(`${DATA_ACTION_IDS.lookupAccountSalesforce} (category Salesforce)`);
	expect(result.error?.message).toContain(`${DATA_ACTION_IDS.lookupAccountCrm} (category CRM)`);
	expect(writes(result.requests)).toHaveLength(0);
});

test('a partial-name match is not taken for an exact one', async () => {
	// "Get Customer" also matches "Get Customer By Phone" and "Get Customer (Legacy)" on the server
	const exact = await run({ dataAction: byName('Get Customer'), timeoutSeconds: 12 });
	expect(exact.error).toBeUndefined();
	expect(exact.items[0]).toMatchObject({ actionId: DATA_ACTION_IDS.getCustomer, changed: true, after: 12 });
	const none = await run({ dataAction: byName('Get Cust'), timeoutSeconds: 12 });
	expect(none.error?.message).toBe('No data action is named exactly "Get Cust"');
	expect(writes(none.requests)).toHaveLength(0);
});

test.each([409, 400] as const)('a stale version (answered %s) once, then success', async (status) => {
	await emulator.close();
	// A concurrent editor bumps the version right after the node's first read.
	let bumped = false;
	const racingRead: HandlerMap = {
		getIntegrationsAction: async (ctx) => {
			const answer = await dataActionHandlers.getIntegrationsAction(ctx);
			if (!bumped) {
				bumped = true;
				ctx.store.actions.get(ctx.params.actionId)!.version += 1;
			}
			return answer;
		},
	};
	emulator = await startEmulator({ seed: (store) => seedDataActions(store), handlers: [racingRead] });
	emulator.store.behaviour.staleVersionStatus = status;
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10 });
	expect(result.error).toBeUndefined();
	const patches = result.requests.filter((r) => r.method === 'PATCH');
	expect(patches.map((r) => r.status)).toEqual([status, 200]);
	expect((patches[1].body as JsonObject).version).toBe(5);
	expect(result.items[0]).toMatchObject({ changed: true, after: 10, version: 6 });
});

test('draft mode leaves the published action unchanged and the draft holding the new value', async () => {
	const publishedBefore = structuredClone(emulator.store.actions.get(DATA_ACTION_IDS.crmLookup));
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 20, mode: 'draft' });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({
		mode: 'draft',
		before: 3,
		after: 20,
		publishedTimeout: 3,
		draftCreated: true,
		draftValid: true,
		changed: true,
	});
	expect(emulator.store.actions.get(DATA_ACTION_IDS.crmLookup)).toEqual(publishedBefore);
	expect(emulator.store.actionDrafts.get(DATA_ACTION_IDS.crmLookup)!.config.timeoutSeconds).toBe(20);
	expect(result.requests.some((r) => r.path.endsWith('/draft/publish'))).toBe(false);
	// a second run reuses the draft and, with the value already there, writes nothing
	const again = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 20, mode: 'draft' });
	expect(again.items[0]).toMatchObject({ changed: false, draftCreated: false });
	expect(writes(again.requests)).toHaveLength(0);
});

test('a built-in (static_) action fails clearly before any request', async () => {
	const before = snapshot();
	const builtIn = await run({ dataAction: byId(DATA_ACTION_IDS.staticGetUser), timeoutSeconds: 10 });
	expect(builtIn.error?.message).toContain('is a built-in (static) action');
	expect(builtIn.requests).toHaveLength(0);
	expect(snapshot()).toEqual(before);
});

test('the picker lists matching actions across pages, each with its category', async () => {
	await emulator.close();
	emulator = await startEmulator({
		seed: (store) => {
			seedDataActions(store);
			for (const action of generateBulkActions(120)) store.actions.set(action.id, action);
		},
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	const { loadListSearch } = await import('../harness/loadOptions');
	const pages = [];
	let token: string | undefined;
	do {
		const page = await loadListSearch({ nodeType: NODE, method: 'searchDataActions', filter: 'Bulk', paginationToken: token, credentialStore });
		pages.push(page);
		token = page.paginationToken as string | undefined;
	} while (token);
	const names = pages.flatMap((page) => page.results.map((r) => r.name));
	expect(pages.length).toBeGreaterThan(1);
	expect(names).toHaveLength(120);
	expect(names[0]).toMatch(/^Bulk Action \d+ \(.+\)$/);
});

test('50 items updating 50 actions in one run give 50 correct outputs', async () => {
	const bulk = generateBulkActions(50);
	for (const action of bulk) emulator.store.actions.set(action.id, action);
	const items = bulk.map((action, index) => ({ id: action.id, timeout: (index % 60) + 1 }));
	const result = await run({ dataAction: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, timeoutSeconds: '={{ $json.timeout }}' }, { items });
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(50);
	result.items.forEach((item, index) => {
		expect(item.actionId).toBe(items[index].id);
		expect(item.after).toBe(items[index].timeout);
		expect(emulator.store.actions.get(items[index].id)!.config.timeoutSeconds).toBe(items[index].timeout);
		expect(result.output[index].pairedItem).toEqual({ item: index });
	});
});

test('two items on the same action in draft mode run in order: the draft is created once, then reused', async () => {
	const result = await run(
		{ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: '={{ $json.t }}', mode: 'draft' },
		{ items: [{ t: 20 }, { t: 25 }] },
	);
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => [i.draftCreated, i.before, i.after])).toEqual([
		[true, 3, 20],
		[false, 20, 25],
	]);
	expect(result.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
});

// ---- Audit §8.2: data action templates -------------------------------------------------------------------------

const ACTIONS = '/api/v2/integrations/actions';
const paths = (requests: { method: string; path: string }[]) => requests.map((r) => `${r.method} ${r.path}`);

/** Restart the emulator with handler overrides (the seeded org is the same). */
async function restartWith(handlers: HandlerMap[]) {
	await emulator.close();
	emulator = await startEmulator({ seed: (store) => seedDataActions(store), handlers });
	credentialStore = newCredentialStore(emulatorCredential(emulator));
}

test('[fidelity] an action whose GET shows only template URIs keeps both templates: they are read as text and sent inline, never parsed', async () => {
	const id = DATA_ACTION_IDS.createCase;
	const before = structuredClone(emulator.store.actions.get(id)!);
	const result = await run({ dataAction: byId(id), timeoutSeconds: 12 });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ before: 5, after: 12, changed: true });
	// the stored config is the one before, with only the timeout changed: no template fell back to the default
	expect(emulator.store.actions.get(id)!.config).toEqual({ ...before.config, timeoutSeconds: 12 });
	expect(paths(result.requests)).toEqual(expect.arrayContaining([
		`GET ${ACTIONS}/${id}/templates/requesttemplate.vm`,
		`GET ${ACTIONS}/${id}/templates/successtemplate.vm`,
	]));
	const patch = result.requests.find((r) => r.method === 'PATCH')!;
	const config = (patch.body as JsonObject).config;
	// the request template is itself valid JSON: it must go back as the same string, not as a parsed object
	expect(config.request.requestTemplate).toBe('{"subject": "${input.subject}", "priority": "normal"}');
	expect(config.response.successTemplate).toBe('{"caseId": ${caseId}}');
	expect(config.request.requestTemplateUri).toBeUndefined();
	expect(config.response.successTemplateUri).toBeUndefined();
});

test('[fidelity] draft mode reads the draft\'s templates from …/draft/templates and keeps them in the draft', async () => {
	const id = DATA_ACTION_IDS.createCase;
	const before = structuredClone(emulator.store.actions.get(id)!);
	const result = await run({ dataAction: byId(id), timeoutSeconds: 12, mode: 'draft' });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ after: 12, draftCreated: true, changed: true });
	expect(paths(result.requests)).toEqual(expect.arrayContaining([
		`GET ${ACTIONS}/${id}/draft/templates/requesttemplate.vm`,
		`GET ${ACTIONS}/${id}/draft/templates/successtemplate.vm`,
	]));
	expect(paths(result.requests).some((p) => p.includes(`${id}/templates/`))).toBe(false);
	expect(emulator.store.actionDrafts.get(id)!.config).toEqual({ ...before.config, timeoutSeconds: 12 });
	expect(emulator.store.actions.get(id)).toEqual(before);
});

test('[fidelity] if a template cannot be read, nothing is written', async () => {
	const id = DATA_ACTION_IDS.createCase;
	const before = snapshot();
	emulator.injectFault({ match: `${ACTIONS}/${id}/templates/successtemplate.vm`, status: 404 });
	const result = await run({ dataAction: byId(id), timeoutSeconds: 12 });
	expect(result.error?.message).toContain('404');
	expect(result.error?.description).toContain('successtemplate.vm');
	expect(result.error?.description).toContain('nothing was written');
	expect(writes(result.requests)).toHaveLength(0);
	expect(snapshot()).toEqual(before);
});

// ---- Audit §8.3, §8.4: kinds of data action ---------------------------------------------------------------------

test('[fidelity] a custom-authentication action (customAuth_-_ ID) is refused before any request', async () => {
	const before = snapshot();
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.customAuth), timeoutSeconds: 10 });
	expect(result.error?.message).toBe(`Data action ${DATA_ACTION_IDS.customAuth} is a custom authentication action; it takes no timeout`);
	expect(result.requests).toHaveLength(0);
	expect(snapshot()).toEqual(before);
});

test('[fidelity] a function data action gets its timeout written, with its function settings and a warning when the function\'s own timeout is lower', async () => {
	const id = DATA_ACTION_IDS.calculateLoyalty;
	const result = await run({ dataAction: byId(id), timeoutSeconds: 10 });
	expect(result.error).toBeUndefined();
	expect(emulator.store.actions.get(id)!.config.timeoutSeconds).toBe(10);
	expect(result.items[0]).toMatchObject({
		changed: true,
		after: 10,
		actionKind: 'function',
		functionSettings: { timeoutSeconds: 8, timeoutIsDefault: false, runtime: 'nodejs22.x', handler: 'src/index.handler' },
		warning: expect.stringContaining("function's own timeout is 8 s, lower than the 10 s"),
	});
	expect(paths(result.requests)).toEqual([
		`GET ${ACTIONS}/${id}`,
		`GET /api/v2/integrations/${INTEGRATIONS.functions.id}`,
		`GET ${ACTIONS}/${id}/function`,
		`PATCH ${ACTIONS}/${id}`,
	]);
	// a requested timeout the function's own allows gives no warning
	const within = await run({ dataAction: byId(id), timeoutSeconds: 6 });
	expect(within.items[0]).toMatchObject({ changed: true, actionKind: 'function', functionSettings: { timeoutSeconds: 8 } });
	expect(within.items[0].warning).toBeUndefined();
});

test('[fidelity] a function data action named so by its category (as Terraform tells) needs no integration read; the function default is 15 s', async () => {
	const id = DATA_ACTION_IDS.calculateLeadScore;
	const result = await run({ dataAction: byId(id), timeoutSeconds: 12 });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ actionKind: 'function', functionSettings: { timeoutSeconds: 15, timeoutIsDefault: true } });
	expect(result.items[0].warning).toBeUndefined();
	expect(paths(result.requests)).toEqual([`GET ${ACTIONS}/${id}`, `GET ${ACTIONS}/${id}/function`, `PATCH ${ACTIONS}/${id}`]);
});

test('[fidelity] draft mode reads a function action\'s draft function settings', async () => {
	const id = DATA_ACTION_IDS.calculateLoyalty;
	functionConfigOf(emulator.store, id)!.function.timeoutSeconds = 12;
	const result = await run({ dataAction: byId(id), timeoutSeconds: 14, mode: 'draft' });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ actionKind: 'function', functionSettings: { timeoutSeconds: 12 }, draftCreated: true, after: 14 });
	expect(result.items[0].warning).toContain('12 s');
	expect(paths(result.requests)).toContain(`GET ${ACTIONS}/${id}/draft/function`);
	expect(paths(result.requests)).not.toContain(`GET ${ACTIONS}/${id}/function`);
	expect(emulator.store.actionDrafts.get(id)!.config.timeoutSeconds).toBe(14);
});

test('[fidelity] a 400 that mentions "function" is Genesys\'s own error, not translated into an invented refusal', async () => {
	await restartWith([{
		patchIntegrationsAction: () => {
			throw new GenesysError(400, 'bad.request', 'The function runtime nodejs14.x is no longer supported');
		},
	}]);
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10 });
	expect(result.error?.message).toContain('The function runtime nodejs14.x is no longer supported');
	expect(result.error?.message).not.toContain('is a function data action');
	expect(result.error?.httpCode).toBe('400');
});

// ---- Issue 12: draft messages, drafts this run is not sure it created, no green run hiding a failed write ---------

const invalidDraft: HandlerMap = {
	getIntegrationsActionDraftValidation: () => ({
		status: 200,
		body: { valid: false, errors: [{ message: 'config.request.requestUrlTemplate: host not allowed', code: 'bad.request', status: 400 }] },
	}),
};

test('[review] draft mode: a draft this run created that fails validation is deleted, and the message says only that', async () => {
	await restartWith([invalidDraft]);
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 20, mode: 'draft' });
	expect(result.error?.message).toContain('does not validate: config.request.requestUrlTemplate: host not allowed');
	expect(result.error?.description).toContain('The draft this run had created was deleted again');
	expect(result.error?.description).not.toMatch(/fix the draft|delete it in Genesys/i);
	expect(emulator.store.actionDrafts.has(DATA_ACTION_IDS.crmLookup)).toBe(false);
});

test('[review] draft mode: a draft that existed before and fails validation is kept, and the message asks to fix or delete it', async () => {
	await restartWith([invalidDraft]);
	const id = DATA_ACTION_IDS.crmLookup;
	emulator.store.actionDrafts.set(id, { ...structuredClone(emulator.store.actions.get(id)!), version: 1 });
	const result = await run({ dataAction: byId(id), timeoutSeconds: 20, mode: 'draft' });
	expect(result.error?.description).toContain('existed before this run');
	expect(result.error?.description).toMatch(/fix it or delete it in Genesys Cloud/);
	expect(result.error?.description).not.toContain('deleted again');
	expect(emulator.store.actionDrafts.get(id)!.config.timeoutSeconds).toBe(20);
});

test('[review] draft mode: after a lost create answer, a draft found afterwards may be another writer\'s and is never deleted', async () => {
	const id = DATA_ACTION_IDS.crmLookup;
	// Another writer creates the draft (with its own change) while this run's create gets no usable answer.
	await restartWith([invalidDraft, {
		postIntegrationsActionDraft: (ctx) => {
			const draft = { ...structuredClone(ctx.store.actions.get(id)!), version: 1, name: 'CRM Lookup (their edit)' };
			ctx.store.actionDrafts.set(id, draft);
			throw new GenesysError(503, 'service.unavailable', 'Service Unavailable');
		},
	}]);
	const result = await run({ dataAction: byId(id), timeoutSeconds: 20, mode: 'draft' });
	expect(result.error).toBeDefined();
	expect(emulator.store.actionDrafts.get(id)?.name).toBe('CRM Lookup (their edit)');
	expect(result.requests.some((r) => r.method === 'DELETE')).toBe(false);
	expect(result.error?.description).toMatch(/may be this run's or another writer's/);
});

test('[review] with Continue On Fail off, a write Genesys refuses fails the node, naming the change already applied', async () => {
	emulator.injectFault({ method: 'PATCH', match: `${ACTIONS}/${DATA_ACTION_IDS.getCustomer}`, status: 403 });
	const result = await run(
		{ dataAction: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, timeoutSeconds: 25 },
		{ items: [{ id: DATA_ACTION_IDS.crmLookup }, { id: DATA_ACTION_IDS.getCustomer }] },
	);
	expect(result.error?.httpCode).toBe('403');
	expect(result.items).toEqual([]);
	expect(result.error?.description).toContain(`data action ${DATA_ACTION_IDS.crmLookup} timeout 3 → 25 s`);
	expect(emulator.store.actions.get(DATA_ACTION_IDS.getCustomer)!.config.timeoutSeconds).toBe(10);
	// with Continue On Fail on, the failed item is an output item carrying the error
	emulator.injectFault({ method: 'PATCH', match: `${ACTIONS}/${DATA_ACTION_IDS.getCustomer}`, status: 403 });
	const continued = await run({ dataAction: byId(DATA_ACTION_IDS.getCustomer), timeoutSeconds: 26 }, { continueOnFail: true });
	expect(continued.error).toBeUndefined();
	expect(continued.items[0]).toMatchObject({ httpStatus: 403 });
	expect(continued.items[0].changed).toBeUndefined();
});

// ---- Issue 14: fewer calls per change (the PATCH answer is the verification; a separate read is an option) -------

test('calls per change: the PATCH answer verifies by default; the integration kind is read once per run and integration', async () => {
	const ids = [DATA_ACTION_IDS.crmLookup, DATA_ACTION_IDS.getCustomer, DATA_ACTION_IDS.getCustomerLegacy];
	const result = await run(
		{ dataAction: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, timeoutSeconds: 33 },
		{ items: ids.map((id) => ({ id })) },
	);
	expect(result.error).toBeUndefined();
	const count = (method: string, path: string) => result.requests.filter((r) => r.method === method && r.path === path).length;
	for (const id of ids) {
		expect(count('GET', `${ACTIONS}/${id}`)).toBe(1);
		expect(count('PATCH', `${ACTIONS}/${id}`)).toBe(1);
		expect(emulator.store.actions.get(id)!.config.timeoutSeconds).toBe(33);
	}
	expect(count('GET', `/api/v2/integrations/${INTEGRATIONS.webServices.id}`)).toBe(1);
	expect(result.requests).toHaveLength(7); // 3 reads + 3 writes + 1 integration read
	expect(result.items.map((i) => i.after)).toEqual([33, 33, 33]);
});

test('calls per change: "Verify With a Separate Read" adds one read after the write', async () => {
	const id = DATA_ACTION_IDS.crmLookup;
	const result = await run({ dataAction: byId(id), timeoutSeconds: 10, options: { verifyWithRead: true } });
	expect(result.error).toBeUndefined();
	expect(paths(result.requests)).toEqual([
		`GET ${ACTIONS}/${id}`,
		`GET /api/v2/integrations/${INTEGRATIONS.webServices.id}`,
		`PATCH ${ACTIONS}/${id}`,
		`GET ${ACTIONS}/${id}`,
	]);
	expect(result.items[0]).toMatchObject({ after: 10, changed: true, version: 5, apiCalls: 4 });
});

test('calls per change: a PATCH answer without the config is verified with a read instead', async () => {
	await restartWith([{
		patchIntegrationsAction: async (ctx) => {
			const answer = await dataActionHandlers.patchIntegrationsAction(ctx);
			const rest = { ...(answer.body as JsonObject) };
			delete rest.config;
			return { ...answer, body: rest };
		},
	}]);
	const id = DATA_ACTION_IDS.crmLookup;
	const result = await run({ dataAction: byId(id), timeoutSeconds: 10 });
	expect(result.error).toBeUndefined();
	expect(paths(result.requests).filter((p) => p === `GET ${ACTIONS}/${id}`)).toHaveLength(2);
	expect(result.items[0]).toMatchObject({ after: 10, changed: true });
});

test('calls per change: a PATCH answer showing another timeout fails the item, never reported as done', async () => {
	await restartWith([{
		patchIntegrationsAction: async (ctx) => {
			const answer = await dataActionHandlers.patchIntegrationsAction(ctx);
			return { ...answer, body: { ...(answer.body as JsonObject), config: { ...(answer.body as JsonObject).config, timeoutSeconds: 45 } } };
		},
	}]);
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10 });
	expect(result.error?.message).toContain('shows a timeout of 45 s after being set to 10 s');
	expect(result.items).toEqual([]);
});
