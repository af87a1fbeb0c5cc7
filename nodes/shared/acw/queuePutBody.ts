import type { IDataObject } from 'n8n-workflow';

import type { AcwSettings, Queue } from '../genesysTypes';

/**
 * An empty or blank conditional-group-activation pilot rule (no conditions, no expression). Genesys's
 * own Terraform provider leaves such a rule out of every queue body because it "can trigger platform
 * NPEs" (PR #2310, API-NOTES §8.10); without it, the queue's rules simply run on every check.
 */
function isBlankPilotRule(rule: unknown): boolean {
	if (rule === null) return true;
	if (typeof rule !== 'object' || Array.isArray(rule)) return false;
	const { conditions, conditionExpression } = rule as IDataObject;
	const noConditions = conditions === undefined || conditions === null || (Array.isArray(conditions) && conditions.length === 0);
	const noExpression = conditionExpression === undefined || conditionExpression === null || String(conditionExpression).trim() === '';
	return noConditions && noExpression;
}

/**
 * The body of a queue PUT: the queue exactly as read (a PUT clears every field it leaves out,
 * API-NOTES §5.2), fields this code has never heard of included, with only `acwSettings` replaced,
 * and two exceptions Genesys's own Terraform provider makes before every queue PUT:
 * - the first conditional-group-routing rule always evaluates the current queue, the GET names that
 *   queue on it, and a PUT that sends it back is refused (§8.1). So rule 1's `queue` is left out
 *   (what Terraform's `nil` puts on the wire); every other rule goes back as read;
 * - an empty or blank `pilotRule` is left out (§8.10).
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
	const activation = queue.conditionalGroupActivation as IDataObject | undefined;
	if (activation && typeof activation === 'object' && 'pilotRule' in activation && isBlankPilotRule(activation.pilotRule)) {
		const withoutPilot: IDataObject = { ...activation };
		delete withoutPilot.pilotRule;
		body.conditionalGroupActivation = withoutPilot;
	}
	return body;
}
