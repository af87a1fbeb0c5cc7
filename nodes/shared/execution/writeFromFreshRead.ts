import { cancellableSleep } from '../transport/cancellableSleep';

/**
 * What to do, decided from a state just read. The target is always computed from this read, never
 * carried over from an earlier one: a retry after another writer's change keeps that change.
 * - write: send this;
 * - noWrite: the state already is what the caller wants (a lost answer's write was applied, or
 *   another writer got there first);
 * - conflict: the state is not the one the caller may write over (a compare-and-set such as "Only
 *   If Current Settings Are" found something else); `reason` says what.
 */
export type WriteStep<W> = { kind: 'write'; write: W } | { kind: 'noWrite' } | { kind: 'conflict'; reason: string };

export interface FreshReadWrite<S, W, A> {
	/** From a state just read: what to send, or why nothing is sent. May read more (templates). */
	plan(state: S): WriteStep<W> | Promise<WriteStep<W>>;
	send(write: W): Promise<A>;
	/**
	 * A send failed: throw to fail the item (the failure says nothing about the state, or says the
	 * item must stop); return to read the state again and plan again.
	 */
	onFailedSend(error: unknown, attempts: number): void | Promise<void>;
	/** Reads the state again after a failed send (`error`: that send's failure, for messages). */
	read(error: unknown): Promise<S>;
	/** sends at most, the first included */
	maxAttempts: number;
	/** wait before the read that may lead to send number `attempts + 1` (0: none) */
	backoffMs(attempts: number): number;
	signal?: AbortSignal;
	/** the one "execution was cancelled" error */
	cancelled(): Error;
	/** the fresh read after the last allowed send still needs a write */
	exhausted(lastError: unknown, attempts: number): Error;
}

export type FreshReadOutcome<S, W, A> =
	| { kind: 'written'; answer: A; write: W; attempts: number }
	| { kind: 'noWrite'; state: S; attempts: number }
	| { kind: 'conflict'; state: S; reason: string; attempts: number };

/**
 * The one write-then-re-read loop of the package (queue PUT, data action versioned write, End ACW's
 * write, the org switches): plan from a read, send, and after a failure worth it, wait, read
 * again and plan again from that read. After the last allowed send the state is still read once
 * more: a lost answer may hide a write that was applied. `attempts` in the outcome counts sends
 * (0: the first read needed no write).
 */
export async function writeFromFreshRead<S, W, A>(first: S, loop: FreshReadWrite<S, W, A>): Promise<FreshReadOutcome<S, W, A>> {
	let state = first;
	let attempts = 0;
	let lastError: unknown;
	for (;;) {
		const step = await loop.plan(state);
		if (step.kind === 'noWrite') return { kind: 'noWrite', state, attempts };
		if (step.kind === 'conflict') return { kind: 'conflict', state, reason: step.reason, attempts };
		if (attempts >= loop.maxAttempts) throw loop.exhausted(lastError, attempts);
		attempts++;
		try {
			return { kind: 'written', answer: await loop.send(step.write), write: step.write, attempts };
		} catch (error) {
			await loop.onFailedSend(error, attempts);
			lastError = error;
		}
		const delay = attempts < loop.maxAttempts ? loop.backoffMs(attempts) : 0;
		if (!(await cancellableSleep(delay, loop.signal))) throw loop.cancelled();
		state = await loop.read(lastError);
	}
}
