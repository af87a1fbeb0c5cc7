import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { DataAction } from '../../shared/genesysTypes';
import type { CallScope } from './dataActionApi';
import { getAction, patchAction } from './dataActionApi';
import { functionActionReport } from './functionDataActions';
import type { CurrentTimeoutCheck } from './onlyIfCurrentTimeout';
import { checkCurrentTimeout, timeoutConflictOf } from './onlyIfCurrentTimeout';
import { writeTimeoutWithVersionRetry } from './versionedWrite';
import { verifiedTimeout } from './verifyTimeout';

export interface ChangeOptions {
	dryRun: boolean;
	/** read the entity again after the write instead of trusting the write's answer */
	verifyWithRead: boolean;
	/** compare-and-set: write only while the timeout is still this (undefined: no condition) */
	onlyIfCurrentTimeout?: number;
}

/** The item of a conflict: what was found, and that nothing was written. */
export function conflictReport(check: Extract<CurrentTimeoutCheck, { ok: false }>, before: number | null, dryRun: boolean): IDataObject {
	const seen = dryRun ? { current: check.found } : { before, after: check.found };
	return { outcome: 'conflict', ...seen, found: check.found, reason: check.reason, changed: false };
}

/**
 * "Update published action": read (done by the caller), compare, PATCH with the version, verify.
 * An equal timeout costs the one read and writes nothing. A change also asks what kind of action
 * it is (function data actions report their own function timeout), reads templates Genesys keeps
 * as files, and is verified from the PATCH answer (an `Action` with its config) unless the user
 * asked for a separate read.
 */
export async function updatePublishedTimeout(
	scope: CallScope,
	action: DataAction,
	timeoutSeconds: number,
	options: ChangeOptions,
): Promise<IDataObject> {
	const before = action.config?.timeoutSeconds ?? null;
	if (before === timeoutSeconds) {
		// a dry run speaks of `current` and `wouldSetTo` only; a real run of `before` and `after`
		const seen = options.dryRun ? { current: before, wouldSetTo: before } : { before, after: before };
		return { outcome: 'unchanged', ...seen, changed: false, version: action.version };
	}
	const check = checkCurrentTimeout(before, options.onlyIfCurrentTimeout);
	if (!check.ok) return { ...conflictReport(check, before, options.dryRun), version: action.version };
	const kind = await functionActionReport(scope, action, timeoutSeconds, 'published');
	if (options.dryRun) {
		return { outcome: 'wouldChange', current: before, wouldSetTo: timeoutSeconds, changed: false, version: action.version, ...kind };
	}
	let written;
	try {
		written = await writeTimeoutWithVersionRetry(
			scope,
			action,
			timeoutSeconds,
			'published',
			async () => await getAction(scope, action.id),
			async (body) => await patchAction(scope, action.id, body),
			(state) => checkCurrentTimeout(state.config?.timeoutSeconds, options.onlyIfCurrentTimeout),
		);
	} catch (error) {
		const conflict = timeoutConflictOf(error);
		if (conflict) return { ...conflictReport(conflict, before, false), ...kind };
		throw asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
	}
	let after: DataAction;
	try {
		after = await verifiedTimeout(written, options.verifyWithRead, async () => await getAction(scope, action.id));
	} catch (error) {
		// The write happened: say so, rather than let a failed read hide it.
		throw new NodeOperationError(scope.ctx.getNode(), `Data action ${action.id} was set to ${timeoutSeconds} s but could not be read back to verify`, {
			itemIndex: scope.itemIndex,
			description: `Genesys accepted the change (timeout ${String(before)} → ${timeoutSeconds} s); the read-back failed: ${(error as Error).message}`,
		});
	}
	const afterTimeout = after.config?.timeoutSeconds ?? null;
	if (afterTimeout !== timeoutSeconds) {
		const fromAnswer = written.fromWriteAnswer && after === written.state;
		throw new NodeOperationError(scope.ctx.getNode(), `Data action ${action.id} ${fromAnswer ? 'shows' : 'reads back'} a timeout of ${String(afterTimeout)} s after being set to ${timeoutSeconds} s`, {
			itemIndex: scope.itemIndex,
			description: `Genesys accepted the change but ${fromAnswer ? 'its answer to the write' : 'a read-back'} shows another value: another writer may have changed the action at the same time.`,
		});
	}
	return { outcome: 'changed', before, after: afterTimeout, changed: true, version: after.version, ...kind };
}
