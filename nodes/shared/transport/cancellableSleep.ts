import { sleep } from 'n8n-workflow';

import { unlessCancelled } from './cancellation';

/**
 * Waits `ms` with n8n's own `sleep`, but returns early when the execution is cancelled, so a
 * 429's Retry-After or a backoff never keeps a stopped workflow alive. Returns false if cancelled.
 * The signal goes to `sleep` too: n8n-workflow's sleep (2.x) clears its timer on abort, so a
 * cancelled wait leaves no timer behind. (An older `sleep` ignores the signal; the race below still
 * returns at once.)
 */
export async function cancellableSleep(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (ms <= 0) return !signal?.aborted;
	if (!signal) {
		await sleep(ms);
		return true;
	}
	if (signal.aborted) return false;
	// sleep rejects with the abort reason when cancelled: that is the false below, not an error.
	const slept = sleep(ms, signal).catch(() => undefined);
	return (await unlessCancelled(slept, signal)) && !signal.aborted;
}
