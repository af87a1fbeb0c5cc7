import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runPerItem } from '../shared/execution/runPerItem';
import { searchWrapupCodes } from '../shared/methods/listSearch';
import type { WrapupCodeCache } from './actions/endAcw';
import { endAcw } from './actions/endAcw';
import { properties } from './description';

export class GenesysCloudEndAcw implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Cloud End ACW',
		name: 'genesysCloudEndAcw',
		icon: { light: 'file:genesysCloudEndAcw.svg', dark: 'file:genesysCloudEndAcw.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["whenInAcw"] === "skipWrapup" ? "Skip wrap-up" : "Apply wrap-up" }}',
		description:
			"End an agent's after-call work in Genesys Cloud by applying a wrap-up code (or skipping wrap-up), after checking the conversation's state",
		defaults: { name: 'End ACW' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'genesysCloudOAuth2Api', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchWrapupCodes },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const codesByQueue: WrapupCodeCache = new Map();
		return await runPerItem(this, async (itemIndex) => await endAcw(this, itemIndex, codesByQueue), {
			// two webhooks for the same conversation must not race each other
			sequenceKey: (itemIndex) => String(this.getNodeParameter('conversationId', itemIndex, '')).trim(),
			describeChange: (json) => `conversation ${String(json.conversationId)}: ${String(json.outcome)}`,
		});
	}
}
