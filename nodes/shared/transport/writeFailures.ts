import { NodeApiError } from 'n8n-workflow';

import { TRANSIENT_STATUSES } from './retryPolicy';

/**
 * A write that failed this way may or may not have been applied (408, server errors, lost answers)
 * or lost a race (409): the caller reads the state again, then decides whether to write again.
 * That is how the nodes retry writes without ever applying one twice.
 */
export function isRetryableWriteFailure(error: unknown): error is NodeApiError {
	if (!(error instanceof NodeApiError)) return false;
	if (!error.httpCode) return true; // no answer at all (dropped connection, timeout)
	const status = Number(error.httpCode);
	return status === 409 || TRANSIENT_STATUSES.has(status);
}

/**
 * Whether a failed write may still have been applied: no answer, a request timeout or a server
 * error. A refusal (409) says it was not, so a message after it must not claim a possible write.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	if (!error.httpCode) return true;
	return TRANSIENT_STATUSES.has(Number(error.httpCode));
}
