/**
 * Issue 17, mutation testing: what Update Data Action Timeout says about function data actions,
 * through n8n's engine against the emulator: the function's own settings and warning, an action
 * with no integration, and the descriptions of a failed (or cancelled) integration or function read.
 */
import { sleep } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, INTEGRATIONS, seedDataActions } from '../emulator/fixtures/dataActions';
import { functionConfigOf } from '../emulator/resources/dataActionFunctions';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const ACTIONS = '/api/v2/integrations/actions';
const FUNCTION_ID = DATA_ACTION_IDS.calculateLoyalty;

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;

async function start(options: { validateResponses?: boolean } = {}) {
	emulator = await startEmulator({ seed: (store) => seedDataActions(store), ...options });
	credentialStore = newCredentialStore(emulatorCredential(emulator));
}
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const run = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ nodeType: 'genesysCloudUpdateDataActionTimeout', parameters: { mode: 'published', options: {}, ...parameters }, credentialStore, emulator, ...extra });
const paths = (requests: Array<{ method: string; path: string }>) => requests.map((r) => `${r.method} ${r.path}`);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Resolves once the emulator has received a request on this path. */
const requested = async (path: string) => {
	while (!emulator.requests.some((r) => r.path === path)) await sleep(10);
};

describe('function settings in the output', () => {
	test('[safety] a function data action reports every function setting as read, and the whole warning text', async () => {
		await start();
		const result = await run({ dataAction: byId(FUNCTION_ID), timeoutSeconds: 10 });
		expect(result.error).toBeUndefined();
		expect(result.items[0].functionSettings).toEqual({
			timeoutSeconds: 8,
			timeoutIsDefault: false,
			runtime: 'nodejs22.x',
			handler: 'src/index.handler',
			description: 'Loyalty points for an order',
		});
		expect(result.items[0].warning).toBe(
			"The function's own timeout is 8 s, lower than the 10 s set on the action: the function may still stop first. It is a separate setting (1 to 15 s), changed in the function settings of the action.",
		);
	});

	test('[safety] a function whose timeout Genesys shows as null is on the default of 15 s', async () => {
		// null is not a number the spec allows: this emulator does not check its answers
		await start({ validateResponses: false });
		functionConfigOf(emulator.store, FUNCTION_ID)!.function.timeoutSeconds = null;
		const result = await run({ dataAction: byId(FUNCTION_ID), timeoutSeconds: 20 });
		expect(result.error).toBeUndefined();
		expect(result.items[0].functionSettings).toMatchObject({ timeoutSeconds: 15, timeoutIsDefault: true });
		expect(result.items[0].warning).toContain("The function's own timeout is 15 s, lower than the 20 s");
	});

	test('[safety] an action with no integration ID and an ordinary category is not a function data action: no integration or function read', async () => {
		await start();
		const id = DATA_ACTION_IDS.crmLookup;
		delete emulator.store.actions.get(id)!.integrationId;
		const result = await run({ dataAction: byId(id), timeoutSeconds: 10 });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ outcome: 'changed', after: 10 });
		expect(result.items[0]).not.toHaveProperty('actionKind');
		expect(result.items[0]).not.toHaveProperty('functionSettings');
		expect(paths(result.requests.filter((r) => r.path.startsWith('/api/')))).toEqual([`GET ${ACTIONS}/${id}`, `PATCH ${ACTIONS}/${id}`]);
	});
});

describe('a failed integration read', () => {
	const integrationPath = `/api/v2/integrations/${INTEGRATIONS.webServices.id}`;
	const explanation = `Reading the action's integration ${INTEGRATIONS.webServices.id} (to tell a function data action apart) failed, so nothing was written. The role needs integrations:integration:view.`;

	test('[safety] a failed integration read is not remembered: the next item (on the same action, so it runs after) asks again and is written', async () => {
		await start();
		emulator.injectFault({ method: 'GET', match: integrationPath, status: 403 });
		const id = DATA_ACTION_IDS.crmLookup;
		const result = await run({ dataAction: byId(id), timeoutSeconds: '={{ $json.timeout }}' }, { items: [{ timeout: 33 }, { timeout: 34 }], continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ httpStatus: 403 });
		expect(result.items[1]).toMatchObject({ actionId: id, outcome: 'changed', before: 3, after: 34 });
		expect(result.requests.filter((r) => r.path === integrationPath)).toHaveLength(2);
		expect(emulator.store.actions.get(id)!.config.timeoutSeconds).toBe(34);
	});

	test('[safety] items on two actions of one integration whose read is refused each get their own error, with the explanation once', async () => {
		await start();
		emulator.injectFault({ method: 'GET', match: integrationPath, status: 403, count: Infinity });
		const result = await run({ dataAction: byId('={{ $json.id }}'), timeoutSeconds: 33 }, { items: [{ id: DATA_ACTION_IDS.crmLookup }, { id: DATA_ACTION_IDS.getCustomer }], continueOnFail: true });
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item).toMatchObject({ httpStatus: 403 });
			expect(String(item.errorDescription).split(explanation)).toHaveLength(2);
		}
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
	});

	test('[safety] a refused integration read keeps the request summary, then says what was read and the permission', async () => {
		await start();
		emulator.injectFault({ method: 'GET', match: integrationPath, status: 403 });
		const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10 });
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toMatch(new RegExp(`^GET ${escape(integrationPath)} · 1 attempt · correlation ID \\S+ ${escape(explanation)}$`));
	});

	test('[safety] a cancelled integration read: the description is the explanation alone', async () => {
		await start();
		emulator.injectFault({ method: 'GET', match: integrationPath, latencyMs: 20_000 });
		const result = await run({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10 }, { cancelWhen: requested(integrationPath) });
		expect(result.error?.message).toBe('The execution was cancelled');
		expect(result.error?.description).toBe(explanation);
	}, 30_000);
});

describe("a failed read of the function's settings", () => {
	const explanation = (draft: boolean) =>
		`Data action ${FUNCTION_ID} is a function data action; reading its ${draft ? "draft's " : ''}function settings failed, so nothing was written. The role needs integrations:actionFunction:view.`;

	test.each([
		['published', false, `${ACTIONS}/${FUNCTION_ID}/function`],
		['draft', true, `${ACTIONS}/${FUNCTION_ID}/draft/function`],
	])('[safety] %s: a refused function read keeps the request summary, then names what was read and the permission', async (mode, draft, path) => {
		await start();
		const before = structuredClone(emulator.store.actions.get(FUNCTION_ID));
		emulator.injectFault({ method: 'GET', match: path, status: 403 });
		const result = await run({ dataAction: byId(FUNCTION_ID), timeoutSeconds: 10, mode });
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toMatch(new RegExp(`^GET ${escape(path)} · 1 attempt · correlation ID \\S+ ${escape(explanation(draft))}`));
		expect(result.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
		expect(emulator.store.actions.get(FUNCTION_ID)).toEqual(before);
	});

	test('[safety] a cancelled function read: the description is the explanation alone', async () => {
		await start();
		const path = `${ACTIONS}/${FUNCTION_ID}/function`;
		emulator.injectFault({ method: 'GET', match: path, latencyMs: 20_000 });
		const result = await run({ dataAction: byId(FUNCTION_ID), timeoutSeconds: 10 }, { cancelWhen: requested(path) });
		expect(result.error?.message).toBe('The execution was cancelled');
		expect(result.error?.description).toBe(explanation(false));
	}, 30_000);
});
