import { sleep } from 'n8n-workflow';

/**
 * Waits `ms` with n8n's own `sleep`, but returns early when the execution is cancelled, so a
 * 429's Retry-After or a backoff never keeps a stopped workflow alive. Returns false if cancelled.
 */
export async function cancellableSleep(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (ms <= 0) return !signal?.aborted;
	if (!signal) {
		await sleep(ms);
		return true;
	}
	if (signal.aborted) return false;
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<void>((resolve) => {
		onAbort = () => resolve();
		signal.addEventListener('abort', onAbort, { once: true });
	});
	await Promise.race([sleep(ms), aborted]);
	if (onAbort) signal.removeEventListener('abort', onAbort);
	return !signal.aborted;
}
