import { queuePages } from '../../shared/acw/queueApi';
import { queueNameFilter } from '../../shared/acw/queueNameFilter';
import type { CallScope } from '../../shared/execution/callScope';
import { findByExactName } from '../../shared/findByExactName';
import type { Queue } from '../../shared/genesysTypes';

/**
 * Exact, case-sensitive name match; the server-side filter only narrows the pages. A name with an
 * asterisk of its own ("VIP*Line") is still found: the filter keeps its longest part, not the
 * name with the asterisks dropped, which an exact-name filter would never match.
 */
export async function findQueueByName(scope: CallScope, name: string): Promise<Queue> {
	return await findByExactName(scope, name, {
		noun: 'queue',
		pages: queuePages(scope, { name: queueNameFilter(name) }),
		notFoundHint: 'Names are compared exactly, including case. Pick the queue from the list, or give its ID.',
	});
}
