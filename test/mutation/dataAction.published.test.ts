/**
 * Issue 17, mutation testing: what "Update Published Action" reports and sends, through n8n's
 * engine against the emulator: dry-run records, a failed or different read-back, a write that
 * keeps meeting a stale version, an action read without its configuration, another writer
 * setting the same value first, and a draft write with half a contract.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import { dataActionHandlers } from '../emulator/resources/dataActions';
import type { HandlerMap, JsonObject } from '../emulator/types';
import { GenesysError } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const ACTIONS = '/api/v2/integrations/actions';
const ID = DATA_ACTION_IDS.crmLookup; // timeout 3 s, version 4

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;

async function start(options: { handlers?: HandlerMap[]; validateResponses?: boolean } = {}) {
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
const patches = (requests: Array<{ method: string; path: string }>) => requests.filter((r) => r.method === 'PATCH' && r.path === `${ACTIONS}/${ID}`);

describe('records without a write', () => {
	test('[safety] an equal timeout is "unchanged": a real run shows before and after, a dry run current and wouldSetTo', async () => {
		await start();
		const real = await run({ dataAction: byId(ID), timeoutSeconds: 3 });
		expect(real.items[0]).toMatchObject({ outcome: 'unchanged', before: 3, after: 3, changed: false });
		const dry = await run({ dataAction: byId(ID), timeoutSeconds: 3, options: { dryRun: true } });
		expect(dry.items[0]).toMatchObject({ outcome: 'unchanged', current: 3, wouldSetTo: 3, changed: false });
		expect(dry.items[0]).not.toHaveProperty('before');
		expect(dry.items[0]).not.toHaveProperty('after');
	});

	test('[safety] a dry run whose Only If Current Timeout Is does not hold is a conflict showing the current timeout', async () => {
		await start();
		const result = await run({ dataAction: byId(ID), timeoutSeconds: 8, options: { dryRun: true, onlyIfCurrentTimeout: '5' } });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ outcome: 'conflict', current: 3, found: 3, changed: false });
		expect(result.items[0]).not.toHaveProperty('before');
		expect(result.items[0]).not.toHaveProperty('after');
		expect(result.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
	});
});

describe('after the write', () => {
	test('[safety] a read-back that fails after the write says the change was accepted, from what to what, and why it is not verified', async () => {
		await start();
		emulator.injectFault({ method: 'GET', match: `${ACTIONS}/${ID}`, status: 403, skip: 1 });
		const result = await run({ dataAction: byId(ID), timeoutSeconds: 10, options: { verifyWithRead: true } });
		expect(result.error?.message).toBe(`Data action ${ID} was set to 10 s but could not be read back to verify`);
		expect(result.error?.description).toBe(
			'Genesys accepted the change (timeout 3 → 10 s); the read-back failed: Genesys Cloud answered 403 (not.authorized): You are not authorized to perform the requested action.',
		);
		expect(emulator.store.actions.get(ID)!.config.timeoutSeconds).toBe(10);
	});

	test('[safety] a read-back showing another timeout than the write\'s answer says it was the read-back', async () => {
		// another writer sets 45 s right after this write was answered
		await start({
			handlers: [{
				patchIntegrationsAction: async (ctx) => {
					const answer = await dataActionHandlers.patchIntegrationsAction(ctx);
					ctx.store.actions.get(ID)!.config.timeoutSeconds = 45;
					return answer;
				},
			}],
		});
		const result = await run({ dataAction: byId(ID), timeoutSeconds: 10, options: { verifyWithRead: true } });
		expect(result.error?.message).toBe(`Data action ${ID} reads back a timeout of 45 s after being set to 10 s`);
		expect(result.error?.description).toBe(
			'Genesys accepted the change but a read-back shows another value: another writer may have changed the action at the same time.',
		);
	});

	test('[safety] a write answer showing another timeout says it was the answer to the write', async () => {
		await start({
			handlers: [{
				patchIntegrationsAction: async (ctx) => {
					const answer = await dataActionHandlers.patchIntegrationsAction(ctx);
					return { ...answer, body: { ...(answer.body as JsonObject), config: { ...(answer.body as JsonObject).config, timeoutSeconds: 45 } } };
				},
			}],
		});
		const result = await run({ dataAction: byId(ID), timeoutSeconds: 10 });
		expect(result.error?.message).toBe(`Data action ${ID} shows a timeout of 45 s after being set to 10 s`);
		expect(result.error?.description).toBe(
			'Genesys accepted the change but its answer to the write shows another value: another writer may have changed the action at the same time.',
		);
	});
});

describe('stale versions', () => {
	test('[safety] three stale-version refusals in a row are read again and written a fourth time', async () => {
		await start();
		emulator.injectFault({ method: 'PATCH', match: `${ACTIONS}/${ID}`, status: 409, count: 3 });
		const result = await run({ dataAction: byId(ID), timeoutSeconds: 10 });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ outcome: 'changed', before: 3, after: 10 });
		expect(patches(result.requests)).toHaveLength(4);
		expect(emulator.store.actions.get(ID)!.config.timeoutSeconds).toBe(10);
	});

	test('[safety] a version that stays stale gives up after four attempts, saying nothing was written', async () => {
		await start();
		emulator.injectFault({ method: 'PATCH', match: `${ACTIONS}/${ID}`, status: 409, count: Infinity });
		const result = await run({ dataAction: byId(ID), timeoutSeconds: 10 });
		expect(result.error?.httpCode).toBe('409');
		expect(result.error?.description).toBe(
			'The action kept changing while this node wrote it: version conflict after 4 attempts. Nothing was written by this item.',
		);
		expect(patches(result.requests)).toHaveLength(4);
		expect(emulator.store.actions.get(ID)!.config.timeoutSeconds).toBe(3);
	});

	test('[safety] when another writer set the same timeout before a stale write, the fresh read is taken and nothing is written again', async () => {
		await start({
			handlers: [{
				patchIntegrationsAction: (ctx) => {
					const action = ctx.store.actions.get(ID)!;
					action.config.timeoutSeconds = ctx.body.config.timeoutSeconds;
					action.version += 1;
					throw new GenesysError(409, 'conflict', 'Version 4 does not match the current version 5');
				},
			}],
		});
		const result = await run({ dataAction: byId(ID), timeoutSeconds: 10 });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ outcome: 'changed', before: 3, after: 10, version: 5 });
		expect(patches(result.requests)).toHaveLength(1);
	});
});

test('[safety] an action read without its configuration is not written, and the message says why', async () => {
	await start({
		handlers: [{
			getIntegrationsAction: async (ctx) => {
				const answer = await dataActionHandlers.getIntegrationsAction(ctx);
				const rest = { ...(answer.body as JsonObject) };
				delete rest.config;
				return { ...answer, body: rest };
			},
		}],
	});
	const result = await run({ dataAction: byId(ID), timeoutSeconds: 10 });
	expect(result.error?.message).toBe(`Genesys returned data action ${ID} without its configuration`);
	expect(result.error?.description).toBe('Writing back a partial configuration would erase its request and response templates, so nothing was written.');
	expect(result.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
});

test('[safety] a draft whose contract lacks its success schema is written without a contract, never with half of one', async () => {
	await start();
	const action = emulator.store.actions.get(ID)!;
	delete action.contract.output.successSchema;
	const result = await run({ dataAction: byId(ID), timeoutSeconds: 10, mode: 'draft' });
	expect(result.error).toBeUndefined();
	const patch = result.requests.find((r) => r.method === 'PATCH' && r.path === `${ACTIONS}/${ID}/draft`);
	expect(patch).toBeDefined();
	expect(patch!.body).not.toHaveProperty('contract');
});
