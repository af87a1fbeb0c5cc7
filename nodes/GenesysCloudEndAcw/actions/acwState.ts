import type { Communication, Conversation, Participant } from '../../shared/genesysTypes';

/** The media arrays of a participant, as they appear in the wrap-up URL. */
export const MEDIA_KEYS = ['calls', 'callbacks', 'chats', 'emails', 'messages'] as const;
export type MediaKey = (typeof MEDIA_KEYS)[number];

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
	media: MediaKey;
	communication: Communication;
}

const ENDED_STATES = ['disconnected', 'terminated'];

/** The agent's communication: the last one in the first media array that has any. */
export function agentCommunication(participant: Participant): AgentCommunication | undefined {
	for (const media of MEDIA_KEYS) {
		const communications = participant[media] as Communication[] | undefined;
		if (Array.isArray(communications) && communications.length) {
			return { media, communication: communications[communications.length - 1] };
		}
	}
	return undefined;
}

/**
 * Genesys has no "acw" conversation state (the guide's check does not exist): after-call work
 * shows on the agent participant and its communication (API-NOTES §6.1).
 */
export function acwStatus(participant: Participant): AcwStatus {
	const found = agentCommunication(participant);
	const acw = found?.communication.afterCallWork;
	if (participant.wrapup || participant.wrapupSkipped || participant.endAcwTime) return 'done';
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
