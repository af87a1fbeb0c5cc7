/**
 * The after-call-work (ACW) state machine of a conversation's participants, shared by the conversation
 * handlers and the fixtures. State lives only in the stored Conversation body (API-NOTES §6.1), so every
 * read shows exactly what Genesys would show:
 *   connected      communication `connected`, no startAcwTime
 *   in ACW         communication `disconnected`, startAcwTime, afterCallWork.state `pending`, no wrapup/endAcwTime
 *   wrapped up     wrapup {code,...}, endAcwTime, afterCallWork.state `complete`
 *   skipped        wrapupSkipped, endAcwTime, afterCallWork.state `skipped`
 * Time-boxed ACW (`timeout`, `forcedTimeout`) ends itself: settleTimedAcw() applies ININ-WRAP-UP-TIMEOUT lazily
 * on the first access after startAcwTime + wrapupTimeoutMs (no timers, so a frozen test clock just works).
 */
import { GenesysError, type JsonObject, type OrgStore } from '../types';
import { ACW_TIMEOUT_WRAPUP_CODE, findWrapupCode, codesForParticipant } from './wrapupCodes';

/** The participant's media arrays that take a wrap-up (each has a `…/communications/{id}/wrapup` POST). */
export const MEDIA_KEYS = [
	'calls',
	'callbacks',
	'chats',
	'cobrowsesessions',
	'emails',
	'messages',
	'screenshares',
	'socialExpressions',
	'videos',
] as const;
export type MediaKey = (typeof MEDIA_KEYS)[number];

/** The media's segment in the URL paths: the array name, except social expressions (`/conversations/socials/…`). */
export const MEDIA_PATH: Record<MediaKey, string> = {
	calls: 'calls',
	callbacks: 'callbacks',
	chats: 'chats',
	cobrowsesessions: 'cobrowsesessions',
	emails: 'emails',
	messages: 'messages',
	screenshares: 'screenshares',
	socialExpressions: 'socials',
	videos: 'videos',
};

/** Queue AcwSettings.wrapupPrompt -> Participant.wrapupPrompt (the two enums differ, API-NOTES §6.1). */
export const PARTICIPANT_PROMPT: Record<string, string> = {
	MANDATORY: 'mandatory',
	OPTIONAL: 'optional',
	MANDATORY_TIMEOUT: 'timeout',
	MANDATORY_FORCED_TIMEOUT: 'forcedTimeout',
	AGENT_REQUESTED: 'agentRequested',
};
const TIMED_PROMPTS = ['timeout', 'forcedTimeout'];

const iso = (ms: number) => new Date(ms).toISOString();
const isEnded = (comm: JsonObject) => comm.state === 'disconnected' || comm.state === 'terminated';

/** The participant's communications of its (single) media, with the media key. */
export function participantMedia(participant: JsonObject): { key: MediaKey; comms: JsonObject[] } | undefined {
	for (const key of MEDIA_KEYS) {
		if (Array.isArray(participant[key]) && participant[key].length) return { key, comms: participant[key] };
	}
	return undefined;
}

export function lastCommunication(participant: JsonObject): JsonObject | undefined {
	const media = participantMedia(participant);
	return media?.comms[media.comms.length - 1];
}

export function isAcwOver(participant: JsonObject): boolean {
	return participant.endAcwTime !== undefined || participant.wrapupSkipped === true || hasFinalWrapup(participant);
}

function hasFinalWrapup(participant: JsonObject): boolean {
	return participant.wrapup !== undefined && participant.wrapup.provisional !== true;
}

/** An agent leg needs ACW unless the queue is AGENT_REQUESTED and the agent did not ask for it. */
function needsAcw(participant: JsonObject, comm: JsonObject): boolean {
	if (participant.wrapupRequired !== true) return false;
	return participant.wrapupPrompt !== 'agentRequested' || comm.afterCallWorkRequired === true;
}

/** Disconnect one communication; an agent leg that needs wrap-up enters ACW at the same instant. */
export function disconnectCommunication(
	participant: JsonObject,
	comm: JsonObject,
	atMs: number,
	disconnectType: string,
): void {
	if (isEnded(comm)) return;
	comm.state = 'disconnected';
	comm.disconnectType = disconnectType;
	comm.disconnectedTime = iso(atMs);
	participant.endTime = iso(atMs);
	if (participant.purpose !== 'agent') return;
	if (needsAcw(participant, comm)) {
		participant.startAcwTime = iso(atMs);
		comm.afterCallWork = { state: 'pending', startTime: iso(atMs) };
	} else {
		comm.afterCallWork = { state: 'notApplicable' };
	}
}

/**
 * The interaction ends (either side hangs up): every still-connected leg disconnects, the agent's enters ACW,
 * and the conversation gets its endTime.
 */
export function endInteraction(conversation: JsonObject, byParticipantId: string | undefined, atMs: number): void {
	for (const participant of conversation.participants ?? []) {
		for (const comm of participantMedia(participant)?.comms ?? []) {
			if (isEnded(comm)) continue;
			disconnectCommunication(participant, comm, atMs, participant.id === byParticipantId ? 'client' : 'peer');
		}
	}
	conversation.endTime = iso(atMs);
}

/** End time-boxed ACWs whose timer ran out. Returns true when something changed. */
export function settleTimedAcw(conversation: JsonObject, nowMs: number): boolean {
	let changed = false;
	for (const participant of conversation.participants ?? []) {
		if (!TIMED_PROMPTS.includes(participant.wrapupPrompt) || !participant.startAcwTime) continue;
		if (isAcwOver(participant) || typeof participant.wrapupTimeoutMs !== 'number') continue;
		const start = Date.parse(participant.startAcwTime);
		const deadline = start + participant.wrapupTimeoutMs;
		if (nowMs < deadline) continue;
		// A provisional code the agent already picked is kept; otherwise the system timeout code.
		const provisional = participant.wrapup?.provisional === true ? participant.wrapup : undefined;
		const code = provisional?.code ?? ACW_TIMEOUT_WRAPUP_CODE.id;
		finishWrapup(participant, lastCommunication(participant), {
			code,
			name: provisional?.name ?? ACW_TIMEOUT_WRAPUP_CODE.name,
			...(provisional?.notes !== undefined ? { notes: provisional.notes } : {}),
			...(provisional?.tags !== undefined ? { tags: provisional.tags } : {}),
			durationSeconds: Math.round(participant.wrapupTimeoutMs / 1000),
			endTime: iso(deadline),
		});
		changed = true;
	}
	return changed;
}

/** Record a final wrap-up and close ACW on the participant and its communication. */
function finishWrapup(participant: JsonObject, comm: JsonObject | undefined, wrapup: JsonObject): void {
	participant.wrapup = wrapup;
	participant.endAcwTime = wrapup.endTime;
	if (comm) {
		comm.wrapup = { ...wrapup };
		comm.afterCallWork = { ...(comm.afterCallWork ?? {}), state: 'complete', endTime: wrapup.endTime };
	}
}

/** Refusals shared by apply and skip: who may wrap up, and when. */
function assertInAcw(participant: JsonObject, comm: JsonObject): void {
	if (participant.wrapupRequired !== true) {
		throw new GenesysError(
			400,
			'conversation.participant.wrapup.not.required',
			`Participant ${participant.id} (purpose ${participant.purpose}) does not take a wrap-up`,
		);
	}
	if (isAcwOver(participant)) {
		// 409: the request was fine but the state moved on (already wrapped, skipped, or timed out). A client should
		// re-read the conversation, not retry blindly (API-NOTES §6.3).
		const how = participant.wrapupSkipped ? 'skipped' : `set (code ${participant.wrapup?.code})`;
		throw new GenesysError(
			409,
			'conversation.wrapup.already.set',
			`Wrap-up for participant ${participant.id} has already been ${how}; after-call work is over`,
		);
	}
	if (!isEnded(comm)) {
		throw new GenesysError(
			400,
			'conversation.communication.not.disconnected',
			`Communication ${comm.id} is still ${comm.state}: wrap-up can only be applied once the communication is disconnected and the participant is in after-call work`,
		);
	}
}

/** Apply a WrapupInput (POST .../wrapup, or PATCH participant {wrapup}). */
export function applyWrapup(
	store: OrgStore,
	participant: JsonObject,
	comm: JsonObject,
	input: JsonObject,
	nowMs: number,
): void {
	assertInAcw(participant, comm);
	const provisional = input.provisional === true;
	if (!input.code) {
		if (provisional) {
			participant.wrapup = { ...pickWrapup(input), provisional: true };
			return;
		}
		throw new GenesysError(400, 'conversation.wrapup.code.required', 'A wrap-up code is required (WrapupInput.code)');
	}
	const valid = codesForParticipant(store, participant.queueId);
	const code = valid.find((c) => c.id === input.code);
	if (!code) {
		const known = findWrapupCode(store, input.code) ? 'is not assigned to' : 'does not exist in the org, so not on';
		throw new GenesysError(
			400,
			'conversation.wrapup.code.invalid',
			`Wrap-up code ${input.code} ${known} queue ${participant.queueId ?? '(none)'}`,
			{ code: String(input.code) },
		);
	}
	const wrapup = { ...pickWrapup(input), code: code.id, name: code.name };
	if (provisional) {
		participant.wrapup = { ...wrapup, provisional: true };
		return;
	}
	const start = participant.startAcwTime ? Date.parse(participant.startAcwTime) : nowMs;
	finishWrapup(participant, comm, {
		...wrapup,
		durationSeconds: Math.max(0, Math.round((nowMs - start) / 1000)),
		endTime: iso(nowMs),
	});
}

function pickWrapup(input: JsonObject): JsonObject {
	const out: JsonObject = {};
	if (typeof input.notes === 'string') out.notes = input.notes;
	if (Array.isArray(input.tags)) out.tags = [...input.tags];
	return out;
}

/** PATCH participant {wrapupSkipped: true}: only an `optional` prompt may skip (API-NOTES §6.3). */
export function skipWrapup(participant: JsonObject, comm: JsonObject, nowMs: number): void {
	if (participant.wrapupPrompt !== 'optional' && participant.wrapupRequired === true) {
		throw new GenesysError(
			400,
			'conversation.wrapup.skip.not.allowed',
			`Wrap-up cannot be skipped: participant ${participant.id} has wrapupPrompt '${participant.wrapupPrompt}'; only 'optional' allows skipping`,
			{ wrapupPrompt: String(participant.wrapupPrompt) },
		);
	}
	assertInAcw(participant, comm);
	participant.wrapupSkipped = true;
	participant.endAcwTime = iso(nowMs);
	comm.afterCallWork = { ...(comm.afterCallWork ?? {}), state: 'skipped', endTime: iso(nowMs) };
}
