/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test code runs in jest on its fake clock, outside n8n */
/**
 * A deterministic simulation of N n8n workers sharing one OAuth client's rate limit, for issue 20.
 * Each simulated worker owns a REAL RequestPacer (nodes/shared/transport/requestPacer.ts, with its
 * adaptive share) and the emulator's REAL limiter (test/emulator/core/rateLimit.ts) answers every
 * request. The clock is jest's fake clock: the caller must have called jest.useFakeTimers(); the
 * simulation advances it, so minutes of load run in well under a second each and give the same
 * figures on an idle laptop and on a loaded CI machine.
 *
 * A worker runs `concurrency` executions at once (n8n's worker concurrency); each request waits for
 * a pacer slot, reaches the limiter at its start, and is answered `latencyMs` later. A 429 is handed
 * to the pacer (rateLimited, with its Retry-After, as the transport does) and the request is sent
 * again after the Retry-After, as the retry policy does.
 */
import type { ShareLaw } from '../../nodes/shared/transport/adaptiveShare';
import { DEFAULT_LAW } from '../../nodes/shared/transport/adaptiveShare';
import { RequestPacer } from '../../nodes/shared/transport/requestPacer';
import type { RateLimiter } from '../emulator/core/rateLimit';
import { SlidingWindowLimiter, TokenBucketLimiter } from '../emulator/core/rateLimit';

export const BOUND = 300;
const CLIENT = 'one-oauth-client';

export interface Attempt {
	worker: number;
	at: number;
	accepted: boolean;
}

export interface Phase {
	/** from this time (ms after the start)... */
	from: number;
	/** ...these workers (indexes) have work: requests without pause between them (saturated) */
	busy: number[];
}

export interface SimulationOptions {
	workers: number;
	/** ms of simulated time */
	durationMs: number;
	limiter?: 'tokenBucket' | 'slidingWindow';
	/** token-bucket size, as the multi-process test's emulator (10) */
	bucket?: number;
	concurrency?: number;
	latencyMs?: number;
	/** who has work when; default: every worker saturated from 0 */
	phases?: Phase[];
	/** 429s the limiter did not cause (another tool on the client): at these times, worker 0's next answer is a 429 */
	foreign429At?: number[];
	/** record each worker's share every `sampleMs` */
	sampleMs?: number;
	/** seed of the jitter (default 20) */
	seed?: number;
	/** the adaptive share's law (default: the shipped one) */
	law?: Partial<ShareLaw>;
}

export interface SimulationResult {
	attempts: Attempt[];
	/** per worker: [time, share] samples */
	shares: Array<Array<[number, number]>>;
}

const nowMs = () => Date.now();

/** A small seeded generator (mulberry32): the same jitter on every run. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
	const { workers, durationMs, concurrency = 4, latencyMs = 50, sampleMs = 1000 } = options;
	const t0 = nowMs();
	const limiter: RateLimiter =
		options.limiter === 'slidingWindow'
			? new SlidingWindowLimiter(BOUND, nowMs)
			: new TokenBucketLimiter(BOUND, options.bucket ?? 10, nowMs);
	const phases = options.phases ?? [{ from: 0, busy: Array.from({ length: workers }, (_, i) => i) }];
	const busy = (worker: number, at: number) => {
		let current = phases[0];
		for (const phase of phases) if (phase.from <= at - t0) current = phase;
		return current.busy.includes(worker);
	};
	const foreign = [...(options.foreign429At ?? [])].sort((a, b) => a - b);
	const attempts: Attempt[] = [];
	const shares: Array<Array<[number, number]>> = Array.from({ length: workers }, () => []);
	const pacers = Array.from({ length: workers }, () => {
		const pacer = new RequestPacer({ ...DEFAULT_LAW, ...options.law });
		pacer.setRate('credential', BOUND);
		return pacer;
	});
	const end = t0 + durationMs;
	// Real workers neither start nor answer in lockstep: each execution starts up to 1 s late and
	// each request's answer takes latencyMs ± 40%, from a seeded generator.
	const random = seeded(options.seed ?? 20);
	const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

	async function execution(worker: number) {
		const pacer = pacers[worker];
		await pause(Math.floor(random() * 1000));
		while (nowMs() < end) {
			if (!busy(worker, nowMs())) {
				await pause(100);
				continue;
			}
			await pacer.acquire();
			const startedAt = nowMs();
			if (startedAt >= end) return;
			let decision = limiter.take(CLIENT);
			if (worker === 0 && foreign.length && foreign[0] <= startedAt - t0) {
				foreign.shift();
				decision = { allowed: false, retryAfterSeconds: 1 };
			}
			attempts.push({ worker, at: startedAt - t0, accepted: decision.allowed });
			await pause(Math.round(latencyMs * (0.6 + 0.8 * random())));
			if (!decision.allowed) {
				pacer.rateLimited(startedAt, decision.retryAfterSeconds * 1000);
				await pause(decision.retryAfterSeconds * 1000);
			}
		}
	}

	const sampler = setInterval(() => {
		pacers.forEach((pacer, i) => shares[i].push([nowMs() - t0, pacer.currentShare]));
	}, sampleMs);
	const running = Promise.all(
		Array.from({ length: workers }, (_, worker) => Array.from({ length: concurrency }, () => execution(worker))).flat(),
	);
	let done = false;
	void running.then(() => (done = true));
	// advance in steps so the many short timers fire in order without one huge advance; after the
	// end, until every execution has seen it (one may be waiting for a slow slot)
	while (!done) await jest.advanceTimersByTimeAsync(1000);
	clearInterval(sampler);
	return { attempts, shares };
}

export interface Figures {
	/** accepted requests a minute, as a share of the bound */
	ofBound: number;
	share429: number;
	attempts: number;
	/** each worker's accepted requests over the window, as a multiple of its fair share (bound / busy workers) */
	perWorkerVsFair: number[];
	/** the most accepted+refused requests any one worker started in any 60 s window */
	maxWorkerStartsIn60s: number;
}

/** Figures over [from, to) ms, for the workers `among` (default: all that sent). */
export function figures(result: SimulationResult, from: number, to: number, among?: number[]): Figures {
	const inWindow = result.attempts.filter((a) => a.at >= from && a.at < to);
	const accepted = inWindow.filter((a) => a.accepted);
	const who = among ?? [...new Set(result.attempts.map((a) => a.worker))].sort((a, b) => a - b);
	const boundOverWindow = (BOUND * (to - from)) / 60_000;
	return {
		ofBound: accepted.length / boundOverWindow,
		share429: inWindow.length ? (inWindow.length - accepted.length) / inWindow.length : 0,
		attempts: inWindow.length,
		perWorkerVsFair: who.map((w) => accepted.filter((a) => a.worker === w).length / (boundOverWindow / who.length)),
		maxWorkerStartsIn60s: Math.max(...who.map((w) => maxIn60s(result.attempts.filter((a) => a.worker === w).map((a) => a.at)))),
	};
}

/** The most of these (sorted) times in any 60 s window (t - 60 s, t]. */
export function maxIn60s(times: number[]): number {
	let most = 0;
	let first = 0;
	for (let i = 0; i < times.length; i++) {
		while (times[first] <= times[i] - 60_000) first++;
		most = Math.max(most, i - first + 1);
	}
	return most;
}

/** Accepted requests a minute (as a share of the bound) in each `stepMs` slice: for recovery times. */
export function acceptedTimeline(result: SimulationResult, stepMs: number, to: number): number[] {
	const out: number[] = Array.from({ length: Math.ceil(to / stepMs) }, () => 0);
	for (const a of result.attempts) if (a.accepted && a.at < to) out[Math.floor(a.at / stepMs)]++;
	return out.map((count) => count / ((BOUND * stepMs) / 60_000));
}
