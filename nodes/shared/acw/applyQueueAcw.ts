import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../asNodeError';
import type { CallScope } from '../execution/callScope';
import { readFailedAfterWrite, retriedWrite } from '../execution/retriedWrite';
import type { AcwSettings, Queue } from '../genesysTypes';
import type { WriteStep } from '../execution/writeFromFreshRead';
import { writeFromFreshRead } from '../execution/writeFromFreshRead';
import { acwSatisfies, acwView } from './acwSettings';
import { getQueue, putQueue } from './queueApi';
import type { CurrentAcwCheck } from './onlyIfCurrentAcw';
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
	/** compare-and-set ("Only If Current Settings Are"): checked on every read a write is planned from */
	onlyIfCurrent?: (current: AcwSettings | undefined) => CurrentAcwCheck;
}

/**
 * The settings a queue should get, computed from the queue as just read (every read, retries
 * included), so it may keep what is there ("keep current" in the override node). Refusing a state
 * is the compare-and-set's job (`onlyIfCurrent`), not this function's.
 */
export type DesiredAcw = (current: AcwSettings | undefined, queue: Queue) => AcwSettings;

interface QueueWrite {
	queue: Queue;
	target: AcwSettings;
}

/** Whether a PUT answer carries ACW settings to verify from (`acwSettings: null` does not). */
export const hasAcwSettings = (answer: unknown): answer is Queue =>
	typeof answer === 'object' && answer !== null && typeof (answer as Queue).acwSettings === 'object' && (answer as Queue).acwSettings !== null;

/**
 * The plan for one read: a queue already at the target needs no write, whatever a compare-and-set
 * says (so a second undo of the same run is a no-op); otherwise the compare-and-set must hold.
 */
function planFrom(desired: DesiredAcw, onlyIfCurrent: QueueWriteOptions['onlyIfCurrent']) {
	return (queue: Queue): WriteStep<QueueWrite> => {
		const target = desired(queue.acwSettings, queue);
		if (acwSatisfies(queue.acwSettings, target)) return { kind: 'noWrite' };
		const check = onlyIfCurrent?.(queue.acwSettings);
		if (check && !check.ok) return { kind: 'conflict', reason: check.reason };
		return { kind: 'write', write: { queue, target } };
	};
}

/** Outcome `conflict`: nothing written by this item (an earlier failed PUT, if any, did not hold). */
function conflictResult(queue: Queue, reason: string, dryRun: boolean): QueueAcwResult {
	const found = acwView(queue.acwSettings);
	const seen = dryRun ? { current: found } : { before: found, after: found };
	return { queueId: queue.id, queueName: queue.name, outcome: 'conflict', ...seen, found, reason: `Queue "${queue.name}": ${reason}`, changed: false };
}

/** putUntilApplied's answer when a fresh read after a failed PUT no longer allows the write. */
class QueueConflict extends Error {
	constructor(
		readonly queue: Queue,
		readonly reason: string,
	) {
		super(reason);
	}
}

/**
 * Writes the queue and returns the queue to verify against, with the target it was written for. A
 * PUT whose answer failed may still have been applied, so it is never resent blindly: the queue is
 * read again, the target computed again from that read (keeping whatever another writer changed
 * meanwhile), and written again only if it still differs; a 500 that persists ends as a failure
 * after the transport's attempts (retriedWrite.ts).
 */
async function putUntilApplied(
	scope: CallScope,
	first: Queue,
	plan: (queue: Queue) => WriteStep<QueueWrite>,
	options: QueueWriteOptions,
): Promise<{ verified: Queue; target: AcwSettings }> {
	const node = scope.ctx.getNode();
	let target: AcwSettings | undefined;
	const outcome = await writeFromFreshRead<Queue, QueueWrite, Queue>(first, {
		plan: (queue) => {
			const step = plan(queue);
			if (step.kind === 'write') target = step.write.target;
			return step;
		},
		send: async ({ queue, target: settings }) => await putQueue(scope, queuePutBody(queue, settings)),
		read: async (putError) => {
			try {
				return await getQueue(scope, first.id);
			} catch (readError) {
				const sent = `PUT setting ${JSON.stringify(acwView(target))}`;
				// The message itself (what Continue On Fail and the policy's per-queue reason show)
				// must say that the write may have happened.
				throw readFailedAfterWrite(scope, putError, readError, { sent, rereads: 'the queue' }, (readFailure) =>
					new NodeOperationError(
						node,
						`Queue "${first.name}": a PUT failed and may have been applied; reading the queue again failed too (${readFailure.message}), so its ACW settings are unknown`,
						{
							itemIndex: scope.itemIndex,
							description: `${sent}: ${(putError as Error).message}. Read: ${readFailure.description ?? readFailure.message}`,
						},
					),
				);
			}
		},
		...retriedWrite(scope, 'the queue'),
	});
	if (outcome.kind === 'conflict') throw new QueueConflict(outcome.state, outcome.reason);
	// the queue read after a failed PUT already holds the target: that PUT (or another writer) applied it
	if (outcome.kind === 'noWrite') return { verified: outcome.state, target: target! };
	// Genesys answers the PUT with the queue it stored (spec: Queue): that is the verification,
	// unless the user asked for a separate read, or the answer carries no ACW settings to check.
	if (!options.verifyWithRead && hasAcwSettings(outcome.answer)) return { verified: outcome.answer, target: outcome.write.target };
	try {
		return { verified: await getQueue(scope, first.id), target: outcome.write.target };
	} catch (error) {
		// The write happened: say so, rather than let a failed read hide it.
		throw new NodeOperationError(node, `Queue "${first.name}" was written but could not be read back to verify`, {
			itemIndex: scope.itemIndex,
			description: `The PUT setting ${JSON.stringify(acwView(outcome.write.target))} was accepted; the read-back failed: ${(error as Error).message}`,
		});
	}
}

/**
 * Read-compare-write for one queue: read it, and only if its acwSettings differ, PUT it back
 * exactly as read with only acwSettings replaced, then verify from Genesys's answer (or a second
 * read, as chosen). Queues have no version, so a concurrent writer is only visible there.
 * `desired` is asked again for every read, so it may depend on the current settings ("keep
 * current" in the override node) and `onlyIfCurrent` may refuse a state (a compare-and-set).
 */
export async function applyQueueAcw(
	scope: CallScope,
	queueId: string,
	desired: DesiredAcw,
	options: QueueWriteOptions,
): Promise<QueueAcwResult> {
	const queue = await getQueue(scope, queueId);
	const plan = planFrom(desired, options.onlyIfCurrent);
	const step = plan(queue);
	const ids = { queueId: queue.id, queueName: queue.name };
	const current = acwView(queue.acwSettings);
	if (step.kind === 'conflict') return conflictResult(queue, step.reason, options.dryRun);
	// a dry run speaks of `current` and `wouldSetTo` only; a real run of `before` and `after`
	if (step.kind === 'noWrite') {
		const unchanged = options.dryRun ? { current, wouldSetTo: current } : { before: current, after: current };
		return { ...ids, outcome: 'unchanged', ...unchanged, changed: false };
	}
	if (options.dryRun) return { ...ids, outcome: 'wouldChange', current, wouldSetTo: acwView(step.write.target), changed: false };
	let written: { verified: Queue; target: AcwSettings };
	try {
		written = await putUntilApplied(scope, queue, plan, options);
	} catch (error) {
		// another writer changed the queue between a failed PUT and the fresh read: keep its change
		if (error instanceof QueueConflict) return { ...conflictResult(error.queue, error.reason, false), before: current };
		throw asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
	}
	const { verified, target } = written;
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
