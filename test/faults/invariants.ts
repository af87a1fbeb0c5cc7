import type { RunNodeResult } from '../harness/runNode';
import type { RecordedRequest } from '../emulator/types';
import { DEFAULT_CLIENT } from '../emulator/server';

/** Writes the resource handler accepted (2xx), per target path: each must be at most 1. */
export function appliedWrites(requests: RecordedRequest[], method: string, pathPattern: RegExp): Map<string, number> {
	const counts = new Map<string, number>();
	for (const request of requests) {
		if (request.method !== method || !pathPattern.test(request.path)) continue;
		if (request.handlerStatus === undefined || request.handlerStatus >= 300) continue;
		counts.set(request.path, (counts.get(request.path) ?? 0) + 1);
	}
	return counts;
}

export function expectNoWriteAppliedTwice(requests: RecordedRequest[], method: string, pathPattern: RegExp) {
	const twice = [...appliedWrites(requests, method, pathPattern)].filter(([, count]) => count > 1);
	expect(twice).toEqual([]);
}

/** One output item per input item, in order, each paired with its input. */
export function expectEveryItemOnce(result: RunNodeResult, count: number) {
	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(count);
	result.output.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
}

export function expectNoSecret(result: RunNodeResult, token?: string) {
	const everything = JSON.stringify([result.run, result.error, result.items]);
	expect(everything).not.toContain(DEFAULT_CLIENT.clientSecret);
	if (token) expect(everything).not.toContain(token);
}

/** A failed item carries a readable message, not an empty or raw error. */
export function expectClearError(item: Record<string, unknown>) {
	expect(typeof item.error).toBe('string');
	expect(String(item.error).length).toBeGreaterThan(10);
	expect(String(item.error)).not.toMatch(/\[object Object\]|undefined/);
}

/** The API requests that concern one resource (its ID in the path), in the order they arrived. */
export function requestsFor(requests: RecordedRequest[], id: string): RecordedRequest[] {
	return requests.filter((request) => request.path.startsWith('/api/') && request.path.includes(id));
}

/**
 * The exact words the transport uses for a request's last answer: "Genesys Cloud answered 503
 * (service.unavailable)" for a status, "No answer from Genesys Cloud (ECONNRESET)" for a dropped
 * connection. A 429 never ends an item (Retry-After 1 s, 20 of them allowed).
 */
export function failureWords(request: RecordedRequest): RegExp {
	if (request.status === 0) return /^No answer from Genesys Cloud \(ECONNRESET\)/;
	expect(request.status).not.toBe(429);
	return new RegExp(`^Genesys Cloud answered ${request.status} \\(`);
}

/** What the transport concluded for the last answer, as the error description says it. */
export function failureOutcome(request: RecordedRequest): RegExp | undefined {
	if (request.status === 0 || request.status >= 500) return /gave up after 4 attempts|not repeated blindly/;
	return undefined;
}
