import type { INodeProperties } from 'n8n-workflow';

import { dryRunOption, optionsCollection, readBackOption } from '../shared/descriptions/options';
import { dataActionLocator } from '../shared/descriptions/resourceLocators';

export const properties: INodeProperties[] = [
	dataActionLocator,
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 60, numberPrecision: 0 },
		default: 10,
		required: true,
		description:
			'How long Genesys Cloud waits for the action\'s web service, in whole seconds from 1 to 60 (the platform maximum). A CRM lookup that takes 5 s needs more than 5. A function data action also has its function\'s own timeout (1 to 15 s), which the output reports.',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'published',
		options: [
			{
				name: 'Update Published Action',
				value: 'published',
				description: 'Change the live action at once (with its version, so a concurrent edit is never overwritten)',
			},
			{
				name: 'Save as Draft for Review',
				value: 'draft',
				description: "Put the new timeout in the action's draft and validate it; the live action is unchanged until someone publishes",
			},
		],
	},
	optionsCollection([
		dryRunOption,
		{
			displayName: 'Only If Current Timeout Is',
			name: 'onlyIfCurrentTimeout',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3',
			description:
				"Write only while the timeout is still this many seconds (1 to 60); otherwise the item's outcome is \"conflict\", naming what was found, and nothing is written. Undo a change without overwriting one made since.",
		},
		readBackOption,
	]),
];
