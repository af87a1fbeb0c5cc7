import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DATA_ACTION_LOCATOR } from '../shared/descriptions/resourceLocators';
import { locatorSequenceKey } from '../shared/execution/locatorSequenceKey';
import { toOutputV1 } from '../shared/execution/outputV1';
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
		// 2: dry runs show current/wouldSetTo, real runs before/after (issue 18); 1 keeps its released output
		version: [1, 2],
		defaultVersion: 2,
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
		const output = await runPerItem(this, async (itemIndex) => await updateTimeout(this, itemIndex), {
			// items on the same action are applied in order (a draft is created once, then reused)
			sequenceKey: (itemIndex) => locatorSequenceKey(this, DATA_ACTION_LOCATOR, itemIndex),
			describeChange: (json) => `data action ${String(json.actionId)} timeout ${String(json.before)} → ${String(json.after)} s`,
		});
		return this.getNode().typeVersion === 1 ? toOutputV1(output, { before: 'timeoutBefore', after: 'timeoutAfter' }) : output;
	}
}
