import type { INodeProperties } from 'n8n-workflow';

import { dryRunOption, optionsCollection, readBackOption } from '../shared/descriptions/options';
import { WRAPUP_PROMPT_OPTIONS } from '../shared/acw/acwSettings';

export const properties: INodeProperties[] = [
	{
		displayName:
			'Genesys Cloud has no org-wide after-call work default: this node applies the policy to each queue in scope, writing only the queues that differ.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Wrap-Up Prompt',
		name: 'wrapupPrompt',
		type: 'options',
		default: 'MANDATORY_TIMEOUT',
		options: WRAPUP_PROMPT_OPTIONS,
		description: 'How agents are prompted for after-call work on every queue in scope',
	},
	{
		displayName: 'ACW Timeout (Seconds)',
		name: 'acwTimeoutSeconds',
		type: 'string',
		default: '120',
		placeholder: 'e.g. 120',
		description:
			'Whole seconds from 1 to 3600 (60 minutes). Required for the time-boxed prompts, optional for Agent Requested; Mandatory (discretionary) and Optional take none.',
		// hidden (and not saved) for the prompts that take no timeout; an expression prompt shows it
		displayOptions: { show: { wrapupPrompt: ['MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT', 'AGENT_REQUESTED'] } },
	},
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Queues', value: 'all', description: 'Every queue in the organization' },
			{ name: 'Queues in Divisions', value: 'divisions', description: 'Queues of the chosen divisions' },
			{ name: 'Queues Matching a Name Pattern', value: 'namePattern', description: 'Queue names matching a pattern with * wildcards' },
			{ name: 'A List of Queues', value: 'list', description: 'Exactly the queues chosen' },
		],
	},
	{
		displayName: 'Division Names or IDs',
		name: 'divisionIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getDivisions' },
		default: [],
		displayOptions: { show: { scope: ['divisions'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Name Pattern',
		name: 'namePattern',
		type: 'string',
		default: '',
		placeholder: 'Sales - *',
		displayOptions: { show: { scope: ['namePattern'] } },
		description: 'Queue name with * for any run of characters (case-insensitive), e.g. "Sales - *" or "*EMEA*"',
	},
	{
		displayName: 'Queue Names or IDs',
		name: 'queueIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getQueues' },
		default: [],
		displayOptions: { show: { scope: ['list'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Queues to Exclude (Overrides) Names or IDs',
		name: 'excludeQueueIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getQueues' },
		default: [],
		description:
			'Queues that keep their own settings (their overrides win over the policy). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Org-Wide Switches',
		name: 'orgSwitches',
		type: 'collection',
		placeholder: 'Add Switch',
		default: {},
		description: 'Organization conversation settings that exist in Genesys Cloud; only the switches added here are changed',
		options: [
			{
				displayName: 'Communication Based ACW',
				name: 'communicationBasedACW',
				type: 'boolean',
				default: false,
				description: 'Whether after-call work is tracked per communication rather than per conversation',
			},
			{
				displayName: 'Complete ACW When Agent Goes Offline',
				name: 'completeAcwWhenAgentTransitionsOffline',
				type: 'boolean',
				default: false,
				description: 'Whether pending after-call work is completed when the agent goes offline',
			},
		],
	},
	optionsCollection([
		dryRunOption,
		{
			displayName: 'Max Parallel Queues',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 8,
			description: "Queues worked on at once; requests are also paced under the credential's requests-per-minute",
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'perQueue',
			options: [
				{ name: 'One Item per Queue', value: 'perQueue' },
				{ name: 'One Summary Item', value: 'summary' },
			],
		},
		readBackOption,
	]),
];
