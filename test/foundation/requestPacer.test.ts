/**
 * The pacer spaces request starts under the credential's rate, and after a 429 holds back every
 * request of that client, including those already waiting for a slot. A controlled clock (jest's
 * fake timers drive both Date.now and the timers behind n8n's sleep) makes every figure exact,
 * however loaded the machine is.
 */
// the built modules, as the nodes use them (loaded at run time: the lint of a fresh clone has no dist/)
const { getPacer } = jest.requireActual<typeof import('../../nodes/shared/transport/requestPacer')>(
	'../../dist/nodes/shared/transport/requestPacer',
);
const { cancellableSleep } = jest.requireActual<typeof import('../../nodes/shared/transport/cancellableSleep')>(
	'../../dist/nodes/shared/transport/cancellableSleep',
);

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
	// GCRA counts from the real start: a timer firing on the next whole millisecond moves the next
	// slot by that millisecond (no burst under 100 a minute, so nothing absorbs it)
	expect(starts.map((s) => s.at)).toEqual([0, 1021, 2042]);
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

test('[cluster] a 429 cuts this process\'s rate once per overload; it climbs back to the level that held within seconds, then probes slowly', async () => {
	const pacer = getPacer(freshKey(), 600); // 102 ms apart at full share
	const t0 = Date.now();
	expect(pacer.currentShare).toBe(1);
	// two requests in flight when the overload came, both answered 429 (Retry-After 2 s)
	pacer.rateLimited(t0 - 50, 2000);
	pacer.rateLimited(t0 - 40, 2000); // started before the cut: the same overload, no second cut
	expect(pacer.currentShare).toBeCloseTo(0.8, 5);
	expect(pacer.intervalMs).toBeCloseTo(127.55, 1);
	// no growth during the Retry-After (2 s) and the quiet 2 s after it
	await jest.advanceTimersByTimeAsync(3900);
	expect(pacer.currentShare).toBeCloseTo(0.8, 5);
	// then back to 90% of the share that met the 429 within 10 s: a 429 this process did not cause
	// (another tool on the client) costs 14 s at 90%, not the ~100 s of the old law
	await jest.advanceTimersByTimeAsync(5100);
	expect(pacer.currentShare).toBeCloseTo(0.85, 2);
	await jest.advanceTimersByTimeAsync(5000);
	expect(pacer.currentShare).toBeCloseTo(0.9, 5);
	// above it, a slow probe: 0.06% of the rate a second at a level of 0.9^1.5...
	await jest.advanceTimersByTimeAsync(30_000);
	expect(pacer.currentShare).toBeCloseTo(0.9 + 0.0006 * 0.9 ** 1.5 * 30, 4);
	// ...that speeds up after 30 s / level without a 429 (33.3 s here): a share left low by an old
	// overload comes back within minutes, not hours
	await jest.advanceTimersByTimeAsync(15_000);
	const late = 45 - 30 / 0.9;
	expect(pacer.currentShare).toBeCloseTo(0.9 + 0.0006 * 0.9 ** 1.5 * (45 + (late * late) / 2), 4);
	await jest.advanceTimersByTimeAsync(60_000);
	expect(pacer.currentShare).toBe(1);
	// a request started after the cut that still gets a 429 cuts again, from where the share is
	const share = pacer.currentShare;
	pacer.rateLimited(Date.now() - 10, 1000);
	expect(pacer.currentShare).toBeCloseTo(share * 0.8, 5);
});

test('[cluster] a 429 before the share got back to its level cuts deeper (0.7); a long Retry-After cuts to what fits the minute', async () => {
	const pacer = getPacer(freshKey(), 600);
	pacer.rateLimited(Date.now() - 10, 1000); // 0.8, level 0.9
	await jest.advanceTimersByTimeAsync(5000); // climbing: 0.82
	const climbing = pacer.currentShare;
	expect(climbing).toBeLessThan(0.85);
	pacer.rateLimited(Date.now() - 10, 1000); // the overload persists
	expect(pacer.currentShare).toBeCloseTo(climbing * 0.7, 5);
	// a limit counted per minute that asks to wait 30 s took the minute's requests in 30 s: the
	// client ran at twice the limit, so this process halves its share
	const other = getPacer(freshKey(), 600);
	other.rateLimited(Date.now() - 10, 30_000);
	expect(other.currentShare).toBeCloseTo(0.5, 5);
	// and after the pause it climbs back to that half, not to 0.9
	await jest.advanceTimersByTimeAsync(60_000);
	expect(other.currentShare).toBeLessThan(0.52);
});

test('[cluster] with headroom, up to 4 requests start back to back (300 a minute); after a 429 the burst is spent', async () => {
	const pacer = getPacer(freshKey(), 300); // 204 ms apart, burst 4
	let t0 = Date.now();
	await pacer.acquire(); // a new pacer starts with its burst spent
	// idle for 2 s: the burst is back; an execution's 3 requests go at once
	await jest.advanceTimersByTimeAsync(2000);
	t0 = Date.now();
	let run = startAll(pacer, 6, t0);
	await jest.advanceTimersByTimeAsync(2000);
	await run.done;
	expect(run.starts.map((s) => s.at)).toEqual([0, 0, 0, 0, 205, 409]);
	// idle again, then a 429 with Retry-After 1 s: no burst when the pause ends
	await jest.advanceTimersByTimeAsync(5000);
	t0 = Date.now();
	pacer.rateLimited(t0 - 10, 1000);
	run = startAll(pacer, 3, t0);
	await jest.advanceTimersByTimeAsync(5000);
	await run.done;
	const at = run.starts.map((s) => s.at);
	expect(at[0]).toBe(1000);
	expect(at[1] - at[0]).toBeGreaterThanOrEqual(255); // spaced at the cut share (0.8: 255 ms)
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

test('[review] after a stalled event loop, the missed slots are not made up: at most the burst goes at once', async () => {
	const pacer = getPacer(freshKey(), 600); // 102 ms apart, burst 4
	const t0 = Date.now();
	const { starts, done } = startAll(pacer, 20, t0);
	await jest.advanceTimersByTimeAsync(0); // the first starts at once
	// the process is busy for 1 s: no timer can fire, the clock moves on
	jest.setSystemTime(t0 + 1000);
	await jest.advanceTimersByTimeAsync(5000);
	await done;
	const at = starts.map((s) => s.at);
	// ~9 slots were missed during the stall; only the burst (4) starts together, then spaced again
	expect(at.filter((ms) => ms === at[1]).length).toBe(4);
	at.slice(5).forEach((ms, i) => expect(ms - at[i + 4]).toBeGreaterThanOrEqual(102));
});

test('[cluster] one process alone never starts more than the credential\'s Requests per Minute in any 60 s window', async () => {
	for (const perMinute of [300, 120, 60]) {
		const pacer = getPacer(freshKey(), perMinute);
		// the worst case for a token bucket: idle long enough to refill the burst, then more demand
		// than the rate for over a minute (the burst goes at once, then the starts come evenly spaced)
		await pacer.acquire();
		await jest.advanceTimersByTimeAsync(10_000);
		const { starts, done } = startAll(pacer, Math.round(perMinute * 1.3), Date.now());
		await jest.advanceTimersByTimeAsync(90_000);
		await done;
		const times = starts.map((s) => s.at);
		times.sort((a, b) => a - b);
		let most = 0;
		for (let i = 0, first = 0; i < times.length; i++) {
			while (times[first] <= times[i] - 60_000) first++;
			most = Math.max(most, i - first + 1);
		}
		expect(most).toBeLessThanOrEqual(perMinute);
	}
});
