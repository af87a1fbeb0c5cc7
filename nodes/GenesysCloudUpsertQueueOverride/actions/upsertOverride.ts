import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { applyQueueAcw } from '../../shared/acw/applyQueueAcw';
import { ACW_TIMEOUT_MAX_SECONDS, buildAcwSettings, effectiveTimeoutMs, parseAcwTimeoutSeconds, requirePrompt, takesTimeout } from '../../shared/acw/acwSettings';
import type { CallScope } from '../../shared/execution/callScope';
import type { AcwSettings } from '../../shared/genesysTypes';
import { QUEUE_LOCATOR } from '../../shared/descriptions/resourceLocators';
import { readLocator } from '../../shared/resolveLocator';
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
	const locator = readLocator(ctx, QUEUE_LOCATOR, itemIndex);
	const scope: CallScope = { ctx, itemIndex, counter: { calls: 0 } };
	const queueId = locator.kind === 'id' ? locator.id : (await findQueueByName(scope, locator.name)).id;

	const warnings: string[] = [];
	const desired = (current: AcwSettings | undefined): AcwSettings => {
		warnings.length = 0; // called again after a re-read: only the last read counts
		const nextPrompt = prompt ?? current?.wrapupPrompt ?? 'MANDATORY_TIMEOUT';
		let nextTimeout = timeoutSeconds;
		// only a timeout the current prompt uses is kept: one Genesys left on MANDATORY is not (§8.6)
		const currentTimeoutMs = effectiveTimeoutMs(current);
		if (nextTimeout === undefined && takesTimeout(nextPrompt) && currentTimeoutMs !== undefined) {
			nextTimeout = currentTimeoutMs / 1000;
			// Set before Genesys's 60-minute cap (Terraform still allows a day, API-NOTES §8.10): the
			// user did not ask to change it, so it goes back as read, and the item says so.
			if (nextTimeout > ACW_TIMEOUT_MAX_SECONDS) {
				warnings.push(
					`The queue's current ACW timeout of ${nextTimeout / 60} minutes is over the 60 minutes Genesys Cloud now allows; it was kept unchanged, as "keep current" asks. Set a timeout of at most 3600 seconds to bring it within the limit.`,
				);
			}
		}
		return buildAcwSettings(node, nextPrompt, nextTimeout, itemIndex);
	};
	const result = await applyQueueAcw(scope, queueId, desired, { dryRun, verifyWithRead });
	return { ...result, dryRun, ...(warnings.length ? { warnings: [...warnings] } : {}), apiCalls: scope.counter.calls };
}
