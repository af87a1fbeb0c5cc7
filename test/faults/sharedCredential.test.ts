/* eslint-disable no-console -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 8, issue 12 item 10: two n8n workers in queue mode are two OS processes. Here each is a
 * child process that loads n8n-core and the built package (test/multiprocess/worker.ts) and runs
 * one Set ACW Policy execution; both use one OAuth client against one emulator, over overlapping
 * queues. Each process has its own pacer, which believes it may send 1,200 a minute, while the
 * client's real limit is 20: the 429s that follow must be absorbed. Both finish, nothing fails, the
 * final state is the policy, and no process applied a queue PUT twice.
 */
import { startEmulator } from '../emulator/server';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import type { JsonObject } from '../emulator/types';
import { runWorkers } from '../multiprocess/childProcesses';
import { expectNoWriteAppliedTwice } from './invariants';

test('[review] two worker processes on one OAuth client over overlapping queues both finish at the policy, absorbing 429s', async () => {
	const policy = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 45000 };
	let queues: JsonObject[] = [];
	const emulator = await startEmulator({
		// about 30 API requests in all (2 per changed queue) against 20 a minute: 429s are certain
		rateLimitPerMinute: 20,
		seed: (store) => {
			queues = seedRoutingOrg(store, { queueCount: 12, conversations: false }).queues;
		},
	});
	try {
		const parameters = { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '45', options: {} };
		const salesAndSupport = queues.filter((q) => /^(Sales|Support)/.test(q.name));
		const credential = { requestsPerMinute: 1200 };
		const [first, second] = await runWorkers([
			{ emulatorUrl: emulator.url, credential, executions: [{ nodeType: 'genesysCloudSetAcwPolicy', parameters: { ...parameters, scope: 'all' } }] },
			{
				emulatorUrl: emulator.url,
				credential,
				executions: [{ nodeType: 'genesysCloudSetAcwPolicy', parameters: { ...parameters, scope: 'list', queueIds: salesAndSupport.map((q) => q.id) } }],
			},
		]);
		expect(first.pid).not.toBe(second.pid);
		for (const report of [first, second]) {
			expect(report.executions[0].error).toBeUndefined();
			expect(report.executions[0].items.length).toBeGreaterThan(0);
			expect(report.executions[0].items.filter((i) => i.outcome === 'failed')).toEqual([]);
		}
		for (const queue of emulator.store.queues.values()) expect(queue.acwSettings).toEqual(policy);
		console.log(`two worker processes: ${emulator.requests.length} requests, ${emulator.stats.rateLimited} answered 429`);
		expect(emulator.stats.rateLimited).toBeGreaterThan(0);
		// two processes, two tokens (one each) of the same client
		const api = emulator.requests.filter((r) => r.path.startsWith('/api/'));
		expect(new Set(api.map((r) => r.token)).size).toBe(2);
		expect(new Set(api.map((r) => r.clientId))).toEqual(new Set(['test-client-id']));
		expect(emulator.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(2);
		// both may write an overlapping queue once (each read it before the other wrote); neither twice
		for (const token of new Set(api.map((r) => r.token))) {
			expectNoWriteAppliedTwice(api.filter((r) => r.token === token), 'PUT', /^\/api\/v2\/routing\/queues\//);
		}
	} finally {
		await emulator.close();
	}
}, 240000);
