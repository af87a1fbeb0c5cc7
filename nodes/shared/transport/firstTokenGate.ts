import { unlessCancelled } from './cancellation';

/**
 * n8n fetches a client-credentials token on the first request that finds none stored, but it does
 * not coordinate that first fetch: eight items starting at once would fetch eight tokens. So,
 * while a credential has no token yet, one request goes first and the others wait for it; after
 * that n8n's stored token (and its own single-flight renewal on 401) serves everyone. A request
 * waiting here gives up at once when the execution is cancelled (`cancelled` builds its error).
 */
const firstRequests = new Map<string, Promise<void>>();

export async function throughFirstTokenGate<T>(
	key: string,
	hasToken: boolean,
	send: () => Promise<T>,
	signal: AbortSignal | undefined,
	cancelled: () => Error,
): Promise<T> {
	if (hasToken) return await send();
	const inFlight = firstRequests.get(key);
	if (inFlight) {
		if (!(await unlessCancelled(inFlight, signal))) throw cancelled();
		return await send();
	}
	let release: () => void = () => {};
	firstRequests.set(key, new Promise<void>((resolve) => (release = resolve)));
	try {
		return await send();
	} finally {
		firstRequests.delete(key);
		release();
	}
}
