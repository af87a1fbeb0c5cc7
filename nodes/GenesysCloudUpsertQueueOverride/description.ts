import type { INodeProperties } from 'n8n-workflow';

import { dryRunOption, optionsCollection, readBackOption } from '../shared/descriptions/options';
import { WRAPUP_PROMPT_OPTIONS } from '../shared/acw/acwSettings';
import { queueLocator } from '../shared/descriptions/resourceLocators';
import { onlyIfCurrentOption } from './onlyIfCurrentOption';

export const KEEP_CURRENT = 'keepCurrent';

export const properties: INodeProperties[] = [
	queueLocator(),
	{
		displayName: 'Wrap-Up Prompt',
		name: 'wrapupPrompt',
		type: 'options',
		default: KEEP_CURRENT,
		options: [
			{ name: 'Keep Current', value: KEEP_CURRENT, description: "Leave the queue's prompt as it is" },
			...WRAPUP_PROMPT_OPTIONS,
		],
		description: "How agents on this queue are prompted for after-call work; this override wins over the org's policy runs",
	},
	{
		displayName: 'ACW Timeout (Seconds)',
		name: 'acwTimeoutSeconds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 120 (empty keeps the current timeout)',
		description:
			'Whole seconds from 1 to 3600. Empty keeps the current timeout where the prompt allows one. Required for the time-boxed prompts, refused for Mandatory (discretionary) and Optional.',
	},
	optionsCollection([dryRunOption, onlyIfCurrentOption, readBackOption]),
];
