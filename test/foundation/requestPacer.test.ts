/**
 * The pacer spaces request starts under the credential's rate, and after a 429 holds back every
 * request of that client, including those already waiting for a slot. A controlled clock (jest's
 * fake timers drive both Date.now and the timers behind n8n's sleep) makes every figure exact,
 * however loaded the machine is.
 */
// the built modules, as the nodes use them
import { getPacer } from '../../dist/nodes/shared/transport/requestPacer';
import { cancellableSleep } from '../../dist/nodes/shared/transport/cancellableSleep';

beforeEach(() => {
	jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
	jest.useRealTimers();
});

let keys = 0;
const freshKey = () => `pacer-test-${++keys}`;

/** Starts `count` acquisitions at once; returns their start times (ms after `t0`), in order of start. */
function startAll(pacer: ReturnType<typeof getPacer>, count: number, t0: number, signals: (AbortSignal | undefined)[] = []) {
	const starts: { index: number; at: number; started: boolean }[] = [];
	const done = Array.from({ length: count }, (_, index) =>
		pacer.acquire(signals[index]).then((started) => void starts.push({ index, at: Date.now() - t0, started })),
	);
	return { starts, done: Promise.all(done) };
}

test('request starts are spaced by the rate (with 2% headroom)', async () => {
	const pacer = getPacer(freshKey(), 600); // 100 ms apart, 102.04 ms with headroom
	const t0 = Date.now();
	const { starts, done } = startAll(pacer, 5, t0);
	await jest.advanceTimersByTimeAsync(1000);
	await done;
	const at = starts.map((s) => s.at);
	expect(at[0]).toBe(0);
	// slots are due every 102.04 ms; a timer fires on the next whole millisecond
	at.slice(1).forEach((ms, i) => expect(Math.abs(ms - (i + 1) * 102.04)).toBeLessThan(1.01));
});

test('[review] after a 429 pause, waiters start one spaced slot apart, not all at once', async () => {
	const pacer = getPacer(freshKey(), 60); // 1 s apart (1.0204 s with headroom)
	const t0 = Date.now();
	const { starts, done } = startAll(pacer, 6, t0);
	await jest.advanceTimersByTimeAsync(0); // the first starts at once
	pacer.pauseUntil(t0 + 10_000); // a 429 asked for 10 s: the five others were waiting for slots 1-5 s
	await jest.advanceTimersByTimeAsync(30_000);
	await done;
	const after = starts.filter((s) => s.index > 0).map((s) => s.at);
	expect(after[0]).toBeGreaterThanOrEqual(10_000);
	const gaps = after.slice(1).map((at, i) => at - after[i]);
	// each waiter takes a new slot, one interval after the previous one
	for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1020);
	expect(after[after.length - 1]).toBeLessThan(10_000 + 5 * 1021 + 1);
});

test('a 429 pause holds back requests that were already waiting for a slot', async () => {
	const pacer = getPacer(freshKey(), 60_000); // 1 ms apart
	const t0 = Date.now();
	pacer.pauseUntil(t0 + 300);
	const { starts, done } = startAll(pacer, 3, t0);
	await jest.advanceTimersByTimeAsync(1000);
	await done;
	expect(Math.min(...starts.map((s) => s.at))).toBeGreaterThanOrEqual(300);
});

test('[review] a cancelled waiter gives its slot back to the next one', async () => {
	const pacer = getPacer(freshKey(), 60); // ~1.02 s apart
	const t0 = Date.now();
	const cancel = new AbortController();
	const { starts, done } = startAll(pacer, 3, t0, [undefined, cancel.signal, undefined]);
	await jest.advanceTimersByTimeAsync(100);
	cancel.abort(); // the second waiter's execution is stopped before its slot (at ~1 s)
	await jest.advanceTimersByTimeAsync(5000);
	await done;
	const byIndex = Object.fromEntries(starts.map((s) => [s.index, s]));
	expect(byIndex[1]).toEqual({ index: 1, at: 100, started: false });
	// the third takes the second's slot (~1 s), not the one after it (~2 s)
	expect(byIndex[2].started).toBe(true);
	expect(byIndex[2].at).toBeGreaterThanOrEqual(1020);
	expect(byIndex[2].at).toBeLessThan(1100);
});

test('[review] two credentials of one client with different Requests per Minute: the lower rate governs', async () => {
	const key = freshKey();
	getPacer(key, 60, 'credential-slow'); // one credential says 60 a minute
	const pacer = getPacer(key, 600, 'credential-fast'); // the other, used last, says 600
	const t0 = Date.now();
	const { starts, done } = startAll(pacer, 3, t0);
	await jest.advanceTimersByTimeAsync(5000);
	await done;
	expect(starts.map((s) => s.at)).toEqual([0, 1021, 2041]);
});

test('[review] a cancelled sleep leaves no timer behind', async () => {
	const cancel = new AbortController();
	const sleeping = cancellableSleep(60_000, cancel.signal);
	expect(jest.getTimerCount()).toBe(1);
	cancel.abort();
	expect(await sleeping).toBe(false);
	expect(jest.getTimerCount()).toBe(0);
});

test('[review] a cancelled waiter leaves no pacer timer behind once the queue is empty', async () => {
	const pacer = getPacer(freshKey(), 60);
	const t0 = Date.now();
	const cancel = new AbortController();
	const { done } = startAll(pacer, 2, t0, [undefined, cancel.signal]);
	await jest.advanceTimersByTimeAsync(10);
	expect(jest.getTimerCount()).toBe(1); // the wake-up for the second one's slot
	cancel.abort();
	await done;
	expect(jest.getTimerCount()).toBe(0);
});

test('[cluster] a 429 halves this process\'s rate once per overload, which grows back after the pause and a quiet spell', async () => {
	const pacer = getPacer(freshKey(), 600); // 102 ms apart at full share
	const t0 = Date.now();
	expect(pacer.currentShare).toBe(1);
	// two requests in flight when the overload came, both answered 429 (Retry-After 2 s)
	pacer.rateLimited(t0 - 50, 2000);
	pacer.rateLimited(t0 - 40, 2000); // started before the cut: the same overload, no second cut
	expect(pacer.currentShare).toBe(0.5);
	expect(pacer.intervalMs).toBeCloseTo(204.08, 1);
	// a request started after the cut that still gets a 429 means the cut was not enough
	await jest.advanceTimersByTimeAsync(3000);
	pacer.rateLimited(Date.now() - 10, 1000);
	expect(pacer.currentShare).toBe(0.25);
	// no growth during the Retry-After pause (1 s) and the quiet 5 s after it
	await jest.advanceTimersByTimeAsync(5900);
	expect(pacer.currentShare).toBe(0.25);
	// then 0.5% of the rate per second: 10 s later, 0.30; back to the full rate after 150 s
	await jest.advanceTimersByTimeAsync(10_100);
	expect(pacer.currentShare).toBeCloseTo(0.3, 5);
	await jest.advanceTimersByTimeAsync(140_000);
	expect(pacer.currentShare).toBe(1);
	expect(pacer.intervalMs).toBeCloseTo(102.04, 1);
});

test('[cluster] a process that never sees a 429 keeps its full rate', async () => {
	const pacer = getPacer(freshKey(), 300);
	const t0 = Date.now();
	const { starts, done } = startAll(pacer, 50, t0);
	await jest.advanceTimersByTimeAsync(11_000);
	await done;
	expect(pacer.currentShare).toBe(1);
	// 50 starts 204.08 ms apart: 98% of 300 a minute
	expect(starts[49].at).toBe(Math.ceil(49 * 204.0816));
});

test('[review] after a stalled event loop, the missed slots are not made up in a burst', async () => {
	const pacer = getPacer(freshKey(), 600); // 102 ms apart
	const t0 = Date.now();
	const { starts, done } = startAll(pacer, 20, t0);
	await jest.advanceTimersByTimeAsync(0); // the first starts at once
	// the process is busy for 1 s: no timer can fire, the clock moves on
	jest.setSystemTime(t0 + 1000);
	await jest.advanceTimersByTimeAsync(5000);
	await done;
	const at = starts.map((s) => s.at);
	// a burst of the ~9 slots missed during the stall would start together; each start keeps at
	// least half an interval from the previous one instead
	at.slice(1).forEach((ms, i) => expect(ms - at[i]).toBeGreaterThanOrEqual(51));
});
