import type { IDataObject } from 'n8n-workflow';

import type { Conversation, WrapupCode } from '../../shared/genesysTypes';
import type { CallScope } from '../../shared/execution/callScope';
import { genesysApiRequest } from '../../shared/transport/genesysApiRequest';
import { pathId } from '../../shared/transport/pathId';
import type { CodeLookupMediaPath, MediaPath } from './acwState';


export async function getConversation(scope: CallScope, conversationId: string): Promise<Conversation> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: `/api/v2/conversations/${pathId(conversationId)}`,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as Conversation;
}

/** The wrap-up codes valid for this participant, from its media's own lookup (calls, callbacks, co-browse, email, messages). */
export async function getParticipantWrapupCodes(
	scope: CallScope,
	media: CodeLookupMediaPath,
	conversationId: string,
	participantId: string,
): Promise<WrapupCode[]> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: `/api/v2/conversations/${media}/${pathId(conversationId)}/participants/${pathId(participantId)}/wrapupcodes`,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as WrapupCode[];
}

/**
 * The wrap-up codes valid for this participant, whatever its medium: for media that have no lookup of
 * their own (chat, screen share, social, video; API-NOTES §8.10). The participant's own list, which
 * may differ from its queue's.
 */
export async function getAnyParticipantWrapupCodes(scope: CallScope, conversationId: string, participantId: string): Promise<WrapupCode[]> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: `/api/v2/conversations/${pathId(conversationId)}/participants/${pathId(participantId)}/wrapupcodes`,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as WrapupCode[];
}

/**
 * Applies wrap-up to the agent's communication, which ends its after-call work. Not repeated by
 * the transport on a server error or a lost answer: the caller reads the state again first.
 */
export async function postWrapup(
	scope: CallScope,
	target: { media: MediaPath; conversationId: string; participantId: string; communicationId: string },
	wrapup: IDataObject,
): Promise<void> {
	await genesysApiRequest.call(scope.ctx, {
		method: 'POST',
		path: `/api/v2/conversations/${target.media}/${pathId(target.conversationId)}/participants/${pathId(target.participantId)}/communications/${pathId(target.communicationId)}/wrapup`,
		body: wrapup,
		safeToRepeat: false,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	});
}

/** Skips wrap-up where the prompt is optional; same re-read-before-retry rule as the POST. */
export async function skipWrapup(scope: CallScope, conversationId: string, participantId: string): Promise<void> {
	await genesysApiRequest.call(scope.ctx, {
		method: 'PATCH',
		path: `/api/v2/conversations/${pathId(conversationId)}/participants/${pathId(participantId)}`,
		body: { wrapupSkipped: true },
		safeToRepeat: false,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	});
}
