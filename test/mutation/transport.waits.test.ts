/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in Node and jest, outside n8n */
/**
 * Issue 17, mutation testing: the transport's waits, its one cancellation error and Retry-After
 * parsing, on the built modules. Each test kills mutants that survived `npm run mutate`, or that no
 * test of the transport group reached (see test/MUTATION.md).
 */
import type { INode } from 'n8n-workflow';

// the built modules, as the nodes use them (loaded at run time: the lint of a fresh clone has no dist/)
const { cancellableSleep } = jest.requireActual<typeof import('../../nodes/shared/transport/cancellableSleep')>(
	'../../dist/nodes/shared/transport/cancellableSleep',
);
const { executionCancelledError, unlessCancelled } = jest.requireActual<typeof import('../../nodes/shared/transport/cancellation')>(
	'../../dist/nodes/shared/transport/cancellation',
);
const { parseRetryAfterSeconds } = jest.requireActual<typeof import('../../nodes/shared/transport/retryPolicy')>(
	'../../dist/nodes/shared/transport/retryPolicy',
);

const node: INode = {
	id: 'n1',
	name: 'Genesys Probe',
	type: 'genesysProbe',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const never = () => new Promise<never>(() => {});

test('[safety] a wait without a cancel signal reports that it waited', async () => {
	await expect(cancellableSleep(1)).resolves.toBe(true);
});

test('[safety] a wait on an execution already cancelled reports the cancellation', async () => {
	const cancel = new AbortController();
	cancel.abort();
	await expect(cancellableSleep(60_000, cancel.signal)).resolves.toBe(false);
	await expect(cancellableSleep(0, cancel.signal)).resolves.toBe(false);
});

test('[safety] waiting on a request stops at once when the execution was already cancelled', async () => {
	const cancel = new AbortController();
	cancel.abort();
	await expect(unlessCancelled(never(), cancel.signal)).resolves.toBe(false);
});

test('[safety] the one cancellation error names the item', () => {
	const error = executionCancelledError(node, 3);
	expect(error.message).toBe('The execution was cancelled');
	expect(error.context.itemIndex).toBe(3);
});

describe('a wait on fake timers (no real time passes)', () => {
	beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
	afterEach(() => jest.useRealTimers());

	test('[safety] a backoff waits its whole delay before it reports that it waited', async () => {
		const cancel = new AbortController();
		let waited: boolean | undefined;
		void cancellableSleep(1000, cancel.signal).then((result) => (waited = result));
		await jest.advanceTimersByTimeAsync(999);
		expect(waited).toBeUndefined();
		await jest.advanceTimersByTimeAsync(1);
		expect(waited).toBe(true);
	});

	test('[safety] a wait cancelled midway reports the cancellation at once and leaves no timer behind', async () => {
		const cancel = new AbortController();
		let waited: boolean | undefined;
		void cancellableSleep(60_000, cancel.signal).then((result) => (waited = result));
		await jest.advanceTimersByTimeAsync(10);
		cancel.abort();
		await jest.advanceTimersByTimeAsync(0);
		expect(waited).toBe(false);
		expect(jest.getTimerCount()).toBe(0);
	});
});

describe('Retry-After as an HTTP date (API-NOTES §2.4)', () => {
	afterEach(() => jest.useRealTimers());

	test('[safety] is the seconds from now until that date', () => {
		jest.useFakeTimers({ now: Date.parse('2026-11-30T04:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
		expect(parseRetryAfterSeconds('Mon, 30 Nov 2026 04:00:20 GMT')).toBe(20);
		// a date in the past means: go now
		expect(parseRetryAfterSeconds('Mon, 30 Nov 2026 03:59:00 GMT')).toBe(0);
	});

	test('[safety] a header that is neither seconds nor a date is no Retry-After', () => {
		expect(parseRetryAfterSeconds('soon')).toBeUndefined();
		expect(parseRetryAfterSeconds('')).toBeUndefined();
		expect(parseRetryAfterSeconds('-5')).toBe(0);
	});
});

describe('waiting on a request in flight', () => {
	test('[safety] without a cancel signal it waits for the request and reports that it waited', async () => {
		await expect(unlessCancelled(Promise.resolve('answer'))).resolves.toBe(true);
	});

	test('[safety] it stops as soon as the execution is cancelled while waiting, and leaves no listener', async () => {
		const { getEventListeners } = await import('node:events');
		const cancel = new AbortController();
		const waiting = unlessCancelled(never(), cancel.signal);
		await Promise.resolve();
		expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(1);
		cancel.abort();
		await expect(waiting).resolves.toBe(false);
		expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
	});

	test('[safety] a request that settles leaves no listener on the cancel signal', async () => {
		const { getEventListeners } = await import('node:events');
		const cancel = new AbortController();
		await expect(unlessCancelled(Promise.resolve(), cancel.signal)).resolves.toBe(true);
		expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
	});
});
