import { asNodeError } from '../asNodeError';
import { executionCancelledError } from '../transport/cancellation';
import { DEFAULT_RETRY_BUDGET } from '../transport/retryPolicy';
import { isRetryableWriteFailure, mayHaveBeenApplied } from '../transport/writeFailures';
import type { CallScope } from './callScope';
import type { FreshReadWrite } from './writeFromFreshRead';

type RetrySettings = Pick<FreshReadWrite<unknown, unknown, unknown>, 'onFailedSend' | 'maxAttempts' | 'backoffMs' | 'signal' | 'cancelled' | 'exhausted'>;

/**
 * The retry half of writeFromFreshRead for a settings write (a queue PUT, the org switches PATCH):
 * after a failure that may not have been applied and may pass (writeFailures.ts), wait with the
 * transport's exponential backoff, read again and plan again, at most the transport's attempts;
 * any other failure fails the item at once. `rereads` names what is read after each failure
 * ("the queue"), for the message when the attempts run out.
 */
export function retriedWrite(scope: CallScope, rereads: string): RetrySettings {
	const node = scope.ctx.getNode();
	const { maxAttempts, baseDelayMs } = DEFAULT_RETRY_BUDGET;
	return {
		onFailedSend: (error) => {
			if (!isRetryableWriteFailure(error)) throw asNodeError(node, error, scope.itemIndex);
		},
		maxAttempts,
		backoffMs: (attempts) => baseDelayMs * 2 ** (attempts - 1),
		signal: scope.ctx.getExecutionCancelSignal(),
		cancelled: () => executionCancelledError(node, scope.itemIndex),
		exhausted: (error, attempts) => {
			const failed = asNodeError(node, error, scope.itemIndex);
			failed.description = [`gave up after ${attempts} attempts, reading ${rereads} after each (it still differed)`, failed.description].filter(Boolean).join(' · ');
			return failed;
		},
	};
}

/** What a failed write sent and what is read again after it, for the messages below. */
interface WriteWords {
	/** "PUT setting {…}" */
	sent: string;
	/** "the queue" */
	rereads: string;
	/** a sentence that follows "nothing was written" ("No queue was written.") */
	also?: string;
}

/**
 * The read after a failed write failed too. A refused write (409) was not applied, so the item
 * fails with the read's own error, its description saying nothing was written; a write that may
 * have been applied (no answer, 408, 5xx) gets `mayHaveApplied`'s error, whose message must say
 * so: a failed item never hides a write.
 */
export function readFailedAfterWrite(
	scope: CallScope,
	writeError: unknown,
	readError: unknown,
	words: WriteWords,
	mayHaveApplied: (readFailure: ReturnType<typeof asNodeError>) => Error,
): Error {
	const readFailure = asNodeError(scope.ctx.getNode(), readError, scope.itemIndex);
	if (mayHaveBeenApplied(writeError)) return mayHaveApplied(readFailure);
	const refused = `The ${words.sent} was refused (${(writeError as Error).message}), so nothing was written; reading ${words.rereads} again failed.`;
	readFailure.description = [refused, words.also, readFailure.description].filter(Boolean).join(' ');
	return readFailure;
}
