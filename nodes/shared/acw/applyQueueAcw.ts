import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../asNodeError';
import type { AcwSettings, Queue } from '../genesysTypes';
import { cancellableSleep } from '../transport/cancellableSleep';
import { executionCancelledError } from '../transport/cancellation';
import { DEFAULT_RETRY_BUDGET } from '../transport/retryPolicy';
import { isRetryableWriteFailure } from '../transport/writeFailures';
import { acwView, sameAcwSettings } from './acwSettings';
import type { QueueCallScope } from './queueApi';
import { getQueue, putQueue } from './queueApi';

export interface QueueAcwResult extends IDataObject {
	queueId: string;
	queueName: string;
	before: IDataObject;
	after: IDataObject;
	changed: boolean;
}

// The transport's retry budget, applied here because a PUT is only resent after a fresh read.
const { maxAttempts: MAX_PUT_ATTEMPTS, baseDelayMs: RETRY_BASE_DELAY_MS } = DEFAULT_RETRY_BUDGET;

/**
 * Writes the queue and returns it as read back. A PUT whose answer failed may still have been
 * applied, so it is never resent blindly: the queue is read again and written again only if it
 * still differs (a 500 that persists ends as a failure after MAX_PUT_ATTEMPTS).
 */
async function putUntilApplied(scope: QueueCallScope, first: Queue, target: AcwSettings): Promise<Queue> {
	const node = scope.ctx.getNode();
	let current = first;
	for (let attempt = 1; ; attempt++) {
		try {
			await putQueue(scope, { ...current, acwSettings: target });
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
				const failed = asNodeError(node, readError, scope.itemIndex);
				failed.description = `A PUT of queue "${first.name}" failed (${(error as Error).message}) and may have been applied; reading the queue again failed too, so its ACW settings are unknown. ${failed.description ?? ''}`;
				throw failed;
			}
			if (sameAcwSettings(current.acwSettings, target)) return current; // the failed PUT had been applied
		}
	}
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
 * exactly as read with only acwSettings replaced, then read it again to verify (queues have no
 * version, so a concurrent writer is only visible on the read-back).
 * `desired` may depend on the current settings ("keep current" in the override node).
 */
export async function applyQueueAcw(
	scope: QueueCallScope,
	queueId: string,
	desired: (current: AcwSettings | undefined) => AcwSettings,
	dryRun: boolean,
): Promise<QueueAcwResult> {
	const queue = await getQueue(scope, queueId);
	const target = desired(queue.acwSettings);
	const base = { queueId: queue.id, queueName: queue.name, before: acwView(queue.acwSettings) };
	if (sameAcwSettings(queue.acwSettings, target)) {
		return { ...base, after: acwView(queue.acwSettings), changed: false };
	}
	if (dryRun) {
		return { ...base, after: acwView(queue.acwSettings), wouldSetTo: acwView(target), changed: false };
	}
	const readBack = await putUntilApplied(scope, queue, target);
	if (!sameAcwSettings(readBack.acwSettings, target)) {
		throw new NodeOperationError(scope.ctx.getNode(), `Queue "${queue.name}" reads back other ACW settings than were written`, {
			itemIndex: scope.itemIndex,
			description: `Written ${JSON.stringify(acwView(target))}, read back ${JSON.stringify(acwView(readBack.acwSettings))}: another writer may have changed the queue at the same time.`,
		});
	}
	return { ...base, after: acwView(readBack.acwSettings), changed: true };
}
