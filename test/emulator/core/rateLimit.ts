/**
 * Sliding 60 s window per OAuth client, like Genesys' per-client API limit (300 requests/minute by default).
 * A request that is refused does not take a slot, so a client that waits Retry-After always gets through.
 */
const WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SlidingWindowLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(
		public perMinute: number,
		private readonly now: () => number,
	) {}

	take(key: string): RateDecision {
		if (this.perMinute <= 0) return { allowed: true }; // 0 = limiter off
		const now = this.now();
		const recent = (this.hits.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
		if (recent.length >= this.perMinute) {
			this.hits.set(key, recent);
			// The oldest hit leaves the window first; that is when a slot frees.
			const waitMs = recent[recent.length - this.perMinute] + WINDOW_MS - now;
			return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
		}
		recent.push(now);
		this.hits.set(key, recent);
		return { allowed: true };
	}

	reset(): void {
		this.hits.clear();
	}
}
