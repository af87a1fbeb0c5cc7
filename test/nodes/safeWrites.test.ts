/**
 * Issue 17: the write-then-re-read loop of Upsert Queue Override through n8n's engine against the
 * emulator. A retry plans from the fresh read (never from the first one), and the PUT's answer
 * verifies only when it carries ACW settings.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { seedDivisions } from '../emulator/fixtures/divisions';
import { seedQueues } from '../emulator/fixtures/queues';
import { GenesysError, type JsonObject, type RouteContext, type HandlerMap } from '../emulator/types';
import { queueHandlers } from '../emulator/resources/queues';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

// the built module, as the nodes use it
const { hasAcwSettings } = jest.requireActual<typeof import('../../nodes/shared/acw/applyQueueAcw')>('../../dist/nodes/shared/acw/applyQueueAcw');

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queue: JsonObject;

async function start(handlers: HandlerMap) {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDivisions(store);
			queue = seedQueues(store, { count: 1 })[0];
		},
		handlers: [handlers],
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator }); // the token, first
}

afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const override = (parameters: Record<string, unknown>) =>
	runNode({
		nodeType: 'genesysCloudUpsertQueueOverride',
		parameters: { queue: { __rl: true, mode: 'id', value: queue.id }, options: {}, ...parameters },
		credentialStore,
		emulator,
	});

test('[safety] a retry after a failed PUT recomputes "keep current" from the fresh read: another writer\'s 90 s is kept, not reverted to 30 s', async () => {
	let failedOnce = false;
	await start({
		putRoutingQueue: (ctx: RouteContext) => {
			if (!failedOnce) {
				failedOnce = true;
				// another writer sets the timeout to 90 s; then this PUT fails without being applied
				ctx.store.queues.get(ctx.params.queueId)!.acwSettings = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 };
				throw new GenesysError(503, 'service.unavailable', 'Service Unavailable');
			}
			return queueHandlers.putRoutingQueue(ctx);
		},
	});
	emulator.store.queues.get(queue.id)!.acwSettings = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 };
	// change the prompt, keep the current timeout (empty)
	const result = await override({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '' });
	expect(result.error).toBeUndefined();
	expect(result.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'PUT 503', 'GET 200', 'PUT 200']);
	expect((result.requests[3].body as JsonObject).acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 90000 });
	expect(emulator.store.queues.get(queue.id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 90000 });
	expect(result.items[0]).toMatchObject({
		changed: true,
		before: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 },
		after: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: 90 },
	});
}, 30_000);

test('[safety] a PUT answered without acwSettings is verified by a read', async () => {
	await start({
		putRoutingQueue: (ctx: RouteContext) => {
			const answer = queueHandlers.putRoutingQueue(ctx) as { status: number; body: JsonObject };
			delete answer.body.acwSettings;
			return answer;
		},
	});
	const result = await override({ wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '77' });
	expect(result.error).toBeUndefined();
	expect(result.requests.map((r) => `${r.method} ${r.operationId}`)).toEqual(['GET getRoutingQueue', 'PUT putRoutingQueue', 'GET getRoutingQueue']);
	expect(result.items[0]).toMatchObject({ changed: true, after: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 77 }, apiCalls: 3 });
});

test('[safety] an answer whose acwSettings is null carries no settings to verify from', () => {
	// (the emulator's spec check refuses to send null, so the rule is checked on the built function)
	expect(hasAcwSettings({ id: 'q', acwSettings: null })).toBe(false);
	expect(hasAcwSettings({ id: 'q' })).toBe(false);
	expect(hasAcwSettings(null)).toBe(false);
	expect(hasAcwSettings({ id: 'q', acwSettings: { wrapupPrompt: 'OPTIONAL' } })).toBe(true);
	emulator = { responseValidationErrors: [], close: async () => {} } as unknown as Emulator;
});

test('[safety] a PATCH of the org switches answered 503 is not resent blindly: the settings are read again, and another writer\'s switch is kept', async () => {
	const { conversationSettingsHandlers } = await import('../emulator/resources/conversationSettings');
	let failedOnce = false;
	await start({
		patchConversationsSettings: (ctx: RouteContext) => {
			if (!failedOnce) {
				failedOnce = true;
				// another writer turns on another switch; then this PATCH fails without being applied
				ctx.store.conversationSettings.allowCallbackQueueSelection = true;
				throw new GenesysError(503, 'service.unavailable', 'Service Unavailable');
			}
			return conversationSettingsHandlers.patchConversationsSettings(ctx);
		},
	});
	emulator.store.conversationSettings.allowCallbackQueueSelection = false;
	emulator.store.conversationSettings.completeAcwWhenAgentTransitionsOffline = false;
	const result = await runNode({
		nodeType: 'genesysCloudSetAcwPolicy',
		parameters: { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120', scope: 'list', queueIds: queue.id, orgSwitches: { completeAcwWhenAgentTransitionsOffline: true }, options: {} },
		credentialStore,
		emulator,
	});
	const settingsCalls = result.requests.filter((r) => r.path === '/api/v2/conversations/settings').map((r) => `${r.method} ${r.status}`);
	expect(settingsCalls).toEqual(['GET 200', 'PATCH 503', 'GET 200', 'PATCH 204', 'GET 200']);
	expect(emulator.store.conversationSettings).toMatchObject({ allowCallbackQueueSelection: true, completeAcwWhenAgentTransitionsOffline: true });
}, 30_000);
