import { NodeOperationError } from 'n8n-workflow';

import type { QueueCallScope } from '../../shared/acw/queueApi';
import { queuePages } from '../../shared/acw/queueApi';
import type { Queue } from '../../shared/genesysTypes';

/** Exact, case-sensitive name match; the server-side filter only narrows the pages. */
export async function findQueueByName(scope: QueueCallScope, name: string): Promise<Queue> {
	const matches: Queue[] = [];
	for await (const page of queuePages(scope, { name: name.replace(/\*/g, '') })) {
		matches.push(...page.filter((queue) => queue.name === name));
	}
	const node = scope.ctx.getNode();
	if (matches.length === 0) {
		throw new NodeOperationError(node, `No queue is named exactly "${name}"`, {
			itemIndex: scope.itemIndex,
			description: 'Names are compared exactly, including case. Pick the queue from the list, or give its ID.',
		});
	}
	if (matches.length > 1) {
		throw new NodeOperationError(node, `${matches.length} queues are named "${name}": ${matches.map((q) => q.id).join(', ')}`, {
			itemIndex: scope.itemIndex,
		});
	}
	return matches[0];
}
