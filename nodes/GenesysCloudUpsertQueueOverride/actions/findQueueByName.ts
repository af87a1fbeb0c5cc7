import { queuePages } from '../../shared/acw/queueApi';
import type { CallScope } from '../../shared/execution/callScope';
import { findByExactName } from '../../shared/findByExactName';
import type { Queue } from '../../shared/genesysTypes';

/** Exact, case-sensitive name match; the server-side filter (asterisks removed) only narrows the pages. */
export async function findQueueByName(scope: CallScope, name: string): Promise<Queue> {
	return await findByExactName(scope, name, {
		noun: 'queue',
		pages: queuePages(scope, { name: name.replace(/\*/g, '') }),
		notFoundHint: 'Names are compared exactly, including case. Pick the queue from the list, or give its ID.',
	});
}
