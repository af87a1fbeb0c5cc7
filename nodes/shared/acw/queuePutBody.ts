import type { IDataObject } from 'n8n-workflow';

import type { AcwSettings, Queue } from '../genesysTypes';

/**
 * The body of a queue PUT: the queue exactly as read (a PUT clears every field it leaves out,
 * API-NOTES §5.2) with only `acwSettings` replaced, and one exception Genesys's own Terraform
 * provider makes before every queue PUT (§8.1): the first conditional-group-routing rule always
 * evaluates the current queue, the GET names that queue on it, and a PUT that sends it back is
 * refused. So rule 1's `queue` is left out (what Terraform's `nil` puts on the wire); every other
 * rule, and everything else, goes back as read.
 */
export function queuePutBody(queue: Queue, acwSettings: AcwSettings): Queue {
	const body: Queue = { ...queue, acwSettings };
	const routing = queue.conditionalGroupRouting as IDataObject | undefined;
	const rules = routing?.rules;
	if (Array.isArray(rules) && rules.length > 0 && rules[0] !== null && typeof rules[0] === 'object') {
		const firstRule: IDataObject = { ...(rules[0] as IDataObject) };
		delete firstRule.queue;
		body.conditionalGroupRouting = { ...routing, rules: [firstRule, ...rules.slice(1)] };
	}
	return body;
}
