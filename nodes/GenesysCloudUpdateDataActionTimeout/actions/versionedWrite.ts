import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { DataAction } from '../../shared/genesysTypes';
import type { CallScope } from './dataActionApi';
import { isStaleVersion, translateRefusal } from './refusals';

/** Re-reads after a stale version before the item gives up (Terraform's provider does the same). */
export const MAX_VERSION_RETRIES = 3;

/**
 * The body Genesys's own Terraform provider sends: the version read, name and category, and the
 * whole config as read with only the timeout changed (a partial config would drop the request
 * and response templates).
 */
export function timeoutPatchBody(current: DataAction, timeoutSeconds: number): IDataObject {
	return {
		version: current.version,
		name: current.name,
		category: current.category,
		config: { ...current.config, timeoutSeconds },
	};
}

/**
 * Writes the timeout with optimistic locking: on a stale version (409, or 400 "does not match the
 * current version"), read again and retry; if the fresh read already holds the target (another
 * writer, or our own write whose answer was lost), stop without writing again.
 */
export async function writeTimeoutWithVersionRetry(
	scope: CallScope,
	first: DataAction,
	timeoutSeconds: number,
	read: () => Promise<DataAction>,
	write: (body: IDataObject) => Promise<unknown>,
): Promise<void> {
	const node = scope.ctx.getNode();
	let current = first;
	for (let attempt = 1; ; attempt++) {
		if (!current.config) {
			throw new NodeOperationError(node, `Genesys returned data action ${current.id} without its configuration`, {
				itemIndex: scope.itemIndex,
				description: 'Writing back a partial configuration would erase its request and response templates, so nothing was written.',
			});
		}
		try {
			await write(timeoutPatchBody(current, timeoutSeconds));
			return;
		} catch (error) {
			const refusal = translateRefusal(node, error, current.id, scope.itemIndex);
			if (refusal) throw refusal;
			if (!isStaleVersion(error)) throw asNodeError(node, error, scope.itemIndex);
			if (attempt > MAX_VERSION_RETRIES) {
				const stale = asNodeError(node, error, scope.itemIndex);
				stale.description = `The action kept changing while this node wrote it: version conflict after ${attempt} attempts. Nothing was written by this item.`;
				throw stale;
			}
			current = await read();
			if (current.config?.timeoutSeconds === timeoutSeconds) return;
		}
	}
}
