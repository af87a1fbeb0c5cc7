import { asNodeError } from '../../shared/asNodeError';
import type { Participant, WrapupCode } from '../../shared/genesysTypes';
import type { WrapupMedia } from './acwState';
import type { CallScope } from '../../shared/execution/callScope';
import { getAnyParticipantWrapupCodes, getParticipantWrapupCodes } from './conversationApi';
import { isForbidden, permissionError } from './endAcwErrors';

/** Wrap-up codes valid per queue, shared by the items of one node run. */
export type WrapupCodeCache = Map<string, Promise<WrapupCode[]>>;

/**
 * The wrap-up codes valid for this participant, from Genesys's participant lookup: its media's own
 * where Genesys has one, else the generic one that serves any medium (API-NOTES §8.10). Never the
 * queue's list: the participant's codes may differ from it, and it needs routing:queue:view.
 * One lookup per queue per run, not per conversation.
 */
export async function validWrapupCodes(
	scope: CallScope,
	cache: WrapupCodeCache,
	conversationId: string,
	participant: Participant,
	media: WrapupMedia,
): Promise<WrapupCode[]> {
	const queueId = participant.queueId;
	const own = async () => {
		try {
			if (media.codes === 'participant') return await getParticipantWrapupCodes(scope, media.path, conversationId, participant.id);
			return await getAnyParticipantWrapupCodes(scope, conversationId, participant.id);
		} catch (error) {
			// a refused lookup gets the same guidance as a refused wrap-up
			if (isForbidden(error)) throw await permissionError(scope.ctx, error, scope.itemIndex, 'participantCodes', participant.userId);
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
