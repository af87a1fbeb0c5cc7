import type { CallScope } from '../../shared/execution/callScope';
import { findByExactName } from '../../shared/findByExactName';
import type { DataAction } from '../../shared/genesysTypes';
import { listActionsNamed } from './dataActionApi';

/**
 * Genesys's `name` filter matches part of a name ("Get Customer" also finds "Get Customer By
 * Phone"), so the exact comparison happens in the shared helper, over every page.
 */
export async function findDataActionByName(scope: CallScope, name: string): Promise<DataAction> {
	return await findByExactName(scope, name, {
		noun: 'data action',
		pages: listActionsNamed(scope, name),
		describe: (action) => `${action.id} (category ${action.category ?? 'none'})`,
		notFoundHint:
			'Names are compared exactly, including case and spaces. Pick the action from the list to see the names Genesys Cloud has, or give its ID.',
		ambiguousHint: 'Pick the one you mean by ID, from the list, or by its URL.',
	});
}
