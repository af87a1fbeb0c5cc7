/**
 * Issue 8: two executions at once sharing one credential (as two n8n workers in queue mode would)
 * over overlapping queues. Each worker paces itself; together they ask for more than the org's
 * limit, so Genesys answers 429s, which must be absorbed: both finish, nothing fails, and the
 * final state is the policy.
 */
import { startEmulator } from '../emulator/server';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import type { JsonObject } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

test('two executions on one credential over overlapping queues both finish at the policy, absorbing 429s', async () => {
	const policy = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 45000 };
	let queues: JsonObject[] = [];
	// a tight org limit, so the combined demand crosses it quickly
	const emulator = await startEmulator({
		rateLimitPerMinute: 20,
		seed: (store) => {
			queues = seedRoutingOrg(store, { queueCount: 12, conversations: false }).queues;
		},
	});
	try {
		// Both workers believe they may send 1,200 a minute: in separate processes their pacers
		// cannot see each other, which this reproduces in one process.
		const credentialStore = newCredentialStore(emulatorCredential(emulator, { requestsPerMinute: 1200 }));
		const parameters = { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '45', options: {} };
		const salesAndSupport = queues.filter((q) => /^(Sales|Support)/.test(q.name));
		const [first, second] = await Promise.all([
			runNode({ nodeType: 'genesysCloudSetAcwPolicy', parameters: { ...parameters, scope: 'all' }, credentialStore, emulator, executionId: 'worker-1' }),
			runNode({
				nodeType: 'genesysCloudSetAcwPolicy',
				parameters: { ...parameters, scope: 'list', queueIds: salesAndSupport.map((q) => q.id) },
				credentialStore,
				emulator,
				executionId: 'worker-2',
			}),
		]);
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(first.items.filter((i) => i.outcome === 'failed')).toEqual([]);
		expect(second.items.filter((i) => i.outcome === 'failed')).toEqual([]);
		for (const queue of emulator.store.queues.values()) expect(queue.acwSettings).toEqual(policy);
		expect(emulator.stats.rateLimited).toBeGreaterThan(0);
		expect(emulator.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
	} finally {
		await emulator.close();
	}
}, 240000);
