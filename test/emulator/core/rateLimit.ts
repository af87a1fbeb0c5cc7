/**
 * One API rate limit per OAuth client, like Genesys' per-client limit (300 requests/minute by
 * default): every process that calls the emulator with a token of that client spends the same
 * limit (the key is the client ID the bearer token was issued to). A refused request gets 429 with
 * `Retry-After` in whole seconds and does not take a slot, so a client that waits always gets
 * through.
 *
 * Genesys does not document how it counts, so two models:
 * - sliding 60 s window (default): at most `perMinute` requests in any 60 s. After an overload the
 *   Retry-After is long (until the oldest request leaves the window), which by itself spaces out
 *   clients that honour it;
 * - token bucket (`burst` set): `burst` requests at once, refilled at `perMinute` a minute. An
 *   overload gets short Retry-Afters (~1 s): clients that only honour Retry-After and then resume at
 *   full speed keep hitting the limit, so this is the harder model for several processes sharing
 *   one client.
 */
const WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
	perMinute: number;
	take(key: string): RateDecision;
	reset(): void;
}

export class SlidingWindowLimiter implements RateLimiter {
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

export class TokenBucketLimiter implements RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		public perMinute: number,
		private readonly burst: number,
		private readonly now: () => number,
	) {}

	take(key: string): RateDecision {
		if (this.perMinute <= 0) return { allowed: true };
		const now = this.now();
		const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
		bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.perMinute) / WINDOW_MS);
		bucket.at = now;
		this.buckets.set(key, bucket);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return { allowed: true };
		}
		const waitMs = ((1 - bucket.tokens) * WINDOW_MS) / this.perMinute;
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
	}

	reset(): void {
		this.buckets.clear();
	}
}
