import { NodeOperationError } from 'n8n-workflow';

import type { DataAction } from '../../shared/genesysTypes';
import type { CallScope } from './dataActionApi';
import { listActionsNamed } from './dataActionApi';

/**
 * Genesys's `name` filter matches part of a name ("Get Customer" also finds "Get Customer By
 * Phone"), so the exact comparison happens here, over every page.
 */
export async function findDataActionByName(scope: CallScope, name: string): Promise<DataAction> {
	const matches: DataAction[] = [];
	for await (const page of listActionsNamed(scope, name)) {
		matches.push(...page.filter((action) => action.name === name));
	}
	const node = scope.ctx.getNode();
	if (matches.length === 0) {
		throw new NodeOperationError(node, `No data action is named exactly "${name}"`, {
			itemIndex: scope.itemIndex,
			description:
				'Names are compared exactly, including case and spaces. Pick the action from the list to see the names Genesys Cloud has, or give its ID.',
		});
	}
	if (matches.length > 1) {
		const listed = matches.map((action) => `${action.id} (category ${action.category ?? 'none'})`).join(', ');
		throw new NodeOperationError(node, `${matches.length} data actions are named "${name}": ${listed}`, {
			itemIndex: scope.itemIndex,
			description: 'Pick the one you mean by ID, from the list, or by its URL.',
		});
	}
	return matches[0];
}
