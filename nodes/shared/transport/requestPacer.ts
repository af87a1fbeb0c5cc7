import { sleep } from 'n8n-workflow';

import type { ShareLaw } from './adaptiveShare';
import { AdaptiveShare, DEFAULT_LAW } from './adaptiveShare';

/**
 * Spaces request starts so one OAuth client stays under its rate limit. Genesys counts requests per
 * OAuth client, so every node, item and execution in this n8n process that uses the same client
 * shares one pacer (module state, keyed by API host and client ID). 429 handling in the transport
 * is the backstop for what this process cannot see (other workers, other tools on the same client).
 *
 * Starts follow a token bucket (GCRA): on average one per interval, and up to BURST at once when
 * this process has been well under its rate, so an execution's few requests at 1 webhook a second
 * go back to back instead of an interval apart. The burst is small enough that no 60 s window ever
 * holds more than the credential's Requests per Minute (see burstFor).
 *
 * Waiters queue in arrival order and a slot is given only when it comes due: after a 429's pause
 * the burst is spent (each waiter takes its own spaced slot, no burst when the pause ends), and a
 * waiter whose execution is cancelled leaves the queue, so the slot it would have used goes to the
 * next one.
 *
 * Across processes (n8n queue mode), each process's pacer adapts its share of the rate on 429s
 * (adaptiveShare.ts), so processes on one OAuth client converge to a fair share of its limit.
 */
interface Waiter {
	arrivedAt: number;
	settle: (started: boolean) => void;
}

/** How long a credential's Requests per Minute still counts after its last request. */
const RATE_MEMORY_MS = 10 * 60_000;

// 2% headroom: timers fire late, never early, so spacing exactly at the limit would let bursts
// after a late timer cross it.
const HEADROOM = 0.98;

/** Most starts at once after a quiet spell. */
const MAX_BURST = 4;

/**
 * The burst a rate allows: GCRA lets at most 1 + (60 s + (burst - 1) × interval) / interval starts
 * into any 60 s window, i.e. 60 s / interval + burst = perMinute × HEADROOM + burst; that stays
 * within perMinute while burst ≤ perMinute × (1 - HEADROOM): 4 at 300 a minute, 1 (no burst) under 100.
 */
export function burstFor(requestsPerMinute: number): number {
	return Math.max(1, Math.min(MAX_BURST, Math.floor(requestsPerMinute * (1 - HEADROOM) + 1e-9)));
}

export class RequestPacer {
	private readonly queue: Waiter[] = [];

	/**
	 * GCRA's theoretical arrival time: when the next start would be due if starts were evenly spaced.
	 * A start is allowed once now ≥ tat - (burst - 1) × interval. A new pacer starts with its burst
	 * spent (set at its first request), so processes starting together do not all burst at once.
	 */
	private tat?: number;

	private pausedUntil = 0;

	private wake?: { at: number; controller: AbortController };

	/** Requests per Minute by credential: several credentials may name one OAuth client */
	private readonly rates = new Map<string, { perMinute: number; seenAt: number }>();

	private readonly share: AdaptiveShare;

	constructor(law: ShareLaw = DEFAULT_LAW) {
		this.share = new AdaptiveShare(law);
	}

	/**
	 * Records a credential's Requests per Minute. The lowest rate among the credentials of this
	 * client seen in the last 10 minutes governs: the client's real limit is at most that.
	 */
	setRate(credentialKey: string, requestsPerMinute: number) {
		this.rates.set(credentialKey, { perMinute: requestsPerMinute, seenAt: Date.now() });
		this.dispatch();
	}

	/** The rate the pacer spaces starts for, before headroom. */
	get requestsPerMinute(): number {
		const now = Date.now();
		let lowest = Infinity;
		for (const [key, rate] of this.rates) {
			if (now - rate.seenAt > RATE_MEMORY_MS && this.rates.size > 1) this.rates.delete(key);
			else lowest = Math.min(lowest, rate.perMinute);
		}
		return Number.isFinite(lowest) ? lowest : 300;
	}

	get intervalMs(): number {
		return 60_000 / (this.requestsPerMinute * HEADROOM * this.share.at(Date.now()));
	}

	/** This process's current share (MIN_SHARE..1) of the client's Requests per Minute. */
	get currentShare(): number {
		return this.share.at(Date.now());
	}

	/** Resolves true when this request may start; false if the execution was cancelled first. */
	async acquire(signal?: AbortSignal): Promise<boolean> {
		if (signal?.aborted) return false;
		return await new Promise<boolean>((resolve) => {
			const onAbort = () => {
				const index = this.queue.indexOf(waiter);
				if (index >= 0) this.queue.splice(index, 1);
				waiter.settle(false);
				this.dispatch(); // the next waiter may now take the slot this one gave back
			};
			const waiter: Waiter = {
				arrivedAt: Date.now(),
				settle: (started) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(started);
				},
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.queue.push(waiter);
			this.dispatch();
		});
	}

	/** After a 429, nobody on this client should start a request before Genesys says so. */
	pauseUntil(timestamp: number) {
		this.pausedUntil = Math.max(this.pausedUntil, timestamp);
		this.spendBurst();
		this.dispatch();
	}

	/**
	 * A request of this client that started at `startedAt` got a 429: wait the Retry-After (if
	 * Genesys sent one) and lower this process's share of the rate (once per overload).
	 */
	rateLimited(startedAt: number, retryAfterMs?: number) {
		const now = Date.now();
		if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		this.share.rateLimited(now, startedAt, Math.max(now, this.pausedUntil));
		this.spendBurst();
		this.dispatch();
	}

	/** After a 429 the limit is reached: starts resume evenly spaced from the end of the pause. */
	private spendBurst(from = Math.max(Date.now(), this.pausedUntil)) {
		const spent = from + (burstFor(this.requestsPerMinute) - 1) * this.intervalMs;
		this.tat = Math.max(this.tat ?? spent, spent);
	}

	/** Gives every slot that is due, then sleeps until the next one. */
	private dispatch() {
		const now = Date.now();
		if (this.tat === undefined && this.queue.length) this.spendBurst(now);
		while (this.queue.length) {
			const interval = this.intervalMs;
			const tolerance = (burstFor(this.requestsPerMinute) - 1) * interval;
			const due = Math.max(this.tat! - tolerance, this.pausedUntil, this.queue[0].arrivedAt);
			if (due > now) {
				this.wakeAt(due);
				return;
			}
			// GCRA counts from the real start, so the 60 s bound holds for real starts. While busy, tat
			// is ahead of now and a timer a little late does not shift the schedule; after a stall (a
			// busy event loop) tat is in the past: the slots missed are not made up, at most the burst
			// goes at once.
			this.tat = Math.max(this.tat!, now) + interval;
			this.queue.shift()!.settle(true);
		}
		this.cancelWake();
	}

	private wakeAt(at: number) {
		if (this.wake && this.wake.at === at) return;
		this.cancelWake();
		const controller = new AbortController();
		this.wake = { at, controller };
		// n8n's sleep clears its timer when the signal aborts (a reschedule or an empty queue).
		sleep(Math.max(0, at - Date.now()), controller.signal).then(
			() => {
				if (controller.signal.aborted) return;
				this.wake = undefined;
				this.dispatch();
			},
			() => {},
		);
	}

	private cancelWake() {
		this.wake?.controller.abort();
		this.wake = undefined;
	}
}

const pacers = new Map<string, RequestPacer>();

/**
 * The pacer of one OAuth client (`key`: API host and client ID), told the Requests per Minute of
 * the credential making this request (`credentialKey` tells credentials apart).
 */
export function getPacer(key: string, requestsPerMinute: number, credentialKey = `rate ${requestsPerMinute}`): RequestPacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new RequestPacer();
		pacers.set(key, pacer);
	}
	pacer.setRate(credentialKey, requestsPerMinute);
	return pacer;
}
