import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../shared/descriptions/options';
import { wrapupCodeLocator } from '../shared/descriptions/resourceLocators';

export const properties: INodeProperties[] = [
	{
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.body.conversationId }}',
		description: 'The Genesys Cloud conversation whose agent is in after-call work, usually from the webhook body',
	},
	{
		displayName: 'Participant',
		name: 'participant',
		type: 'options',
		default: 'owesWrapup',
		options: [
			{
				name: 'Agent Who Owes Wrap-Up',
				value: 'owesWrapup',
				description: 'The latest agent participant in after-call work (after transfers there are several)',
			},
			{ name: 'Agent by User ID', value: 'userId', description: "The agent participant of this Genesys Cloud user" },
			{ name: 'By Participant ID', value: 'participantId' },
		],
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { participant: ['userId'] } },
	},
	{
		displayName: 'Participant ID',
		name: 'participantId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { participant: ['participantId'] } },
	},
	{
		// Not named `action`, and no `action:` labels: n8n reserves those for a node's operations.
		displayName: 'When in ACW',
		name: 'whenInAcw',
		type: 'options',
		default: 'applyWrapup',
		description: 'How to end the agent\'s after-call work',
		options: [
			{
				name: 'Apply a Wrap-Up Code',
				value: 'applyWrapup',
				description: 'Wrap up with a code and notes; this ends the agent\'s after-call work',
			},
			{
				name: 'Skip Wrap-Up',
				value: 'skipWrapup',
				description: 'End after-call work without a code; only where the queue\'s prompt is Optional',
			},
		],
	},
	{ ...wrapupCodeLocator, displayOptions: { show: { whenInAcw: ['applyWrapup'] } } },
	{
		displayName: 'Notes',
		name: 'notes',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'CRM Integration - Case Saved Successfully',
		description: 'Audit comment stored with the wrap-up (why after-call work was ended)',
		displayOptions: { show: { whenInAcw: ['applyWrapup'] } },
	},
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'crm, case-saved',
		description: 'Comma-separated tags stored with the wrap-up',
		displayOptions: { show: { whenInAcw: ['applyWrapup'] } },
	},
	optionsCollection([
		{
			displayName: 'Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 3,
			description: 'How many times to try the wrap-up when Genesys answers 409, a server error, or drops the connection; the state is read again before each retry',
		},
		{
			displayName: 'Base Delay (Seconds)',
			name: 'baseDelaySeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 60 },
			default: 2,
			description: 'Wait before the first retry; doubles for each further retry',
		},
		{
			displayName: 'If Already Wrapped Up',
			name: 'ifAlreadyWrappedUp',
			type: 'options',
			default: 'succeed',
			options: [
				{ name: 'Succeed Without Changing Anything', value: 'succeed' },
				{ name: 'Fail the Item', value: 'fail' },
			],
		},
		{
			displayName: 'If Not in ACW Yet',
			name: 'ifNotInAcwYet',
			type: 'options',
			default: 'waitThenFail',
			description: 'The webhook may arrive before the call has ended',
			options: [
				{ name: 'Wait and Re-Check, Then Fail', value: 'waitThenFail' },
				{ name: 'Wait and Re-Check, Then Skip', value: 'waitThenSkip' },
				{ name: 'Fail at Once', value: 'fail' },
				{ name: 'Skip at Once', value: 'skip' },
			],
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 600 },
			default: 30,
			description: 'How long to keep re-checking a conversation that is not in after-call work yet',
		},
	]),
];
