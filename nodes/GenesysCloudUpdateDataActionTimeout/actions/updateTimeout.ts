import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DataAction } from '../../shared/genesysTypes';
import { DATA_ACTION_LOCATOR } from '../../shared/descriptions/resourceLocators';
import { readLocator } from '../../shared/resolveLocator';
import { requireInteger } from '../../shared/validation/numbers';
import type { CallScope } from './dataActionApi';
import { getAction } from './dataActionApi';
import { findDataActionByName } from './findDataActionByName';
import { refuseUnsupportedAction } from './refusals';
import { saveTimeoutAsDraft } from './saveTimeoutAsDraft';
import type { ChangeOptions } from './updatePublishedTimeout';
import { updatePublishedTimeout } from './updatePublishedTimeout';

export const TIMEOUT_MIN_SECONDS = 1;
export const TIMEOUT_MAX_SECONDS = 60;

export type UpdateMode = 'published' | 'draft';

/** One input item: validate, find the action, then change its timeout in the chosen mode. */
export async function updateTimeout(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = ctx.getNode();
	// Everything the user typed is checked before the first request.
	const timeoutSeconds = requireInteger(
		node,
		ctx.getNodeParameter('timeoutSeconds', itemIndex, undefined),
		{
			field: 'Timeout (Seconds)',
			min: TIMEOUT_MIN_SECONDS,
			max: TIMEOUT_MAX_SECONDS,
			unit: 'seconds',
			reason: 'Genesys Cloud data actions take a timeout in whole seconds, from 1 to 60 (config.timeoutSeconds).',
		},
		itemIndex,
	);
	const mode = ctx.getNodeParameter('mode', itemIndex, 'published') as UpdateMode;
	if (mode !== 'published' && mode !== 'draft') {
		throw new NodeOperationError(node, `Mode must be "published" or "draft", got "${String(mode)}"`, { itemIndex });
	}
	const dryRun = ctx.getNodeParameter('options.dryRun', itemIndex, false) === true;
	const options: ChangeOptions = {
		dryRun,
		verifyWithRead: ctx.getNodeParameter('options.verifyWithRead', itemIndex, false) === true,
	};
	const locator = readLocator(ctx, DATA_ACTION_LOCATOR, itemIndex);
	// built-in and custom-authentication actions are known by their ID: refused before any request
	if (locator.kind === 'id') refuseUnsupportedAction(node, locator.id, itemIndex);

	const scope: CallScope = { ctx, itemIndex, counter: { calls: 0 } };
	let action: DataAction;
	if (locator.kind === 'name') {
		const found = await findDataActionByName(scope, locator.name);
		refuseUnsupportedAction(node, found.id, itemIndex);
		action = await getAction(scope, found.id);
	} else {
		action = await getAction(scope, locator.id);
	}

	const result = mode === 'draft'
		? await saveTimeoutAsDraft(scope, action, timeoutSeconds, options)
		: await updatePublishedTimeout(scope, action, timeoutSeconds, options);
	return {
		actionId: action.id,
		actionName: action.name,
		category: action.category ?? null,
		mode,
		...result,
		dryRun,
		apiCalls: scope.counter.calls,
	};
}
