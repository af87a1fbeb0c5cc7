import type { IDataObject } from 'n8n-workflow';

import type { CallScope } from '../execution/callScope';
import type { Queue } from '../genesysTypes';
import { genesysApiRequest } from '../transport/genesysApiRequest';
import { genesysPages } from '../transport/paging';
import { pathId } from '../transport/pathId';


const queuePath = (id: string) => `/api/v2/routing/queues/${pathId(id)}`;

export async function getQueue(scope: CallScope, id: string): Promise<Queue> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: queuePath(id),
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as Queue;
}

/**
 * PUT replaces the whole queue: a field left out is cleared (API-NOTES §5.2). The body is the
 * queue exactly as read, so every field the node does not manage goes back unchanged. Not resent
 * by the transport after a failure: the caller reads the queue first (applyQueueAcw).
 */
export async function putQueue(scope: CallScope, queue: Queue): Promise<Queue> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'PUT',
		path: queuePath(queue.id),
		body: queue,
		safeToRepeat: false,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as Queue;
}

/** Pages of queues; `qs` carries name (with * wildcards), repeated id / divisionId filters. */
export async function* queuePages(scope: CallScope, qs: IDataObject): AsyncGenerator<Queue[]> {
	yield* genesysPages<Queue>(scope.ctx, {
		path: '/api/v2/routing/queues',
		qs,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	});
}
