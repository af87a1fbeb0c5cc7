import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type CurrentTimeoutCheck = { ok: true } | { ok: false; found: number | null; reason: string };

/**
 * "Only If Current Timeout Is": a pure check of the timeout as read, called on every read a write
 * is computed from (the first one and each re-read after a stale version), so a timeout another
 * writer changed meanwhile is never overwritten. undefined: no condition.
 */
export function checkCurrentTimeout(found: number | null | undefined, expected: number | undefined): CurrentTimeoutCheck {
	if (expected === undefined || found === expected) return { ok: true };
	return {
		ok: false,
		found: found ?? null,
		reason: `the timeout is ${String(found ?? null)} s, not ${expected} s as required by Only If Current Timeout Is; nothing was written`,
	};
}

const conflicts = new WeakMap<Error, Extract<CurrentTimeoutCheck, { ok: false }>>();

/**
 * The error a write's retry loop throws when a fresh read no longer matches: the caller turns it
 * into outcome `conflict` (timeoutConflictOf), so it never reaches the user as a failure.
 */
export function timeoutConflict(node: INode, check: Extract<CurrentTimeoutCheck, { ok: false }>, itemIndex: number): NodeOperationError {
	const error = new NodeOperationError(node, check.reason, { itemIndex });
	conflicts.set(error, check);
	return error;
}

export const timeoutConflictOf = (error: unknown) => (error instanceof Error ? conflicts.get(error) : undefined);
