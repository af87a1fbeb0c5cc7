/**
 * Issue 17, mutation testing: what Update Data Action Timeout says when it cannot read a template
 * Genesys keeps as a file (API-NOTES §8.2), for the published action and for its draft, and when
 * that read is cancelled. Through n8n's engine against the emulator.
 */
import { sleep } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const ACTIONS = '/api/v2/integrations/actions';
const ID = DATA_ACTION_IDS.createCase;

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
const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ nodeType: 'genesysCloudUpdateDataActionTimeout', parameters: { mode: 'published', options: {}, ...parameters }, credentialStore, emulator, ...extra });
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const explanation = (where: string) =>
	`Reading the template successtemplate.vm of ${where} failed, so nothing was written: a write without the template's text would reset it to the default.`;

test.each([
	['published', 'the action', `${ACTIONS}/${ID}/templates/successtemplate.vm`],
	['draft', "the action's draft", `${ACTIONS}/${ID}/draft/templates/successtemplate.vm`],
])('[safety] %s: a refused template read keeps the request summary, then names the file and where it was read', async (mode, where, path) => {
	const before = structuredClone(emulator.store.actions.get(ID));
	emulator.injectFault({ method: 'GET', match: path, status: 403 });
	const result = await run({ dataAction: byId(ID), timeoutSeconds: 12, mode });
	expect(result.error?.httpCode).toBe('403');
	expect(result.error?.description).toMatch(new RegExp(`^GET ${escape(path)} · 1 attempt · correlation ID \\S+ ${escape(explanation(where))}`));
	expect(result.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
	expect(emulator.store.actions.get(ID)).toEqual(before);
});

test('[safety] a cancelled template read: the description is the explanation alone', async () => {
	const path = `${ACTIONS}/${ID}/templates/requesttemplate.vm`;
	emulator.injectFault({ method: 'GET', match: path, latencyMs: 20_000 });
	const reading = (async () => {
		while (!emulator.requests.some((r) => r.path === path)) await sleep(10);
	})();
	const result = await run({ dataAction: byId(ID), timeoutSeconds: 12 }, { cancelWhen: reading });
	expect(result.error?.message).toBe('The execution was cancelled');
	expect(result.error?.description).toBe(explanation('the action').replace('successtemplate.vm', 'requesttemplate.vm'));
}, 30_000);
