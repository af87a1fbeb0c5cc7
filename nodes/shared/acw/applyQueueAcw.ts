import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../asNodeError';
import type { CallScope } from '../execution/callScope';
import type { AcwSettings, Queue } from '../genesysTypes';
import { cancellableSleep } from '../transport/cancellableSleep';
import { executionCancelledError } from '../transport/cancellation';
import { DEFAULT_RETRY_BUDGET } from '../transport/retryPolicy';
import { isRetryableWriteFailure } from '../transport/writeFailures';
import { acwSatisfies, acwView } from './acwSettings';
import type { CurrentAcwCheck } from './onlyIfCurrentAcw';
import { queueConflict, queueConflictOf } from './onlyIfCurrentAcw';
import { getQueue, putQueue } from './queueApi';
import { queuePutBody } from './queuePutBody';

export interface QueueAcwResult extends IDataObject {
	queueId: string;
	queueName: string;
	outcome: 'changed' | 'unchanged' | 'conflict' | 'wouldChange';
	/** a real run: the settings before and after; a dry run shows `current` and `wouldSetTo` instead */
	before?: IDataObject;
	after?: IDataObject;
	changed: boolean;
}

export interface QueueWriteOptions {
	/** report what would change, write nothing */
	dryRun: boolean;
	/** verify with a separate GET after the PUT instead of Genesys's answer to the PUT */
	verifyWithRead: boolean;
	/** compare-and-set: checked on every read a write is computed from; not ok writes nothing */
	onlyIfCurrent?: (current: AcwSettings | undefined) => CurrentAcwCheck;
}

// The transport's retry budget, applied here because a PUT is only resent after a fresh read.
const { maxAttempts: MAX_PUT_ATTEMPTS, baseDelayMs: RETRY_BASE_DELAY_MS } = DEFAULT_RETRY_BUDGET;

const hasAcwSettings = (answer: unknown): answer is Queue =>
	typeof answer === 'object' && answer !== null && typeof (answer as Queue).acwSettings === 'object';

/**
 * Writes the queue and returns the queue to verify against. A PUT whose answer failed may still
 * have been applied, so it is never resent blindly: the queue is read again, and written again
 * (from that fresh read, keeping whatever another writer changed meanwhile) only if it still
 * differs; a 500 that persists ends as a failure after MAX_PUT_ATTEMPTS.
 */
async function putUntilApplied(scope: CallScope, first: Queue, target: AcwSettings, options: QueueWriteOptions): Promise<Queue> {
	const node = scope.ctx.getNode();
	let current = first;
	let answer: unknown;
	for (let attempt = 1; ; attempt++) {
		try {
			answer = await putQueue(scope, queuePutBody(current, target));
			break;
		} catch (error) {
			if (!isRetryableWriteFailure(error)) throw asNodeError(node, error, scope.itemIndex);
			if (attempt >= MAX_PUT_ATTEMPTS) {
				const failed = asNodeError(node, error, scope.itemIndex);
				failed.description = `gave up after ${attempt} attempts, reading the queue before each retry (it still differed) · ${failed.description ?? ''}`;
				throw failed;
			}
			const waited = await cancellableSleep(RETRY_BASE_DELAY_MS * 2 ** (attempt - 1), scope.ctx.getExecutionCancelSignal());
			if (!waited) throw executionCancelledError(node, scope.itemIndex);
			try {
				current = await getQueue(scope, first.id);
			} catch (readError) {
				// The message itself (what Continue On Fail and the policy's per-queue reason show)
				// must say that the write may have happened: a failed item never hides a write.
				const readFailure = asNodeError(node, readError, scope.itemIndex);
				throw new NodeOperationError(
					node,
					`Queue "${first.name}": a PUT failed and may have been applied; reading the queue again failed too (${readFailure.message}), so its ACW settings are unknown`,
					{
						itemIndex: scope.itemIndex,
						description: `PUT setting ${JSON.stringify(acwView(target))}: ${(error as Error).message}. Read: ${readFailure.description ?? readFailure.message}`,
					},
				);
			}
			if (acwSatisfies(current.acwSettings, target)) return current; // the failed PUT had been applied
			const recheck = options.onlyIfCurrent?.(current.acwSettings);
			if (recheck && !recheck.ok) throw queueConflict(node, recheck, scope.itemIndex); // another writer changed it meanwhile
		}
	}
	// Genesys answers the PUT with the queue it stored (spec: Queue): that is the verification,
	// unless the user asked for a separate read, or the answer carries no ACW settings to check.
	if (!options.verifyWithRead && hasAcwSettings(answer)) return answer;
	try {
		return await getQueue(scope, first.id);
	} catch (error) {
		// The write happened: say so, rather than let a failed read hide it.
		throw new NodeOperationError(node, `Queue "${first.name}" was written but could not be read back to verify`, {
			itemIndex: scope.itemIndex,
			description: `The PUT setting ${JSON.stringify(acwView(target))} was accepted; the read-back failed: ${(error as Error).message}`,
		});
	}
}

/**
 * Read-compare-write for one queue: read it, and only if its acwSettings differ, PUT it back
 * exactly as read with only acwSettings replaced, then verify from Genesys's answer (or a second
 * read, as chosen). Queues have no version, so a concurrent writer is only visible there.
 * `desired` may depend on the current settings ("keep current" in the override node).
 */
export async function applyQueueAcw(
	scope: CallScope,
	queueId: string,
	desired: (current: AcwSettings | undefined) => AcwSettings,
	options: QueueWriteOptions,
): Promise<QueueAcwResult> {
	const queue = await getQueue(scope, queueId);
	const target = desired(queue.acwSettings);
	const ids = { queueId: queue.id, queueName: queue.name };
	const current = acwView(queue.acwSettings);
	// a dry run speaks of `current` and `wouldSetTo` only; a real run of `before` and `after`
	const unchanged = options.dryRun ? { current, wouldSetTo: current } : { before: current, after: current };
	if (acwSatisfies(queue.acwSettings, target)) return { ...ids, outcome: 'unchanged', ...unchanged, changed: false };
	const check = options.onlyIfCurrent?.(queue.acwSettings);
	if (check && !check.ok) return conflictResult(queue, check, options.dryRun);
	if (options.dryRun) return { ...ids, outcome: 'wouldChange', current, wouldSetTo: acwView(target), changed: false };
	let verified: Queue;
	try {
		verified = await putUntilApplied(scope, queue, target, options);
	} catch (error) {
		const conflict = queueConflictOf(error);
		if (conflict) return { ...conflictResult(queue, conflict, false), before: current };
		throw asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
	}
	if (!acwSatisfies(verified.acwSettings, target)) {
		const message = options.verifyWithRead
			? `Queue "${queue.name}" reads back other ACW settings than were written`
			: `Genesys Cloud answered the PUT of queue "${queue.name}" with other ACW settings than were written`;
		throw new NodeOperationError(scope.ctx.getNode(), message, {
			itemIndex: scope.itemIndex,
			description: `Written ${JSON.stringify(acwView(target))}, found ${JSON.stringify(acwView(verified.acwSettings))}: another writer may have changed the queue at the same time.`,
		});
	}
	return { ...ids, outcome: 'changed', before: current, after: acwView(verified.acwSettings), changed: true };
}

function conflictResult(queue: Queue, check: Extract<CurrentAcwCheck, { ok: false }>, dryRun: boolean): QueueAcwResult {
	const seen = dryRun ? { current: check.found } : { before: check.found, after: check.found };
	return { queueId: queue.id, queueName: queue.name, outcome: 'conflict', ...seen, found: check.found, reason: `Queue "${queue.name}": ${check.reason}`, changed: false };
}
