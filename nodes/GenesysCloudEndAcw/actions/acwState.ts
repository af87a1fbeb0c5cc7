import type { IDataObject } from 'n8n-workflow';

import type { Communication, Conversation, Participant } from '../../shared/genesysTypes';

/**
 * Every media array of a participant that has a wrap-up endpoint
 * (`POST /api/v2/conversations/{path}/…/communications/{id}/wrapup`), with where its valid codes come from:
 * - `participant`: Genesys has `GET /api/v2/conversations/{path}/…/participants/{id}/wrapupcodes` for this media;
 * - `generic`: it has none (chat, screen share, social, video), so the generic
 *   `GET /api/v2/conversations/{id}/participants/{id}/wrapupcodes` is used, which serves any medium
 *   (API-NOTES §8.10) and, unlike the queue's list, needs no `routing:queue:view`.
 * Chat's endpoints are being removed by Genesys (API-NOTES §8.9); they work as long as Genesys keeps them.
 */
export const WRAPUP_MEDIA = [
	{ key: 'calls', path: 'calls', codes: 'participant' },
	{ key: 'callbacks', path: 'callbacks', codes: 'participant' },
	{ key: 'chats', path: 'chats', codes: 'generic' },
	{ key: 'cobrowsesessions', path: 'cobrowsesessions', codes: 'participant' },
	{ key: 'emails', path: 'emails', codes: 'participant' },
	{ key: 'messages', path: 'messages', codes: 'participant' },
	{ key: 'screenshares', path: 'screenshares', codes: 'generic' },
	// the participant's array is `socialExpressions`; the URL says `socials`
	{ key: 'socialExpressions', path: 'socials', codes: 'generic' },
	{ key: 'videos', path: 'videos', codes: 'generic' },
] as const;
export type WrapupMedia = (typeof WRAPUP_MEDIA)[number];
/** The media's segment in the wrap-up URL ('calls', 'socials', ...); also the output's `mediaType`. */
export type MediaPath = WrapupMedia['path'];
/** The media whose participants have a wrap-up-code lookup of their own. */
export type CodeLookupMediaPath = Extract<WrapupMedia, { codes: 'participant' }>['path'];

export type AcwStatus =
	/** the agent's communication ended and wrap-up is owed */
	| 'inAcw'
	/** the interaction is still going: no after-call work yet */
	| 'notYet'
	/** wrap-up applied or skipped, or ACW ended (for example by its timeout) */
	| 'done'
	/** the communication ended and nothing is owed (no wrap-up required) */
	| 'notRequired';

export type ParticipantSelector = { by: 'owesWrapup' } | { by: 'userId'; userId: string } | { by: 'participantId'; participantId: string };

export interface AgentCommunication {
	media: WrapupMedia;
	communication: Communication;
}

const ENDED_STATES = ['disconnected', 'terminated'];

/** The agent's communication: the last one in the first media array that has any. */
export function agentCommunication(participant: Participant): AgentCommunication | undefined {
	for (const media of WRAPUP_MEDIA) {
		const communications = participant[media.key] as Communication[] | undefined;
		if (Array.isArray(communications) && communications.length) {
			return { media, communication: communications[communications.length - 1] };
		}
	}
	return undefined;
}

/**
 * A wrap-up saved with `provisional: true` is the agent's draft, not a finished wrap-up (API-NOTES
 * §8.5): after-call work is still owed.
 */
export function finalWrapup(participant: Participant): IDataObject | undefined {
	const wrapup = participant.wrapup;
	return wrapup && wrapup.provisional !== true ? wrapup : undefined;
}

export function provisionalWrapup(participant: Participant): IDataObject | undefined {
	const wrapup = participant.wrapup;
	return wrapup?.provisional === true ? wrapup : undefined;
}

/**
 * Genesys has no "acw" conversation state (the guide's check does not exist): after-call work
 * shows on the agent participant and its communication (API-NOTES §6.1).
 */
export function acwStatus(participant: Participant): AcwStatus {
	const found = agentCommunication(participant);
	const acw = found?.communication.afterCallWork;
	if (finalWrapup(participant) || participant.wrapupSkipped || participant.endAcwTime) return 'done';
	if (acw?.state === 'complete' || acw?.state === 'skipped') return 'done';
	if (!found || !ENDED_STATES.includes(String(found.communication.state))) return 'notYet';
	if (participant.wrapupRequired !== true) return 'notRequired';
	if (acw && acw.state !== 'pending') return 'notRequired';
	return 'inAcw';
}

export function agentParticipants(conversation: Conversation): Participant[] {
	return (conversation.participants ?? []).filter((participant) => participant.purpose === 'agent');
}

/**
 * Default: the latest agent participant that owes wrap-up (transfers leave several); if none owes
 * it, the latest agent participant, so the outcome can say why nothing was done.
 */
export function pickParticipant(conversation: Conversation, selector: ParticipantSelector): Participant | undefined {
	const all = conversation.participants ?? [];
	if (selector.by === 'participantId') return all.find((participant) => participant.id === selector.participantId);
	const agents = agentParticipants(conversation).filter(
		(participant) => selector.by !== 'userId' || participant.userId === selector.userId,
	);
	const owing = agents.filter((participant) => acwStatus(participant) === 'inAcw');
	return owing[owing.length - 1] ?? agents[agents.length - 1];
}
