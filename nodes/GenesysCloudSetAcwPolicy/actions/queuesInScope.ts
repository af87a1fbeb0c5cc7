import type { IDataObject } from 'n8n-workflow';

import type { CallScope } from '../../shared/execution/callScope';
import { queuePages } from '../../shared/acw/queueApi';
import { queueNameFilter } from '../../shared/acw/queueNameFilter';
import type { Queue } from '../../shared/genesysTypes';
import type { PolicyScope } from './readPolicy';

/** Genesys takes at most this many `id` values in one queue listing request. */
const IDS_PER_REQUEST = 50;

function patternToRegExp(pattern: string): RegExp {
	const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
	return new RegExp(`^${escaped.join('.*')}$`, 'i');
}

/** Pages of the queues in scope; the listing carries each queue's acwSettings. */
export async function* queuesInScope(scope: CallScope, policyScope: PolicyScope): AsyncGenerator<Queue[]> {
	const requests: IDataObject[] = [];
	let keep: (queue: Queue) => boolean = () => true;
	switch (policyScope.kind) {
		case 'all':
			requests.push({});
			break;
		case 'divisions':
			requests.push({ divisionId: policyScope.divisionIds });
			break;
		case 'namePattern': {
			const regex = patternToRegExp(policyScope.pattern);
			keep = (queue) => regex.test(queue.name);
			// the server narrows the pages; the pattern is matched here, in full
			requests.push({ name: queueNameFilter(policyScope.pattern) });
			break;
		}
		case 'list':
			for (let start = 0; start < policyScope.queueIds.length; start += IDS_PER_REQUEST) {
				requests.push({ id: policyScope.queueIds.slice(start, start + IDS_PER_REQUEST) });
			}
			break;
	}
	for (const qs of requests) {
		for await (const page of queuePages(scope, qs)) {
			const kept = page.filter(keep);
			if (kept.length) yield kept;
		}
	}
}
