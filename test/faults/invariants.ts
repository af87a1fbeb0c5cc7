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

const failed = (request: RecordedRequest) => request.status === 0 || request.status >= 400;

/**
 * The request whose answer a failed item names. The item ended on a failed request: that one. Or,
 * after the last write, the resource was read once more (a lost answer may hide a write) and still
 * differed, the attempts spent: the last failed write, even when that read needed a retry of its
 * own (the transport's retry passed that failure, so it is not the item's).
 */
export function endingFailure(mine: RecordedRequest[], writeMethod: string): RecordedRequest {
	const last = mine[mine.length - 1];
	if (failed(last)) return last;
	return [...mine].reverse().find((r) => r.method === writeMethod && failed(r)) ?? last;
}

/**
 * A queue item that failed: if a PUT of it was applied, the error says the queue was written (or
 * that the PUT may have been applied); if none was, the error is the queue's last answer in the
 * transport's words.
 */
export function expectQueueFailureNamesWhatHappened(text: string, mine: RecordedRequest[]) {
	const last = mine[mine.length - 1];
	const applied = appliedWrites(mine, 'PUT', /./).size > 0;
	// only the last PUT's answer matters: a read after an earlier one showed it had not been applied
	const lastPut = [...mine].reverse().find((r) => r.method === 'PUT');
	const answerLost = lastPut !== undefined && (lastPut.status === 0 || lastPut.status >= 500);
	const mayHaveBeenWritten = /^Queue ".+": a PUT failed and may have been applied; reading the queue again failed too \((.+)\), so its ACW settings are unknown$/;
	if (applied) {
		expect(text).toMatch(/^Queue ".+" (was written but could not be read back to verify|reads back other ACW settings than were written)|may have been applied/);
	} else if (answerLost && last.method === 'GET' && mayHaveBeenWritten.test(text)) {
		// a PUT's answer was lost, so the node cannot know it was not applied, and says so; the
		// re-read's own failure is inside, in the transport's words
		expect(text.match(mayHaveBeenWritten)![1]).toMatch(failureWords(last));
	} else {
		expect(text).toMatch(failureWords(endingFailure(mine, 'PUT')));
	}
}
