import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { ActionConfig, DataAction } from '../../shared/genesysTypes';
import type { CallScope, Target } from './dataActionApi';
import { configWithInlineTemplates } from './inlineTemplates';
import type { CurrentTimeoutCheck } from './onlyIfCurrentTimeout';
import { timeoutConflict } from './onlyIfCurrentTimeout';
import { isStaleVersion } from './refusals';

/** Re-reads after a stale version before the item gives up (Terraform's provider does the same). */
export const MAX_VERSION_RETRIES = 3;

/**
 * The body Genesys's own Terraform provider sends: the version read, name and category, and the
 * whole config with only the timeout changed and both templates inline (a partial config, or one
 * with template URIs only, would reset the request and response templates).
 */
export function timeoutPatchBody(current: DataAction, config: ActionConfig, timeoutSeconds: number): IDataObject {
	return {
		version: current.version,
		name: current.name,
		category: current.category,
		config: { ...config, timeoutSeconds },
	};
}

export interface WriteOutcome {
	/** Genesys's answer to the write, or the fresh read that already held the target (then nothing was sent) */
	state: DataAction;
	/** the state comes from the write's answer */
	fromWriteAnswer: boolean;
}

/**
 * Writes the timeout with optimistic locking: on a stale version (409, or 400 "does not match the
 * current version"), read again and retry; if the fresh read already holds the target (another
 * writer, or our own write whose answer was lost), stop without writing again. Templates are read
 * before each write (see configWithInlineTemplates); a failed read writes nothing.
 */
export async function writeTimeoutWithVersionRetry(
	scope: CallScope,
	first: DataAction,
	timeoutSeconds: number,
	target: Target,
	read: () => Promise<DataAction>,
	write: (body: IDataObject) => Promise<DataAction>,
	/** compare-and-set ("Only If Current Timeout Is"), checked on every fresh read */
	onlyIfCurrent?: (state: DataAction) => CurrentTimeoutCheck,
): Promise<WriteOutcome> {
	const node = scope.ctx.getNode();
	let current = first;
	for (let attempt = 1; ; attempt++) {
		if (!current.config) {
			throw new NodeOperationError(node, `Genesys returned data action ${current.id} without its configuration`, {
				itemIndex: scope.itemIndex,
				description: 'Writing back a partial configuration would erase its request and response templates, so nothing was written.',
			});
		}
		const config = await configWithInlineTemplates(scope, current, target);
		try {
			return { state: await write(timeoutPatchBody(current, config, timeoutSeconds)), fromWriteAnswer: true };
		} catch (error) {
			if (!isStaleVersion(error)) throw asNodeError(node, error, scope.itemIndex);
			if (attempt > MAX_VERSION_RETRIES) {
				const stale = asNodeError(node, error, scope.itemIndex);
				stale.description = `The action kept changing while this node wrote it: version conflict after ${attempt} attempts. Nothing was written by this item.`;
				throw stale;
			}
			current = await read();
			if (current.config?.timeoutSeconds === timeoutSeconds) return { state: current, fromWriteAnswer: false };
			const recheck = onlyIfCurrent?.(current);
			if (recheck && !recheck.ok) throw timeoutConflict(node, recheck, scope.itemIndex); // another writer changed it meanwhile
		}
	}
}
