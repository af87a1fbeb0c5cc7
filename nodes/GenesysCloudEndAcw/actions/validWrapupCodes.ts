import { asNodeError } from '../../shared/asNodeError';
import type { Participant, WrapupCode } from '../../shared/genesysTypes';
import type { WrapupMedia } from './acwState';
import type { CallScope } from '../../shared/execution/callScope';
import { getParticipantWrapupCodes, getQueueWrapupCodes } from './conversationApi';
import { isForbidden, permissionError } from './endAcwErrors';

/** Wrap-up codes valid per queue, shared by the items of one node run. */
export type WrapupCodeCache = Map<string, Promise<WrapupCode[]>>;

/**
 * The wrap-up codes valid for this participant: from its media's own lookup where Genesys has one,
 * else its queue's codes. Undefined when neither can be known (a media without a participant lookup,
 * on a participant without a queue): Genesys then checks the code itself when it is applied.
 * One lookup per queue per run, not per conversation.
 */
export async function validWrapupCodes(
	scope: CallScope,
	cache: WrapupCodeCache,
	conversationId: string,
	participant: Participant,
	media: WrapupMedia,
): Promise<WrapupCode[] | undefined> {
	const queueId = participant.queueId;
	if (media.codes === 'queue' && !queueId) return undefined;
	const own = async () => {
		try {
			if (media.codes === 'participant') return await getParticipantWrapupCodes(scope, media.path, conversationId, participant.id);
			return await getQueueWrapupCodes(scope, queueId as string);
		} catch (error) {
			// a refused lookup gets the same guidance as a refused wrap-up
			if (isForbidden(error)) throw permissionError(scope.ctx.getNode(), error, scope.itemIndex, media.codes === 'participant' ? 'participantCodes' : 'queueCodes');
			throw asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
		}
	};
	const key = queueId ? `${media.codes}|${queueId}` : undefined;
	const shared = key ? cache.get(key) : undefined;
	// another item's lookup failing is that item's error: this one asks for itself
	if (shared) return await shared.catch(own);
	const lookup = own();
	if (key) {
		cache.set(key, lookup);
		lookup.catch(() => cache.delete(key));
	}
	return await lookup;
}
