import type { HttpFailure } from './httpFailure';

/**
 * One retry policy for every node (API-NOTES §2.4, following Genesys's own SDKs):
 * - 429: wait for Retry-After (3 s when absent); give up when Genesys asks for more than
 *   RETRY_AFTER_CAP_SECONDS (daily-limit 429s ask for minutes or hours). A 429 means the request
 *   was not processed, so even a POST may be sent again.
 * - 408, 500/502/503/504 and dropped connections: exponential backoff with jitter, but only for
 *   requests that are safe to repeat (reads, and the writes that opt in: a PATCH carrying the
 *   version read). 408 joins them because Genesys's Terraform provider retries it with the 5xx
 *   family (API-NOTES §8.10); like a 504 it may come from a gateway after the service acted, so a
 *   write that is not safe to repeat is not resent: its caller re-reads state instead.
 * - Anything else (400, 403, 404, 409, ...) is an answer, not a hiccup: no retry here.
 */
export const RETRY_AFTER_CAP_SECONDS = 180;
export const DEFAULT_RETRY_AFTER_SECONDS = 3;

export interface RetryBudget {
	/** attempts for server errors and dropped connections (first try included) */
	maxAttempts: number;
	/** 429s absorbed per request before giving up (they cost nothing on the server) */
	maxRateLimitRetries: number;
	/** first backoff in ms; doubles each time */
	baseDelayMs: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudget = {
	maxAttempts: 4,
	maxRateLimitRetries: 20,
	baseDelayMs: 1000,
};

export type RetryDecision =
	| { retry: true; delayMs: number; kind: 'rateLimited' | 'transient' }
	| { retry: false; reason: 'notRetryable' | 'unsafeToRepeat' | 'attemptsExhausted' | 'retryAfterTooLong' };

/** Statuses that say nothing about the request itself: the service or a gateway had a hiccup. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);

/** The wait a 429 asks for, in ms: its Retry-After, or the SDKs' default when it has none. */
export function rateLimitWaitMs(retryAfterHeader: string | undefined): number {
	return Math.ceil((parseRetryAfterSeconds(retryAfterHeader) ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000);
}

export function parseRetryAfterSeconds(header: string | undefined): number | undefined {
	if (header === undefined || header === '') return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(0, seconds);
	const date = Date.parse(header);
	if (Number.isFinite(date)) return Math.max(0, (date - Date.now()) / 1000);
	return undefined;
}

export function decideRetry(
	failure: HttpFailure,
	state: { attempt: number; rateLimitRetries: number; safeToRepeat: boolean },
	budget: RetryBudget,
	random: () => number = Math.random,
): RetryDecision {
	if (failure.aborted) return { retry: false, reason: 'notRetryable' };
	if (failure.status === 429) {
		const delayMs = rateLimitWaitMs(failure.headers['retry-after']);
		if (delayMs > RETRY_AFTER_CAP_SECONDS * 1000) return { retry: false, reason: 'retryAfterTooLong' };
		if (state.rateLimitRetries >= budget.maxRateLimitRetries) return { retry: false, reason: 'attemptsExhausted' };
		return { retry: true, delayMs, kind: 'rateLimited' };
	}
	const transient =
		(failure.status !== undefined && TRANSIENT_STATUSES.has(failure.status)) ||
		(failure.status === undefined && failure.networkCode !== undefined);
	if (!transient) return { retry: false, reason: 'notRetryable' };
	if (!state.safeToRepeat) return { retry: false, reason: 'unsafeToRepeat' };
	if (state.attempt >= budget.maxAttempts) return { retry: false, reason: 'attemptsExhausted' };
	// Full jitter in [0.5, 1.5) of the exponential step keeps concurrent items from retrying in lockstep.
	const step = budget.baseDelayMs * 2 ** (state.attempt - 1);
	return { retry: true, delayMs: Math.round(step * (0.5 + random())), kind: 'transient' };
}
