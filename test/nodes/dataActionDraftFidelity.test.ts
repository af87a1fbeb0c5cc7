/**
 * Issue 19 (API-NOTES §8.10): a draft write carries `contract` and `secure` as read, as Terraform's
 * draft update does, because the emulator (like a Genesys that replaces what a draft write omits)
 * would otherwise clear them.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import type { JsonObject } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;

beforeEach(async () => {
	emulator = await startEmulator({ seed: (store) => seedDataActions(store) });
	credentialStore = newCredentialStore(emulatorCredential(emulator));
});
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const run = (parameters: Record<string, unknown>) =>
	runNode({ nodeType: 'genesysCloudUpdateDataActionTimeout', parameters: { mode: 'draft', options: {}, ...parameters }, credentialStore, emulator });

describe('[fidelity] draft writes keep contract and secure (§8.10)', () => {
	test.each([
		['a new draft of a secure action', false],
		['an existing draft of a secure action', true],
	])('[fidelity] %s keeps secure: true and its contract', async (_label, draftFirst) => {
		const id = DATA_ACTION_IDS.createTicket;
		const published = structuredClone(emulator.store.actions.get(id)!);
		expect(published.secure).toBe(true);
		if (draftFirst) emulator.store.actionDrafts.set(id, { ...structuredClone(published), version: 3 });
		const result = await run({ dataAction: byId(id), timeoutSeconds: 25 });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ after: 25, changed: true });
		const patch = result.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/draft'));
		expect(patch?.body).toMatchObject({
			secure: true,
			contract: { input: { inputSchema: published.contract.input.inputSchema }, output: { successSchema: published.contract.output.successSchema } },
		});
		const draft = emulator.store.actionDrafts.get(id) as JsonObject;
		expect(draft.secure).toBe(true);
		expect(draft.contract).toEqual(published.contract);
		expect(draft.config.timeoutSeconds).toBe(25);
		// the published action's PATCH takes neither (UpdateActionInput)
		const publishedRun = await runNode({
			nodeType: 'genesysCloudUpdateDataActionTimeout',
			parameters: { mode: 'published', options: {}, dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 11 },
			credentialStore,
			emulator,
		});
		const published2 = publishedRun.requests.find((r) => r.method === 'PATCH');
		expect(Object.keys(published2?.body as JsonObject).sort()).toEqual(['category', 'config', 'name', 'version']);
	});
});
