import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DataAction } from '../../shared/genesysTypes';
import type { CallScope } from './dataActionApi';
import { getAction, patchAction } from './dataActionApi';
import { writeTimeoutWithVersionRetry } from './versionedWrite';

/**
 * "Update published action": read (done by the caller), compare, PATCH with the version, read back.
 * An equal timeout costs the one read and writes nothing.
 */
export async function updatePublishedTimeout(
	scope: CallScope,
	action: DataAction,
	timeoutSeconds: number,
	dryRun: boolean,
): Promise<IDataObject> {
	const before = action.config?.timeoutSeconds ?? null;
	if (before === timeoutSeconds) {
		return { timeoutBefore: before, timeoutAfter: before, changed: false, version: action.version };
	}
	if (dryRun) {
		return { timeoutBefore: before, timeoutAfter: before, wouldSetTo: timeoutSeconds, changed: false, version: action.version };
	}
	await writeTimeoutWithVersionRetry(
		scope,
		action,
		timeoutSeconds,
		async () => await getAction(scope, action.id),
		async (body) => await patchAction(scope, action.id, body),
	);
	let after: DataAction;
	try {
		after = await getAction(scope, action.id);
	} catch (error) {
		// The write happened: say so, rather than let a failed read hide it.
		throw new NodeOperationError(scope.ctx.getNode(), `Data action ${action.id} was set to ${timeoutSeconds} s but could not be read back to verify`, {
			itemIndex: scope.itemIndex,
			description: `Genesys accepted the change (timeout ${String(before)} → ${timeoutSeconds} s); the read-back failed: ${(error as Error).message}`,
		});
	}
	const afterTimeout = after.config?.timeoutSeconds ?? null;
	if (afterTimeout !== timeoutSeconds) {
		throw new NodeOperationError(scope.ctx.getNode(), `Data action ${action.id} reads back a timeout of ${String(afterTimeout)} s after being set to ${timeoutSeconds} s`, {
			itemIndex: scope.itemIndex,
			description: 'Genesys accepted the change but a read-back shows another value: another writer may have changed the action at the same time.',
		});
	}
	return { timeoutBefore: before, timeoutAfter: afterTimeout, changed: true, version: after.version };
}
