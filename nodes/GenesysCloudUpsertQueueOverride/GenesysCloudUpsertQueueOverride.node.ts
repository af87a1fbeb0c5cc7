import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { QUEUE_LOCATOR } from '../shared/descriptions/resourceLocators';
import { locatorSequenceKey } from '../shared/execution/locatorSequenceKey';
import { runPerItem } from '../shared/execution/runPerItem';
import { searchQueues } from '../shared/methods/listSearch';
import { upsertOverride } from './actions/upsertOverride';
import { properties } from './description';

export class GenesysCloudUpsertQueueOverride implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Cloud Upsert Queue Override',
		name: 'genesysCloudUpsertQueueOverride',
		icon: { light: 'file:genesysCloudUpsertQueueOverride.svg', dark: 'file:genesysCloudUpsertQueueOverride.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["wrapupPrompt"] === "keepCurrent" ? "Keep prompt" : $parameter["wrapupPrompt"].toLowerCase().replace(/_/g, " ") }}',
		description:
			"Set one queue's after-call work (wrap-up prompt and timeout) as an override, changing nothing else on the queue",
		defaults: { name: 'Upsert Queue Override' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'genesysCloudOAuth2Api', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchQueues },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runPerItem(this, async (itemIndex) => await upsertOverride(this, itemIndex), {
			// Items that target the same queue are applied in input order, one after another.
			sequenceKey: (itemIndex) => locatorSequenceKey(this, QUEUE_LOCATOR, itemIndex),
			// every queue is tried; then a failure fails the node, naming each failed queue and what was applied
			finishAllItems: true,
			describeItem: (itemIndex) => `queue ${locatorSequenceKey(this, QUEUE_LOCATOR, itemIndex) ?? '?'}`,
			describeChange: (json) => `queue ${String(json.queueName)} ACW ${JSON.stringify(json.before)} → ${JSON.stringify(json.after)}`,
		});
	}
}
