/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in Node and jest, outside n8n */
/**
 * Issue 17, mutation testing: the pacer's and the adaptive share's rules that the engine tests and
 * the simulation do not pin: the burst each rate allows, a rate change or a pause while requests
 * wait, which credentials' rates still count, a cancelled request's place in the queue, and the
 * share law's boundaries with other settings. jest's fake clock drives Date.now and n8n's sleep.
 */
import { getEventListeners } from 'node:events';

// the built modules, as the nodes use them (loaded at run time: the lint of a fresh clone has no dist/)
const { getPacer, burstFor } = jest.requireActual<typeof import('../../nodes/shared/transport/requestPacer')>('../../dist/nodes/shared/transport/requestPacer');
const { AdaptiveShare, DEFAULT_LAW } = jest.requireActual<typeof import('../../nodes/shared/transport/adaptiveShare')>('../../dist/nodes/shared/transport/adaptiveShare');

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

let keys = 0;
const freshKey = () => `pacing-unit-${++keys}`;

test('[safety] the burst a rate allows: 1 under 100 a minute, then one more per 50, at most 4', () => {
	expect([60, 99, 100, 149, 150, 200, 300, 6000].map(burstFor)).toEqual([1, 1, 2, 2, 3, 4, 4, 4]);
});

test('[safety] a credential given alone keeps the default key of its rate: two rates on one client, the lower governs', () => {
	const key = freshKey();
	getPacer(key, 100);
	expect(getPacer(key, 300).requestsPerMinute).toBe(100);
});

test("[safety] a credential's rate counts for 10 minutes after its last request; a credential alone counts for ever", async () => {
	const key = freshKey();
	getPacer(key, 60, 'slow');
	await jest.advanceTimersByTimeAsync(10 * 60_000);
	expect(getPacer(key, 600, 'fast').requestsPerMinute).toBe(60); // exactly 10 minutes: still counts
	await jest.advanceTimersByTimeAsync(1);
	expect(getPacer(key, 600, 'fast').requestsPerMinute).toBe(600);

	const alone = getPacer(freshKey(), 60, 'only');
	await jest.advanceTimersByTimeAsync(60 * 60_000);
	expect(alone.requestsPerMinute).toBe(60);
});

test('[safety] a higher rate while a request waits moves its start earlier, and leaves no timer behind', async () => {
	const key = freshKey();
	const pacer = getPacer(key, 60, 'credential'); // 1,020 ms apart, no burst
	const t0 = Date.now();
	await pacer.acquire(); // the first starts at once
	let startedAt: number | undefined;
	const waiting = pacer.acquire().then(() => (startedAt = Date.now() - t0));
	await jest.advanceTimersByTimeAsync(100);
	// the same credential, now 600 a minute (102 ms apart, burst 4): GCRA moves the slot due at
	// 1,020 ms to 1,020 - 3 × 102 = 714 ms
	getPacer(key, 600, 'credential');
	await jest.advanceTimersByTimeAsync(700);
	await waiting;
	expect(startedAt).toBeGreaterThanOrEqual(714);
	expect(startedAt).toBeLessThanOrEqual(715);
	expect(jest.getTimerCount()).toBe(0); // the timer for the old slot is gone
});

test('[safety] a pause spends the burst: after it, waiters start spaced, not all at once', async () => {
	const pacer = getPacer(freshKey(), 300); // 204 ms apart, burst 4
	await pacer.acquire();
	await jest.advanceTimersByTimeAsync(5000); // idle: the burst is back
	const t0 = Date.now();
	pacer.pauseUntil(t0 + 1000);
	const starts: number[] = [];
	const all = Promise.all([0, 1, 2].map(async () => await pacer.acquire().then(() => starts.push(Date.now() - t0))));
	await jest.advanceTimersByTimeAsync(3000);
	await all;
	expect(starts[0]).toBe(1000);
	expect(starts[1]).toBeGreaterThanOrEqual(1204);
	expect(starts[2]).toBeGreaterThanOrEqual(1408);
});

test('[safety] a request whose execution is already cancelled gets no slot and takes none from the next', async () => {
	const pacer = getPacer(freshKey(), 60); // 1,020 ms apart, no burst
	const t0 = Date.now();
	await pacer.acquire();
	const cancelled = new AbortController();
	cancelled.abort();
	await expect(pacer.acquire(cancelled.signal)).resolves.toBe(false);
	let next: number | undefined;
	const waiting = pacer.acquire().then(() => (next = Date.now() - t0));
	await jest.advanceTimersByTimeAsync(5000);
	await waiting;
	expect(next).toBeGreaterThanOrEqual(1020);
	expect(next).toBeLessThan(1030);
});

test('[safety] a request that got its slot leaves no listener on the execution\'s signal', async () => {
	const pacer = getPacer(freshKey(), 600);
	const signal = new AbortController().signal;
	await expect(pacer.acquire(signal)).resolves.toBe(true);
	expect(getEventListeners(signal, 'abort')).toHaveLength(0);
});

describe('the share law under other settings than the default', () => {
	const law = (overrides: Partial<typeof DEFAULT_LAW>) => ({ ...DEFAULT_LAW, quietMs: 0, climbMs: 1000, ...overrides });

	test('[safety] without acceleration the probe is linear in time; with it, the extra gain is late² / (2 × accelerateOverS)', () => {
		const linear = new AdaptiveShare(law({ accelerateAfterS: 0 }));
		linear.rateLimited(0, 0, 0); // share 0.8, level 0.9, climbing from 0 to 1 s
		expect(linear.at(1000 + 50_000)).toBeCloseTo(0.9 + 0.0006 * 0.9 ** 1.5 * 50, 9);

		const slow = new AdaptiveShare(law({ accelerateAfterS: 9, accelerateOverS: 2 }));
		slow.rateLimited(0, 0, 0);
		const late = 20 - 9 / 0.9;
		expect(slow.at(1000 + 20_000)).toBeCloseTo(0.9 + 0.0006 * 0.9 ** 1.5 * (20 + (late * late) / 4), 9);
	});

	test('[safety] a 429 of a request that started at the very moment of the last cut cuts again', () => {
		const share = new AdaptiveShare(law({}));
		share.rateLimited(100, 50, 100);
		expect(share.at(100)).toBeCloseTo(0.8, 9);
		share.rateLimited(100, 99, 100); // started before the cut: the same overload
		expect(share.at(100)).toBeCloseTo(0.8, 9);
		share.rateLimited(100, 100, 100); // started once the cut was in force: a new overload
		expect(share.at(100)).toBeCloseTo(0.8 * 0.7, 9);
	});

	test('[safety] a 429 just as the share is back at its level is a new overload (the normal cut), not a persisting one', () => {
		const share = new AdaptiveShare(law({ levelMargin: 0 }));
		share.rateLimited(0, 0, 0); // 0.8, and the level that held: 1 (no margin)
		expect(share.at(1000)).toBe(1); // back at the level when the climb ends
		share.rateLimited(1000, 1000, 1000);
		expect(share.at(1000)).toBeCloseTo(0.8, 9); // 0.7 if it counted as persisting
	});
});
