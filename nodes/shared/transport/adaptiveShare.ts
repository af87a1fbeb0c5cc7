/**
 * This process's share of one OAuth client's rate limit, when other processes (n8n workers in
 * queue mode, other tools) may be spending the same client's limit unseen.
 *
 * Processes share no memory and the package brings no Redis client, and Genesys no longer sends
 * rate-limit headers. What a process does see is its own 429s. So each process runs the rule that
 * lets TCP senders share a link fairly without talking to each other (additive increase,
 * multiplicative decrease):
 * - a 429 halves this process's share (the transport also waits the 429's Retry-After). Requests
 *   that had already started when the share was cut do not cut it again: one overload, one cut;
 * - after the Retry-After pause and a quiet period with no new cut, the share grows back
 *   linearly, by 0.5% of the credential's Requests per Minute per second, up to 100% (100 s from half).
 * Processes that cut in proportion to their share and grow by the same amount converge to equal
 * shares whose sum stays near the limit. A process alone never sees a 429 at 98% of the limit,
 * so it keeps its full rate.
 */
export const DECREASE = 0.5;
export const INCREASE_PER_SECOND = 0.005;
export const QUIET_MS = 5000;
/** never below 5% of the credential's rate: 20 processes on one client still get through */
export const MIN_SHARE = 0.05;

export class AdaptiveShare {
	/** the share right after the last cut */
	private base = 1;

	/** when the share starts growing again */
	private growFrom = -Infinity;

	/** when the last cut happened: 429s of requests started before it belong to the same overload */
	private lastCutAt = -Infinity;

	/** Fraction (MIN_SHARE..1) of the credential's Requests per Minute this process may use at `now`. */
	at(now: number): number {
		return Math.min(1, this.base + (INCREASE_PER_SECOND * Math.max(0, now - this.growFrom)) / 1000);
	}

	/**
	 * A request that started at `startedAt` got a 429 at `now`; Genesys asked to wait until
	 * `pausedUntil`. Returns whether the share was cut.
	 */
	rateLimited(now: number, startedAt: number, pausedUntil: number): boolean {
		if (startedAt < this.lastCutAt) return false;
		this.base = Math.max(MIN_SHARE, this.at(now) * DECREASE);
		this.lastCutAt = now;
		this.growFrom = Math.max(now, pausedUntil) + QUIET_MS;
		return true;
	}
}
