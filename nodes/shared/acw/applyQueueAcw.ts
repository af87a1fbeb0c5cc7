import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AcwSettings, Queue } from '../genesysTypes';
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
	const body: Queue = { ...queue, acwSettings: target };
	await putQueue(scope, body);
	let readBack: Queue;
	try {
		readBack = await getQueue(scope, queueId);
	} catch (error) {
		// The write happened: say so, rather than let a failed read hide it.
		throw new NodeOperationError(scope.ctx.getNode(), `Queue "${queue.name}" was written but could not be read back to verify`, {
			itemIndex: scope.itemIndex,
			description: `The PUT setting ${JSON.stringify(acwView(target))} was accepted; the read-back failed: ${(error as Error).message}`,
		});
	}
	if (!sameAcwSettings(readBack.acwSettings, target)) {
		throw new NodeOperationError(scope.ctx.getNode(), `Queue "${queue.name}" reads back other ACW settings than were written`, {
			itemIndex: scope.itemIndex,
			description: `Written ${JSON.stringify(acwView(target))}, read back ${JSON.stringify(acwView(readBack.acwSettings))}: another writer may have changed the queue at the same time.`,
		});
	}
	return { ...base, after: acwView(readBack.acwSettings), changed: true };
}
