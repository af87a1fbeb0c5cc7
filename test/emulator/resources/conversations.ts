/**
 * Conversations and their after-call work: /api/v2/conversations/... Owns store.conversations (Conversation
 * bodies). The ACW rules live in conversationAcw.ts; this file routes requests to them.
 *
 * Refusals (chosen to match what a client must handle, see API-NOTES §6.3):
 *   404 not.found                                    unknown conversation / participant / communication, or a
 *                                                    media path (/calls/, /chats/, /socials/...) the participant lacks
 *   400 conversation.communication.not.disconnected  wrap-up or skip while the communication is still connected
 *   409 conversation.wrapup.already.set              wrap-up or skip after ACW ended (wrapped, skipped, timed out)
 *   400 conversation.wrapup.code.invalid             code not assigned to the participant's queue
 *   400 conversation.wrapup.code.required            WrapupInput without code (and not provisional)
 *   400 conversation.wrapup.skip.not.allowed         wrapupSkipped on a prompt other than `optional`
 *   400 conversation.participant.wrapup.not.required wrap-up on a non-agent participant
 */
import { GenesysError, type HandlerMap, type JsonObject, type RouteContext } from '../types';
import {
	applyWrapup,
	disconnectCommunication,
	endInteraction,
	lastCommunication,
	participantMedia,
	settleTimedAcw,
	skipWrapup,
	type MediaKey,
} from './conversationAcw';
import { toAssignedWrapupCode, toCallConversation } from './conversationViews';
import { clone } from './entityRefs';
import { assertMayWrapUp } from './wrapupAuth';
import { flag } from './queryParams';

/** Media whose communication schema has `held` (Cobrowsesession, Screenshare and Video do not). */
const HOLDABLE: MediaKey[] = ['calls', 'callbacks', 'chats', 'emails', 'messages', 'socialExpressions'];

const notFound = (what: string, id: string) => new GenesysError(404, 'not.found', `${what} ${id} not found`);

/** Look up the conversation and bring its timed ACWs up to date before anyone reads or writes it. */
function loadConversation(ctx: RouteContext): JsonObject {
	const conversation = ctx.store.conversations.get(ctx.params.conversationId);
	if (!conversation) throw notFound('Conversation', ctx.params.conversationId);
	settleTimedAcw(conversation, ctx.now());
	return conversation;
}

function loadParticipant(ctx: RouteContext, media?: MediaKey): { conversation: JsonObject; participant: JsonObject } {
	const conversation = loadConversation(ctx);
	const participant = conversation.participants.find((p: JsonObject) => p.id === ctx.params.participantId);
	if (!participant) throw notFound('Participant', ctx.params.participantId);
	if (media && !participant[media]?.length) {
		throw new GenesysError(
			404,
			'not.found',
			`Participant ${participant.id} has no ${media} communications in conversation ${conversation.id}`,
		);
	}
	return { conversation, participant };
}

function loadCommunication(ctx: RouteContext, media: MediaKey) {
	const found = loadParticipant(ctx, media);
	const comm = found.participant[media].find((c: JsonObject) => c.id === ctx.params.communicationId);
	if (!comm) {
		throw new GenesysError(
			404,
			'not.found',
			`Communication ${ctx.params.communicationId} not found in ${media} of participant ${found.participant.id}`,
		);
	}
	return { ...found, comm };
}

function getConversation(ctx: RouteContext) {
	return { status: 200, body: clone(loadConversation(ctx)) };
}

function getConversationsCall(ctx: RouteContext) {
	const view = toCallConversation(loadConversation(ctx));
	if (!view) throw new GenesysError(404, 'not.found', `Conversation ${ctx.params.conversationId} is not a call`);
	return { status: 200, body: view };
}

function participantWrapup(media?: MediaKey) {
	return (ctx: RouteContext) => {
		const { participant } = loadParticipant(ctx, media);
		return { status: 200, body: toAssignedWrapupCode(participant.wrapup, flag(ctx.query, 'provisional') === true) };
	};
}

function getConversationsCallParticipantCommunicationWrapup(ctx: RouteContext) {
	const { participant, comm } = loadCommunication(ctx, 'calls');
	const provisional = flag(ctx.query, 'provisional') === true;
	return { status: 200, body: toAssignedWrapupCode(comm.wrapup ?? participant.wrapup, provisional) };
}

/**
 * POST /conversations/{media}/{cid}/participants/{pid}/communications/{commId}/wrapup (WrapupInput, optional body).
 * No body back; the spec says only "2XX", we answer 202 like the participant PATCHes.
 */
function postCommunicationWrapup(media: MediaKey) {
	return (ctx: RouteContext) => {
		const { participant, comm } = loadCommunication(ctx, media);
		assertMayWrapUp(ctx, participant);
		applyWrapup(ctx.store, participant, comm, ctx.body ?? {}, ctx.now());
		return { status: 202 };
	};
}

/** PATCH participant (MediaParticipantRequest): disconnect, wrap-up, skip; hold/mute flags applied simply. */
function patchParticipant(media?: MediaKey) {
	return (ctx: RouteContext) => {
		const { conversation, participant } = loadParticipant(ctx, media);
		assertMayWrapUp(ctx, participant);
		const body: JsonObject = ctx.body ?? {};
		const comm = lastCommunication(participant);
		if (!comm) throw new GenesysError(400, 'bad.request', `Participant ${participant.id} has no communication`);
		if (body.wrapup && body.wrapupSkipped === true) {
			throw new GenesysError(400, 'bad.request', 'Send either wrapup or wrapupSkipped, not both');
		}
		const now = ctx.now();
		if (body.state === 'disconnected') endInteraction(conversation, participant.id, now);
		const mediaKey = participantMedia(participant)?.key;
		for (const key of ['held', 'muted', 'confined', 'recording']) {
			// muted/confined/recording exist on voice legs only; held on the media whose schema has it.
			const has = key === 'held' ? mediaKey !== undefined && HOLDABLE.includes(mediaKey) : mediaKey === 'calls';
			if (typeof body[key] === 'boolean' && has) comm[key] = body[key];
		}
		if (body.wrapupSkipped === true) skipWrapup(participant, comm, now);
		if (body.wrapup) applyWrapup(ctx.store, participant, comm, body.wrapup, now);
		return { status: 202 };
	};
}

/** PATCH one call communication: "disconnecting it. This endpoint does not update wrapup." */
function patchConversationsCallParticipantCommunication(ctx: RouteContext) {
	const { participant, comm } = loadCommunication(ctx, 'calls');
	const body: JsonObject = ctx.body ?? {};
	if (body.state === 'disconnected') disconnectCommunication(participant, comm, ctx.now(), 'client');
	for (const key of ['held', 'muted', 'confined', 'recording']) {
		if (typeof body[key] === 'boolean') comm[key] = body[key];
	}
	return { status: 200, body: {} };
}

/** AGENT_REQUESTED toggle; "Can only be updated for connected communications" - it cannot end ACW. */
function patchAfterCallWork(ctx: RouteContext) {
	const conversation = loadConversation(ctx);
	const participant = conversation.participants.find((p: JsonObject) => p.id === ctx.params.participantId);
	if (!participant) throw notFound('Participant', ctx.params.participantId);
	const media = participantMedia(participant);
	const comm = media?.comms.find((c) => c.id === ctx.params.communicationId);
	if (!comm) throw notFound('Communication', ctx.params.communicationId);
	if (comm.state !== 'connected') {
		throw new GenesysError(
			400,
			'bad.request',
			`afterCallWorkRequired can only be updated for connected communications; ${comm.id} is ${comm.state}`,
		);
	}
	if (participant.wrapupPrompt !== 'agentRequested') {
		throw new GenesysError(
			400,
			'bad.request',
			`afterCallWorkRequired is only used when the queue's ACW setting is AGENT_REQUESTED (participant prompt is '${participant.wrapupPrompt}')`,
		);
	}
	comm.afterCallWorkRequired = ctx.body.afterCallWorkRequired === true;
	return { status: 200, body: { afterCallWorkRequired: comm.afterCallWorkRequired } };
}

export const conversationHandlers: HandlerMap = {
	getConversation,
	getConversationsCall,
	getConversationParticipantWrapup: participantWrapup(),
	getConversationsCallParticipantWrapup: participantWrapup('calls'),
	getConversationsCallParticipantCommunicationWrapup,
	postConversationsCallParticipantCommunicationWrapup: postCommunicationWrapup('calls'),
	postConversationsCallbackParticipantCommunicationWrapup: postCommunicationWrapup('callbacks'),
	postConversationsChatParticipantCommunicationWrapup: postCommunicationWrapup('chats'),
	postConversationsEmailParticipantCommunicationWrapup: postCommunicationWrapup('emails'),
	postConversationsMessageParticipantCommunicationWrapup: postCommunicationWrapup('messages'),
	// Deprecated by Genesys (legacy co-browse and screen share) but still in the API.
	postConversationsCobrowsesessionParticipantCommunicationWrapup: postCommunicationWrapup('cobrowsesessions'),
	postConversationsScreenshareParticipantCommunicationWrapup: postCommunicationWrapup('screenshares'),
	// The path says `socials`; the participant's array is `socialExpressions`.
	postConversationsSocialParticipantCommunicationWrapup: postCommunicationWrapup('socialExpressions'),
	postConversationsVideoParticipantCommunicationWrapup: postCommunicationWrapup('videos'),
	patchConversationParticipant: patchParticipant(),
	patchConversationsCallParticipant: patchParticipant('calls'),
	patchConversationsCallbackParticipant: patchParticipant('callbacks'),
	patchConversationsChatParticipant: patchParticipant('chats'),
	patchConversationsEmailParticipant: patchParticipant('emails'),
	patchConversationsMessageParticipant: patchParticipant('messages'),
	patchConversationsCobrowsesessionParticipant: patchParticipant('cobrowsesessions'),
	patchConversationsCallParticipantCommunication,
	patchConversationsAftercallworkConversationIdParticipantCommunication: patchAfterCallWork,
};
export const handlers = conversationHandlers;
