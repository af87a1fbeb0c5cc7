import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { toOutputV1 } from '../shared/execution/outputV1';
import { runPerItem } from '../shared/execution/runPerItem';
import { getDivisions, getQueues } from '../shared/methods/listSearch';
import { applyPolicy } from './actions/applyPolicy';
import { properties } from './description';

export class GenesysCloudSetAcwPolicy implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Cloud Set ACW Policy',
		name: 'genesysCloudSetAcwPolicy',
		icon: { light: 'file:genesysCloudSetAcwPolicy.svg', dark: 'file:genesysCloudSetAcwPolicy.dark.svg' },
		group: ['transform'],
		// 2: dry runs show current/wouldSetTo, real runs before/after (issue 18); 1 keeps its released output
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{ $parameter["wrapupPrompt"].toLowerCase().replace(/_/g, " ") + ({ all: " on all queues", divisions: " on divisions", namePattern: " on matching queues", list: " on listed queues" })[$parameter["scope"]] }}',
		description:
			'Apply one after-call work policy (wrap-up prompt and timeout) to many Genesys Cloud queues, writing only the queues that differ',
		defaults: { name: 'Set ACW Policy' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'genesysCloudOAuth2Api', required: true }],
		properties,
	};

	methods = {
		loadOptions: { getDivisions, getQueues },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Input items are policy runs (usually one, from a schedule); each yields one item per queue.
		const output = await runPerItem(this, async (itemIndex) => await applyPolicy(this, itemIndex), {
			concurrency: 1,
			isChange: (json) => json.outcome === 'changed' || (json.type === 'summary' && Number(json.changed) > 0),
			describeChange: (json) =>
				json.type === 'summary'
					? `${String(json.changed)} queues changed`
					: json.type === 'orgSettings'
						? `org switches ${JSON.stringify(json.before)} → ${JSON.stringify(json.after)}`
						: `queue ${String(json.queueName)} ACW ${JSON.stringify(json.before)} → ${JSON.stringify(json.after)}`,
		});
		return this.getNode().typeVersion === 1 ? toOutputV1(output) : output;
	}
}
