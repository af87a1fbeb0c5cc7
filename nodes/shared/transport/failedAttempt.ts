import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GenesysConnection } from './credentials';
import { genesysApiError } from './genesysApiError';
import { describeHttpFailure } from './httpFailure';
import type { RequestPacer } from './requestPacer';
import type { RetryBudget } from './retryPolicy';
import { decideRetry, RETRY_AFTER_CAP_SECONDS } from './retryPolicy';
import { classifyTokenFailure, loginHostStatus, tokenFailureError } from './tokenFailure';

/** One request's attempts so far: every one sent, and how many of them met a 429. */
export interface AttemptTally {
	sent: number;
	rateLimited: number;
}

/** What the steps below need to know about the request that failed. */
export interface FailedAttempt {
	node: INode;
	connection: GenesysConnection;
	pacer: RequestPacer;
	method: string;
	path: string;
	itemIndex?: number;
	safeToRepeat: boolean;
	budget: RetryBudget;
	tally: AttemptTally;
	/** when the attempt started (a 429 of a request started before the last cut does not cut again) */
	startedAt: number;
}

/**
 * One failed attempt, in the steps README's "How it is built" names: classify a token failure,
 * read the HTTP failure, decide whether to retry, and on a 429 cut the rate share and pause the
 * whole process. Returns how long to wait before the next attempt; throws when there is none.
 */
export function afterFailedAttempt(attempt: FailedAttempt, error: unknown): number {
	const { node, connection, itemIndex } = attempt;
	// 1. A token the login host refused, or a token problem of another kind, is not retried.
	const tokenFailure = classifyTokenFailure(error);
	if (tokenFailure === 'rejected' || tokenFailure === 'other') {
		throw tokenFailureError(node, connection, tokenFailure, itemIndex, attempt.tally.sent, loginHostStatus(error));
	}
	// 2. What came back. Any answer from the API host (a 404 too) means n8n holds a token.
	const failure = describeHttpFailure(error);
	if (!tokenFailure && failure.status !== undefined) connection.hasToken = true;
	if (failure.status === undefined && failure.networkCode === undefined && !failure.aborted) {
		// Not an HTTP failure (a configuration problem, a certificate, a bug): a new error with the
		// message only, since n8n's own error keeps the raw request (and its token) as cause.
		const message = error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(node, `Request to Genesys Cloud failed: ${message}`, {
			itemIndex,
			description: `${attempt.method} ${attempt.path}`,
		});
	}
	// 3. Retry or not. A token the login host failed to give means the API request was never sent:
	// safe to repeat whatever the method. 429s do not spend the server-error budget.
	const { tally } = attempt;
	const decision = decideRetry(
		failure,
		{
			attempt: tally.sent - tally.rateLimited,
			rateLimitRetries: tally.rateLimited,
			safeToRepeat: attempt.safeToRepeat || tokenFailure === 'transient',
		},
		attempt.budget,
	);
	if (!decision.retry) {
		if (tokenFailure === 'transient') {
			throw tokenFailureError(node, connection, tokenFailure, itemIndex, tally.sent, loginHostStatus(error));
		}
		const outcome = {
			notRetryable: undefined,
			unsafeToRepeat: 'not repeated blindly: the request may have been applied',
			attemptsExhausted: undefined,
			retryAfterTooLong: `Genesys asked to wait ${failure.headers['retry-after']} s, more than the ${RETRY_AFTER_CAP_SECONDS} s the nodes wait`,
		}[decision.reason];
		throw genesysApiError(node, { method: attempt.method, path: attempt.path, attempts: tally.sent, gaveUp: decision.reason === 'attemptsExhausted', failure, outcome, itemIndex });
	}
	// 4. A 429 stops every request of this OAuth client in this process, not just this one.
	if (decision.kind === 'rateLimited') {
		tally.rateLimited++;
		pauseForRateLimit(attempt.pacer, Boolean(tokenFailure), failure.headers['retry-after'] !== undefined, attempt.startedAt, decision.delayMs);
	}
	return decision.delayMs;
}

/**
 * The API host's 429 speaks of the client's rate: the whole process pauses for its Retry-After
 * (the 3 s default when it has none) and this process's share of the rate is cut. The login host's
 * 429 says nothing about the API rate: it pauses only when Genesys named a time.
 */
function pauseForRateLimit(pacer: RequestPacer, fromLoginHost: boolean, named: boolean, startedAt: number, waitMs: number) {
	if (!fromLoginHost) pacer.rateLimited(startedAt, waitMs);
	else if (named) pacer.pauseUntil(Date.now() + waitMs);
}
