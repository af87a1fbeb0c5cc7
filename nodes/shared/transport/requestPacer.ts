import { cancellableSleep } from './cancellableSleep';

/**
 * Spaces request starts so one OAuth client stays under its rate limit. Genesys counts requests per
 * OAuth client, so every node, item and execution in this n8n process that uses the same client
 * shares one pacer (module state, keyed by API host and client ID). 429 handling in the transport
 * is the backstop for what this process cannot see (other workers, other tools on the same client).
 */
class RequestPacer {
	private nextSlotAt = 0;

	private pausedUntil = 0;

	constructor(private intervalMs: number) {}

	setRate(requestsPerMinute: number) {
		this.intervalMs = intervalFor(requestsPerMinute);
	}

	/** Resolves when this request may start; false if the execution was cancelled while waiting. */
	async acquire(signal?: AbortSignal): Promise<boolean> {
		const now = Date.now();
		const slot = Math.max(now, this.nextSlotAt, this.pausedUntil);
		this.nextSlotAt = slot + this.intervalMs;
		if (!(await cancellableSleep(slot - now, signal))) return false;
		// A 429 that arrived while this request waited for its slot holds it back too.
		const pause = this.pausedUntil - Date.now();
		return pause > 0 ? await cancellableSleep(pause, signal) : true;
	}

	/** After a 429, nobody on this client should start a request before Genesys says so. */
	pauseUntil(timestamp: number) {
		this.pausedUntil = Math.max(this.pausedUntil, timestamp);
		this.nextSlotAt = Math.max(this.nextSlotAt, timestamp);
	}
}

// 2% headroom: timers fire late, never early, so spacing exactly at the limit would let bursts
// after a late timer cross it.
const HEADROOM = 0.98;

function intervalFor(requestsPerMinute: number): number {
	return 60_000 / (requestsPerMinute * HEADROOM);
}

const pacers = new Map<string, RequestPacer>();

export function getPacer(key: string, requestsPerMinute: number): RequestPacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new RequestPacer(intervalFor(requestsPerMinute));
		pacers.set(key, pacer);
	} else {
		pacer.setRate(requestsPerMinute);
	}
	return pacer;
}
