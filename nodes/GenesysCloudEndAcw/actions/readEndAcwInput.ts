import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { WRAPUP_CODE_LOCATOR } from '../../shared/descriptions/resourceLocators';
import { readLocatorId } from '../../shared/resolveLocator';
import { requireGenesysId } from '../../shared/validation/ids';
import { requireInteger } from '../../shared/validation/numbers';
import { optionalText } from '../../shared/validation/text';
import type { ParticipantSelector } from './acwState';

export interface EndAcwInput {
	conversationId: string;
	selector: ParticipantSelector;
	whenInAcw: 'applyWrapup' | 'skipWrapup';
	wrapupCodeId?: string;
	notes?: string;
	tags: string[];
	maxAttempts: number;
	baseDelayMs: number;
	ifAlreadyWrappedUp: 'succeed' | 'fail';
	ifNotInAcwYet: 'waitThenFail' | 'waitThenSkip' | 'fail' | 'skip';
	maxWaitMs: number;
}

const MAX_NOTES = 2000;
const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 100;

function oneOf<T extends string>(ctx: IExecuteFunctions, value: unknown, field: string, allowed: readonly T[], itemIndex: number): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	throw new NodeOperationError(ctx.getNode(), `${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value ?? null)}`, {
		itemIndex,
	});
}

/** Reads and checks every parameter before the first request. */
export function readEndAcwInput(ctx: IExecuteFunctions, itemIndex: number): EndAcwInput {
	const node = ctx.getNode();
	const conversationId = requireGenesysId(node, ctx.getNodeParameter('conversationId', itemIndex, ''), 'Conversation ID', itemIndex);
	const by = oneOf(ctx, ctx.getNodeParameter('participant', itemIndex, 'owesWrapup'), 'Participant', ['owesWrapup', 'userId', 'participantId'] as const, itemIndex);
	const selector: ParticipantSelector =
		by === 'userId'
			? { by, userId: requireGenesysId(node, ctx.getNodeParameter('userId', itemIndex, ''), 'User ID', itemIndex) }
			: by === 'participantId'
				? { by, participantId: requireGenesysId(node, ctx.getNodeParameter('participantId', itemIndex, ''), 'Participant ID', itemIndex) }
				: { by };
	const whenInAcw = oneOf(ctx, ctx.getNodeParameter('whenInAcw', itemIndex, 'applyWrapup'), 'When in ACW', ['applyWrapup', 'skipWrapup'] as const, itemIndex);

	let wrapupCodeId: string | undefined;
	let notes: string | undefined;
	let tags: string[] = [];
	if (whenInAcw === 'applyWrapup') {
		wrapupCodeId = readLocatorId(ctx, WRAPUP_CODE_LOCATOR, itemIndex);
		notes = optionalText(node, ctx.getNodeParameter('notes', itemIndex, ''), 'Notes', MAX_NOTES, itemIndex);
		const rawTags = optionalText(node, ctx.getNodeParameter('tags', itemIndex, ''), 'Tags', MAX_TAGS * (MAX_TAG_LENGTH + 2), itemIndex);
		tags = (rawTags ?? '').split(',').map((tag) => tag.trim()).filter(Boolean);
		if (tags.length > MAX_TAGS) throw new NodeOperationError(node, `Tags: at most ${MAX_TAGS} tags, got ${tags.length}`, { itemIndex });
		const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
		if (long) throw new NodeOperationError(node, `Tags: each tag is at most ${MAX_TAG_LENGTH} characters, got one of ${long.length}`, { itemIndex });
	}

	const options = ctx.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const maxAttempts = requireInteger(node, options.maxAttempts ?? 3, { field: 'Attempts', min: 1, max: 10 }, itemIndex);
	const baseDelaySeconds = requireInteger(node, options.baseDelaySeconds ?? 2, { field: 'Base Delay (Seconds)', min: 0, max: 60, unit: 'seconds' }, itemIndex);
	const maxWaitSeconds = requireInteger(node, options.maxWaitSeconds ?? 30, { field: 'Max Wait (Seconds)', min: 0, max: 600, unit: 'seconds' }, itemIndex);
	return {
		conversationId,
		selector,
		whenInAcw,
		wrapupCodeId,
		notes,
		tags,
		maxAttempts,
		baseDelayMs: baseDelaySeconds * 1000,
		ifAlreadyWrappedUp: oneOf(ctx, options.ifAlreadyWrappedUp ?? 'succeed', 'If Already Wrapped Up', ['succeed', 'fail'] as const, itemIndex),
		ifNotInAcwYet: oneOf(ctx, options.ifNotInAcwYet ?? 'waitThenFail', 'If Not in ACW Yet', ['waitThenFail', 'waitThenSkip', 'fail', 'skip'] as const, itemIndex),
		maxWaitMs: maxWaitSeconds * 1000,
	};
}
