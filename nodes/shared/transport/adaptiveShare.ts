/**
 * This process's share of one OAuth client's rate limit, when other processes (n8n workers in
 * queue mode, other tools) may be spending the same client's limit unseen. Processes share no
 * memory, the package brings no Redis client, and Genesys sends no rate-limit headers: what a
 * process sees is its own 429s. The law (chosen with the simulation in
 * test/multiprocess/sharedRateSimulation.test.ts, issue 20):
 * - a 429 cuts the share to CUT of what it was (once per overload: requests that had started before
 *   the cut do not cut again) and remembers LEVEL_MARGIN under it as the level that held; a 429
 *   before the share got back to its level (the overload persists) cuts to SUSTAINED_CUT, and a long
 *   Retry-After cuts to what fits the minute (see rateLimited);
 * - after the Retry-After and a short quiet spell, the share climbs back to that level within
 *   CLIMB_MS: a 429 this process did not cause (another tool) costs seconds, not minutes;
 * - above the level it probes slowly, by PROBE_PER_SECOND × level^1.5 of the rate per second. With N
 *   processes near a fair share 1/N, all of them together probe ~1/√N as fast as one alone, so an
 *   overload (which one process's cut of ~LEVEL_MARGIN/N ends) comes back about as rarely with 16
 *   processes as with 2. The old additive increase, equal for every process, brought 16 processes
 *   back to the limit 16² times faster than one: 20% of requests were 429s in the simulation.
 */
export const CUT = 0.8;
export const LEVEL_MARGIN = 0.1;
export const QUIET_MS = 2000;
export const CLIMB_MS = 10_000;
export const PROBE_PER_SECOND = 0.0006;
export const PROBE_EXPONENT = 1.5;
export const SUSTAINED_CUT = 0.7;
/** the probe speeds up after ACCELERATE_AFTER_S / level seconds without a 429 (60 s at half the rate) */
export const ACCELERATE_AFTER_S = 30;
export const ACCELERATE_OVER_S = 1;
/** Genesys counts its rate limit per minute */
const LIMIT_WINDOW_MS = 60_000;
/** never below 2% of the credential's rate: 50 processes on one client still get through */
export const MIN_SHARE = 0.02;

export interface ShareLaw {
	cut: number;
	levelMargin: number;
	quietMs: number;
	climbMs: number;
	probePerSecond: number;
	probeExponent: number;
	/** the cut when a 429 comes before the share got back to its level: the overload persists */
	sustainedCut: number;
	/** probe speed-up: after this many seconds of probing without a 429 (0: none)... */
	accelerateAfterS: number;
	/** ...the probe gains its base speed again every this many seconds */
	accelerateOverS: number;
}

export const DEFAULT_LAW: ShareLaw = {
	cut: CUT,
	levelMargin: LEVEL_MARGIN,
	quietMs: QUIET_MS,
	climbMs: CLIMB_MS,
	probePerSecond: PROBE_PER_SECOND,
	probeExponent: PROBE_EXPONENT,
	sustainedCut: SUSTAINED_CUT,
	accelerateAfterS: ACCELERATE_AFTER_S,
	accelerateOverS: ACCELERATE_OVER_S,
};

export class AdaptiveShare {
	/** the share right after the last cut */
	private base = 1;

	/** the level that held before the last overload: climbed back to quickly */
	private level = 1;

	/** when the climb back starts (after the Retry-After and the quiet spell) */
	private growFrom = -Infinity;

	/** when the last cut happened: 429s of requests started before it belong to the same overload */
	private lastCutAt = -Infinity;

	constructor(private readonly law: ShareLaw = DEFAULT_LAW) {}

	/** Fraction (MIN_SHARE..1) of the credential's Requests per Minute this process may use at `now`. */
	at(now: number): number {
		const since = now - this.growFrom;
		if (since <= 0) return this.base;
		if (since < this.law.climbMs) return this.base + ((this.level - this.base) * since) / this.law.climbMs;
		const probing = (since - this.law.climbMs) / 1000;
		// the longer without a 429, the faster: after accelerateAfterS the probe speeds up linearly
		const late = Math.max(0, probing - this.law.accelerateAfterS / this.level);
		const gain = probing + (this.law.accelerateAfterS > 0 ? (late * late) / (2 * this.law.accelerateOverS) : 0);
		return Math.min(1, this.level + this.law.probePerSecond * this.level ** this.law.probeExponent * gain);
	}

	/**
	 * A request that started at `startedAt` got a 429 at `now`; Genesys asked to wait until
	 * `pausedUntil`. A request that started before the last cut belongs to that overload: no cut.
	 */
	rateLimited(now: number, startedAt: number, pausedUntil: number): void {
		if (startedAt < this.lastCutAt) return;
		const share = this.at(now);
		const sustained = share < this.level * (1 - this.law.levelMargin / 2);
		// A long Retry-After says how far over the limit the client was: a limit counted per minute
		// that asks to wait w seconds took its minute's worth of requests in 60 - w seconds, so the
		// client ran at 60 / (60 - w) times the limit, and this process cuts to (60 - w) / 60 of its
		// share (all processes hit in that overload do so). A 1 s Retry-After (a token bucket) says
		// little: then the fixed cut applies.
		const waitMs = Math.max(0, pausedUntil - now);
		const fitsTheLimit = Math.max(MIN_SHARE, 1 - waitMs / LIMIT_WINDOW_MS);
		const cut = Math.min(sustained ? this.law.sustainedCut : this.law.cut, fitsTheLimit);
		this.level = Math.max(MIN_SHARE, share * Math.min(1 - this.law.levelMargin, fitsTheLimit));
		this.base = Math.max(MIN_SHARE, share * cut);
		this.lastCutAt = now;
		this.growFrom = Math.max(now, pausedUntil) + this.law.quietMs;
	}
}
