import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { applyQueueAcw } from '../../shared/acw/applyQueueAcw';
import { buildAcwSettings, effectiveTimeoutMs, parseAcwTimeoutSeconds, requirePrompt, takesTimeout } from '../../shared/acw/acwSettings';
import type { CallScope } from '../../shared/execution/callScope';
import type { AcwSettings } from '../../shared/genesysTypes';
import { checkCurrentAcw } from '../../shared/acw/onlyIfCurrentAcw';
import { runIdOf } from '../../shared/execution/runId';
import { readLocator } from '../../shared/resolveLocator';
import { readOnlyIfCurrent } from '../onlyIfCurrentOption';
import { KEEP_CURRENT } from '../description';
import { findQueueByName } from './findQueueByName';

/**
 * One item: the queue's ACW settings become the override, keeping what the user left on "keep
 * current". Validation of the explicit values happens before any request; the rules that depend
 * on the current prompt are checked against the queue as read, still before any write.
 */
export async function upsertOverride(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = ctx.getNode();
	const promptParameter = ctx.getNodeParameter('wrapupPrompt', itemIndex, KEEP_CURRENT);
	const keepPrompt = promptParameter === KEEP_CURRENT;
	const prompt = keepPrompt ? undefined : requirePrompt(node, promptParameter, itemIndex);
	const timeoutSeconds = parseAcwTimeoutSeconds(node, ctx.getNodeParameter('acwTimeoutSeconds', itemIndex, ''), itemIndex);
	if (prompt) {
		// explicit prompt + explicit timeout: check the pair now, before any request
		if (timeoutSeconds !== undefined || !takesTimeout(prompt)) buildAcwSettings(node, prompt, timeoutSeconds, itemIndex);
	}
	const dryRun = ctx.getNodeParameter('options.dryRun', itemIndex, false) === true;
	const verifyWithRead = ctx.getNodeParameter('options.verifyWithRead', itemIndex, false) === true;
	const expected = readOnlyIfCurrent(ctx, itemIndex);
	const locator = readLocator(ctx, 'queue', 'Queue', itemIndex);
	const scope: CallScope = { ctx, itemIndex, counter: { calls: 0 } };
	const queueId = locator.kind === 'id' ? locator.id : (await findQueueByName(scope, locator.name)).id;

	const desired = (current: AcwSettings | undefined): AcwSettings => {
		const nextPrompt = prompt ?? current?.wrapupPrompt ?? 'MANDATORY_TIMEOUT';
		let nextTimeout = timeoutSeconds;
		// only a timeout the current prompt uses is kept: one Genesys left on MANDATORY is not (§8.6)
		const currentTimeoutMs = effectiveTimeoutMs(current);
		if (nextTimeout === undefined && takesTimeout(nextPrompt) && currentTimeoutMs !== undefined) {
			nextTimeout = currentTimeoutMs / 1000;
		}
		return buildAcwSettings(node, nextPrompt, nextTimeout, itemIndex);
	};
	const onlyIfCurrent = expected ? (current: AcwSettings | undefined) => checkCurrentAcw(current, expected) : undefined;
	const result = await applyQueueAcw(scope, queueId, desired, { dryRun, verifyWithRead, onlyIfCurrent });
	return { runId: runIdOf(ctx), ...result, dryRun, apiCalls: scope.counter.calls };
}
