import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ACW_TIMEOUT_MAX_SECONDS, QUEUE_PROMPTS, WRAPUP_PROMPT_OPTIONS } from '../shared/acw/acwSettings';
import type { ExpectedAcw } from '../shared/acw/onlyIfCurrentAcw';
import type { QueueWrapupPrompt } from '../shared/genesysTypes';
import { requireInteger } from '../shared/validation/numbers';

const FIELD = 'Only If Current Settings Are';

/** Compare-and-set (issue 18): the queue is written only while it still has these settings. */
export const onlyIfCurrentOption: INodeProperties = {
	displayName: FIELD,
	name: 'onlyIfCurrent',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Expected Settings',
	description:
		"Write only while the queue still has these settings; otherwise the item's outcome is \"conflict\", naming what was found, and nothing is written. Undo a change without overwriting one made since.",
	options: [
		{
			displayName: 'Settings',
			name: 'settings',
			values: [
				{
					displayName: 'Wrap-Up Prompt',
					name: 'wrapupPrompt',
					type: 'options',
					default: 'MANDATORY_TIMEOUT',
					options: WRAPUP_PROMPT_OPTIONS,
					description: 'The prompt the queue must have now',
				},
				{
					displayName: 'ACW Timeout (Seconds)',
					name: 'timeoutSeconds',
					type: 'string',
					default: '',
					placeholder: 'e.g. 120 (empty compares the prompt only)',
					description: 'The timeout the queue must use now, 1 to 3600 seconds; empty compares the prompt only',
				},
			],
		},
	],
};

/** The expected settings of one item, checked before any request; undefined when the option is not set. */
export function readOnlyIfCurrent(ctx: IExecuteFunctions, itemIndex: number): ExpectedAcw | undefined {
	const node = ctx.getNode();
	const option = ctx.getNodeParameter('options.onlyIfCurrent', itemIndex, {}) as {
		settings?: { wrapupPrompt?: unknown; timeoutSeconds?: unknown };
	};
	const settings = option.settings;
	if (!settings) return undefined;
	const prompt = settings.wrapupPrompt;
	if (typeof prompt !== 'string' || !QUEUE_PROMPTS.includes(prompt as QueueWrapupPrompt)) {
		throw new NodeOperationError(node, `${FIELD} > Wrap-Up Prompt must be one of ${QUEUE_PROMPTS.join(', ')}, got ${JSON.stringify(prompt ?? null)}`, {
			itemIndex,
		});
	}
	const timeout = settings.timeoutSeconds;
	if (timeout === undefined || timeout === null || (typeof timeout === 'string' && timeout.trim() === '')) {
		return { wrapupPrompt: prompt as QueueWrapupPrompt };
	}
	const timeoutSeconds = requireInteger(
		node,
		timeout,
		{ field: `${FIELD} > ACW Timeout (Seconds)`, min: 1, max: ACW_TIMEOUT_MAX_SECONDS, unit: 'seconds' },
		itemIndex,
	);
	return { wrapupPrompt: prompt as QueueWrapupPrompt, timeoutSeconds };
}
