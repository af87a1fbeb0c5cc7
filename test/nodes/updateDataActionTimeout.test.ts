/**
 * Issue 4 acceptance: Update Data Action Timeout through n8n's engine against the emulator.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, generateBulkActions, seedDataActions } from '../emulator/fixtures/dataActions';
import { dataActionHandlers } from '../emulator/resources/dataActions';
import type { HandlerMap, JsonObject } from '../emulator/types';
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

test('3 s → 10 s updates the action, and the read-back shows 10', async () => {
	const before = emulator.store.actions.get(DATA_ACTION_IDS.crmLookup)!;
	expect(before.config.timeoutSeconds).toBe(3);
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10 });
	expect(result.error).toBeUndefined();
	expect(result.items).toEqual([
		{
			actionId: DATA_ACTION_IDS.crmLookup,
			actionName: 'CRM Lookup',
			category: 'CRM',
			mode: 'published',
			timeoutBefore: 3,
			timeoutAfter: 10,
			changed: true,
			version: 5,
			dryRun: false,
			apiCalls: 3,
		},
	]);
	expect(result.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
		`GET /api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`,
		`PATCH /api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`,
		`GET /api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`,
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
	expect(result.items[0]).toMatchObject({ changed: false, timeoutBefore: 3, timeoutAfter: 3, apiCalls: 1 });
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
	expect(result.items[0]).toMatchObject({ changed: false, dryRun: true, timeoutBefore: 3, wouldSetTo: 10 });
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
	expect(exact.items[0]).toMatchObject({ actionId: DATA_ACTION_IDS.getCustomer, changed: true, timeoutAfter: 12 });
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
	expect(result.items[0]).toMatchObject({ changed: true, timeoutAfter: 10, version: 6 });
});

test('draft mode leaves the published action unchanged and the draft holding the new value', async () => {
	const publishedBefore = structuredClone(emulator.store.actions.get(DATA_ACTION_IDS.crmLookup));
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 20, mode: 'draft' });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({
		mode: 'draft',
		timeoutBefore: 3,
		timeoutAfter: 20,
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

test('built-in, custom-authentication and function actions fail clearly and nothing is written', async () => {
	const before = snapshot();
	const builtIn = await run({ dataAction: byId(DATA_ACTION_IDS.staticGetUser), timeoutSeconds: 10 });
	expect(builtIn.error?.message).toContain('is a built-in (static) action');
	expect(builtIn.requests).toHaveLength(0);
	const customAuth = await run({ dataAction: byId(DATA_ACTION_IDS.customAuth), timeoutSeconds: 10 });
	expect(customAuth.error?.message).toContain('is a custom authentication action');
	const fn = await run({ dataAction: byId(DATA_ACTION_IDS.calculateLoyalty), timeoutSeconds: 10 });
	expect(fn.error?.message).toContain('function data action; its timeout is set in the function settings (1 to 15 seconds)');
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
		expect(item.timeoutAfter).toBe(items[index].timeout);
		expect(emulator.store.actions.get(items[index].id)!.config.timeoutSeconds).toBe(items[index].timeout);
		expect(result.output[index].pairedItem).toEqual({ item: index });
	});
});

test('draft mode on an action Genesys refuses a timeout for removes the draft it created, so nothing is changed', async () => {
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.calculateLoyalty), timeoutSeconds: 10, mode: 'draft' });
	expect(result.error?.message).toContain('function data action');
	expect(result.error?.description).toContain('The draft this run had created was deleted again; nothing was changed.');
	expect(emulator.store.actionDrafts.has(DATA_ACTION_IDS.calculateLoyalty)).toBe(false);
	expect(result.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'GET', 'PATCH', 'DELETE']);
});

test('two items on the same action in draft mode run in order: the draft is created once, then reused', async () => {
	const result = await run(
		{ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: '={{ $json.t }}', mode: 'draft' },
		{ items: [{ t: 20 }, { t: 25 }] },
	);
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => [i.draftCreated, i.timeoutBefore, i.timeoutAfter])).toEqual([
		[true, 3, 20],
		[false, 20, 25],
	]);
	expect(result.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
});
