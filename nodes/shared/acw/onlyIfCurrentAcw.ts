import type { AcwSettings, QueueWrapupPrompt } from '../genesysTypes';
import { acwView } from './acwSettings';

/** "Only If Current Settings Are": the settings a queue must still have for a write to happen. */
export interface ExpectedAcw {
	wrapupPrompt: QueueWrapupPrompt;
	/** undefined: any timeout (the prompt alone is compared) */
	timeoutSeconds?: number;
}

export type AcwView = ReturnType<typeof acwView>;

export type CurrentAcwCheck = { ok: true } | { ok: false; found: AcwView; reason: string };

/**
 * Compare-and-set for queues, which have no version: a pure check of the settings as read. Called
 * on every read a write is computed from (the first one and each re-read before a retry), so a
 * queue changed by another writer meanwhile is never overwritten. Compares what the queue really
 * uses (acwView: a timeout Genesys kept on a prompt that takes none does not count, API-NOTES §8.6).
 */
export function checkCurrentAcw(current: AcwSettings | undefined, expected: ExpectedAcw): CurrentAcwCheck {
	const found = acwView(current);
	const promptDiffers = found.wrapupPrompt !== expected.wrapupPrompt;
	const timeoutDiffers = expected.timeoutSeconds !== undefined && found.timeoutSeconds !== expected.timeoutSeconds;
	if (!promptDiffers && !timeoutDiffers) return { ok: true };
	const want = expected.timeoutSeconds === undefined ? expected.wrapupPrompt : `${expected.wrapupPrompt} ${expected.timeoutSeconds} s`;
	const has = found.timeoutSeconds === null ? String(found.wrapupPrompt) : `${String(found.wrapupPrompt)} ${found.timeoutSeconds} s`;
	return { ok: false, found, reason: `the queue has ${has}, not ${want} as required by Only If Current Settings Are; nothing was written` };
}
