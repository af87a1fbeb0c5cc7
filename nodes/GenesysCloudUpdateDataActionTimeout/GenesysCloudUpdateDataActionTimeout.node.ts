import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DATA_ACTION_LOCATOR } from '../shared/descriptions/resourceLocators';
import { locatorSequenceKey } from '../shared/execution/locatorSequenceKey';
import { runPerItem } from '../shared/execution/runPerItem';
import { searchDataActions } from '../shared/methods/listSearch';
import { updateTimeout } from './actions/updateTimeout';
import { properties } from './description';

export class GenesysCloudUpdateDataActionTimeout implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Cloud Update Data Action Timeout',
		name: 'genesysCloudUpdateDataActionTimeout',
		icon: { light: 'file:genesysCloudUpdateDataActionTimeout.svg', dark: 'file:genesysCloudUpdateDataActionTimeout.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Timeout " + $parameter["timeoutSeconds"] + " s" }}',
		description: 'Set the timeout of a Genesys Cloud data action, without touching the rest of its configuration',
		defaults: { name: 'Update Data Action Timeout' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'genesysCloudOAuth2Api', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchDataActions },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runPerItem(this, async (itemIndex) => await updateTimeout(this, itemIndex), {
			// items on the same action are applied in order (a draft is created once, then reused)
			sequenceKey: (itemIndex) => locatorSequenceKey(this, DATA_ACTION_LOCATOR, itemIndex),
			describeChange: (json) => `data action ${String(json.actionId)} timeout ${String(json.timeoutBefore)} → ${String(json.timeoutAfter)} s`,
		});
	}
}
