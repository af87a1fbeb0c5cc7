/**
 * Issue 17, mutation testing: Update Data Action Timeout before its first write, through n8n's
 * engine against the emulator: the name lookup (the filter it sends, the hints when none or several
 * match, a built-in action found by name), the options read, and each refusal's description and item.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import type { JsonObject } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;

beforeEach(async () => {
	emulator = await startEmulator({ rateLimitPerMinute: 0, seed: (store) => seedDataActions(store) });
	credentialStore = newCredentialStore(emulatorCredential(emulator));
});
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const byName = (name: string) => ({ __rl: true, mode: 'name', value: name });
const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ nodeType: 'genesysCloudUpdateDataActionTimeout', parameters: { mode: 'published', options: {}, ...parameters }, credentialStore, emulator, ...extra });
const writes = (requests: Array<{ method: string; path: string }>) => requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/'));

/** A copy of a seeded action under another ID and name (and without a category when asked). */
function addAction(id: string, name: string, withoutCategory = false): JsonObject {
	const action = { ...structuredClone(emulator.store.actions.get(DATA_ACTION_IDS.crmLookup)!), id, name } as JsonObject;
	if (withoutCategory) delete action.category;
	emulator.store.actions.set(id, action);
	return action;
}

test('[safety] a name is looked up with Genesys\'s name filter, then compared exactly', async () => {
	const result = await run({ dataAction: byName('CRM Lookup'), timeoutSeconds: 10, options: { dryRun: true } });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ actionId: DATA_ACTION_IDS.crmLookup, outcome: 'wouldChange' });
	const listings = result.requests.filter((r) => r.path === '/api/v2/integrations/actions');
	expect(listings.map((r) => r.query.name)).toEqual(['CRM Lookup']);
});

test('[safety] a name no action has, or one several have, fails with the hint for each case, and nothing is written', async () => {
	const none = await run({ dataAction: byName('No Such Action'), timeoutSeconds: 10 });
	expect(none.error?.message).toBe('No data action is named exactly "No Such Action"');
	expect(none.error?.description).toMatch(/^Names are compared exactly, including case and spaces\. Pick the action from the list to see the names Genesys Cloud has, or give its ID\./);

	const twin = addAction('custom_-_0b7d4f7e-0000-4000-8000-0000000000d1', 'CRM Lookup', true);
	const several = await run({ dataAction: byName('CRM Lookup'), timeoutSeconds: 10 });
	expect(several.error?.message).toMatch(/^2 data actions are named "CRM Lookup": /);
	expect(several.error?.message).toContain(`${DATA_ACTION_IDS.crmLookup} (category CRM)`);
	expect(several.error?.message).toContain(`${String(twin.id)} (category none)`);
	expect(several.error?.description).toMatch(/^Pick the one you mean by ID, from the list, or by its URL\./);
	expect(writes([...none.requests, ...several.requests])).toHaveLength(0);
});

test('[safety] a built-in action found by its name is refused before it is read, and nothing is written', async () => {
	const builtIn = addAction('static_-_0b7d4f7e-0000-4000-8000-0000000000d2', 'Built-in Lookup');
	const result = await run({ dataAction: byName('Built-in Lookup'), timeoutSeconds: 10 });
	expect(result.error?.message).toBe(`Data action ${String(builtIn.id)} is a built-in (static) action; its timeout cannot be changed`);
	expect(result.requests.filter((r) => r.path === `/api/v2/integrations/actions/${String(builtIn.id)}`)).toHaveLength(0);
	expect(writes(result.requests)).toHaveLength(0);
});

test.each([
	['a built-in action', DATA_ACTION_IDS.staticGetUser, /^Genesys Cloud does not allow built-in actions to be created, updated or deleted through the API\. Nothing was changed\./],
	['a custom-authentication action', DATA_ACTION_IDS.customAuth, /^Genesys Cloud creates this action for a Web Services integration with User Defined \(OAuth\) credentials, and a timeout is invalid for it \(ActionConfig\.timeoutSeconds\)\. Nothing was changed\./],
])('[safety] %s is refused with why, for the item it came from', async (_label, id, description) => {
	const result = await run({ dataAction: byId('={{ $json.id }}'), timeoutSeconds: 10 }, { items: [{ id: DATA_ACTION_IDS.crmLookup }, { id }], continueOnFail: true });
	expect(result.items[0]).toMatchObject({ outcome: 'changed' });
	expect(result.items[1].errorDescription).toMatch(description);
	expect(result.output[1].pairedItem).toEqual({ item: 1 });
	expect(result.items[1].error).toMatch(/^Data action \S+ is a (built-in|custom authentication)/);
});

test.each([
	['left as spaces', '  '],
	['an expression giving null', '={{ null }}'],
	['an expression giving undefined', '={{ undefined }}'],
])('[safety] "Only If Current Timeout Is" %s is no condition', async (_label, onlyIfCurrentTimeout) => {
	const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10, options: { onlyIfCurrentTimeout } });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'changed', after: 10 });
});

test('[safety] a timeout out of range says what Genesys takes; an unknown mode names the item', async () => {
	const range = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 61 });
	expect(`${range.error?.message} ${range.error?.description}`).toContain('Genesys Cloud data actions take a timeout in whole seconds, from 1 to 60 (config.timeoutSeconds).');
	const mode = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10, mode: '={{ $json.mode }}' }, { items: [{ mode: 'published' }, { mode: 'live' }] });
	expect(mode.error?.message).toBe('Mode must be "published" or "draft", got "live"');
	expect(mode.error?.context?.itemIndex).toBe(1);
	expect(writes([...range.requests])).toHaveLength(0);
});

test('[safety] an unknown mode is refused for the item it came from, by the action itself', async () => {
	// the engine's per-item runner would add the item too: this pins the action's own error
	const { updateTimeout } = jest.requireActual<typeof import('../../nodes/GenesysCloudUpdateDataActionTimeout/actions/updateTimeout')>(
		'../../dist/nodes/GenesysCloudUpdateDataActionTimeout/actions/updateTimeout',
	);
	const parameters: Record<string, unknown> = { timeoutSeconds: 10, mode: 'live' };
	const ctx = { getNode: () => ({ name: 'Update Data Action Timeout' }), getNodeParameter: (name: string, _item: number, fallback?: unknown) => parameters[name] ?? fallback };
	await expect(updateTimeout(ctx as never, 2)).rejects.toMatchObject({ message: 'Mode must be "published" or "draft", got "live"', context: { itemIndex: 2 } });
});
