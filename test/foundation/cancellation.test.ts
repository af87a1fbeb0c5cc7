/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test code runs in Node and jest, outside n8n */
/**
 * Issue 17: stopping an execution, end to end. n8n-core cancels a running execution by aborting
 * its signal (the harness does what n8n's Stop button does). Every wait the package has stops at
 * once, raises the one "The execution was cancelled" error, and leaves no timer behind: a
 * Retry-After wait, End ACW's wait for after-call work, a queue PUT's retry and a request queued
 * at the pacer. The waits here are minutes long, so a wait that ignored the signal would hold the
 * test past its timeout.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { addConversation } from '../emulator/fixtures/conversations';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { queueWrapupCodes } from '../emulator/resources/wrapupCodes';
import type { JsonObject } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let queueId: string;
let credentialStore: ReturnType<typeof newCredentialStore>;

beforeAll(async () => {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			queueId = seedRoutingOrg(store, { queueCount: 2, conversations: false }).queues[0].id;
		},
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator }); // the token, first
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.clearFaults();
	emulator.clearRequests();
});

/**
 * The timers the package starts during a run (its waits: n8n's `sleep`, called from dist/nodes,
 * uses the global setTimeout), and which of them are still pending: neither fired nor cleared.
 */
const realSetTimeout = global.setTimeout;
const realClearTimeout = global.clearTimeout;

function watchTimers(from: string) {
	const pending = new Map<unknown, number>();
	const started: number[] = [];
	let waitStarted: (ms: number) => void = () => {};
	const waiting = new Promise<number>((resolve) => (waitStarted = resolve));
	global.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
		const handle = realSetTimeout((...callbackArgs: unknown[]) => {
			pending.delete(handle);
			callback(...callbackArgs);
		}, ms, ...args);
		// the package's own waits: started from the built nodes (n8n's sleep called by them)
		const limit = Error.stackTraceLimit;
		Error.stackTraceLimit = 50;
		const stack = new Error().stack ?? '';
		Error.stackTraceLimit = limit;
		if (stack.includes('/dist/nodes/')) {
			pending.set(handle, ms ?? 0);
			started.push(ms ?? 0);
			if (stack.includes(from)) waitStarted(ms ?? 0);
		}
		return handle;
	}) as typeof setTimeout;
	global.clearTimeout = ((handle?: Parameters<typeof clearTimeout>[0]) => {
		pending.delete(handle);
		realClearTimeout(handle);
	}) as typeof clearTimeout;
	return {
		started,
		/** resolves when the package starts a wait from the file `from` */
		waiting,
		pending: () => [...pending.values()],
		restore: () => {
			global.setTimeout = realSetTimeout;
			global.clearTimeout = realClearTimeout;
		},
	};
}

/**
 * Runs the node and cancels it as soon as the package starts a wait (`minMs` or longer); checks
 * the one error, and that the wait's timer was cleared, not left to fire.
 */
async function runAndCancel(options: Parameters<typeof runNode>[0], from: string, ms: number) {
	const timers = watchTimers(from);
	try {
		const result = await runNode({ ...options, cancelWhen: timers.waiting });
		expect(result.error?.message).toBe('The execution was cancelled');
		expect(await timers.waiting).toBeGreaterThanOrEqual(ms);
		expect(timers.pending()).toEqual([]);
		return result;
	} finally {
		timers.restore();
	}
}

test("[safety] End ACW's wait for after-call work stops when the execution is cancelled", async () => {
	const conversation = addConversation(emulator.store, { queueId, prompt: 'mandatory', state: 'connected' });
	const code = queueWrapupCodes(emulator.store, queueId)[0] as JsonObject;
	const result = await runAndCancel(
		{
			nodeType: 'genesysCloudEndAcw',
			parameters: {
				conversationId: conversation.conversationId,
				participant: 'owesWrapup',
				whenInAcw: 'applyWrapup',
				wrapupCode: { __rl: true, mode: 'id', value: code.id },
				options: { baseDelaySeconds: 60, maxWaitSeconds: 600, ifNotInAcwYet: 'waitThenFail' },
			},
			credentialStore,
			emulator,
		},
		'/actions/endAcw.js',
		60_000,
	);
	expect(result.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
}, 20_000);

test("[safety] a queue PUT's retry stops when the execution is cancelled", async () => {
	emulator.injectFault({ match: 'putRoutingQueue', status: 503, count: Infinity });
	const result = await runAndCancel(
		{
			nodeType: 'genesysCloudUpsertQueueOverride',
			parameters: { queue: { __rl: true, mode: 'id', value: queueId }, wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '99', options: {} },
			credentialStore,
			emulator,
		},
		'/execution/writeFromFreshRead.js',
		1000 * 0.5,
	);
	// the queue's own retry never reached its budget of 4 PUTs
	expect(result.requests.filter((r) => r.method === 'PUT').length).toBeLessThan(4);
}, 20_000);

// its 429 pauses this OAuth client's pacer for 170 s, for every later request of this file
test('[safety] a Retry-After wait stops when the execution is cancelled', async () => {
	emulator.injectFault({ match: 'getTokensMe', status: 429, retryAfter: 170 });
	const result = await runAndCancel(
		{ nodeType: 'genesysProbe', parameters: { method: 'GET', path: '/api/v2/tokens/me' }, credentialStore, emulator },
		// the retry's own wait (the pacer's waits are n8n sleeps of their own, not this one)
		'/transport/cancellableSleep.js',
		170_000,
	);
	expect(result.requests.filter((r) => r.path.startsWith('/api/'))).toHaveLength(1);
}, 20_000);

// last: a request queued at the pacer, which the Retry-After just before paused for 170 s
test('[safety] a request queued at the pacer stops when the execution is cancelled', async () => {
	const result = await runAndCancel(
		{ nodeType: 'genesysProbe', parameters: { method: 'GET', path: '/api/v2/tokens/me' }, credentialStore, emulator },
		'/transport/requestPacer.js',
		20_000,
	);
	expect(result.requests.filter((r) => r.path.startsWith('/api/'))).toHaveLength(0);
}, 20_000);
