/**
 * Read-only projections of a stored Conversation into the other response schemas:
 * CallConversation (GET /conversations/calls/{id}, participants flattened to CallMediaParticipant) and
 * AssignedWrapupCode (GET .../wrapup).
 */
import type { JsonObject } from '../types';
import { queueUri, userUri } from './entityRefs';

// CallMediaParticipant.disconnectType has no 'timeout' (Call's has): map it to the closest value.
const callParticipantDisconnect = (t: string | undefined) => (t === 'timeout' ? 'system' : t);

function copyDefined(target: JsonObject, source: JsonObject, keys: string[]): void {
	for (const key of keys) if (source[key] !== undefined) target[key] = structuredClone(source[key]);
}

function callMediaParticipant(participant: JsonObject, call: JsonObject): JsonObject {
	const out: JsonObject = {};
	copyDefined(out, participant, [
		'id',
		'name',
		'address',
		'startTime',
		'connectedTime',
		'endTime',
		'purpose',
		'wrapupRequired',
		'wrapupPrompt',
		'wrapupTimeoutMs',
		'wrapupSkipped',
		'wrapup',
		'attributes',
		'alertingTimeoutMs',
		'startAcwTime',
		'endAcwTime',
		'ani',
		'dnis',
		'mediaRoles',
	]);
	copyDefined(out, call, ['state', 'direction', 'held', 'muted', 'confined', 'recording', 'recordingState', 'provider']);
	if (call.disconnectType) out.disconnectType = callParticipantDisconnect(call.disconnectType);
	if (participant.userId) out.user = { id: participant.userId, selfUri: userUri(participant.userId) };
	if (participant.queueId) {
		out.queue = { id: participant.queueId, selfUri: queueUri(participant.queueId) };
		if (participant.queueName) out.queue.name = participant.queueName;
	}
	return out;
}

/** CallConversation view, or undefined when the conversation has no voice leg. */
export function toCallConversation(conversation: JsonObject): JsonObject | undefined {
	const participants: JsonObject[] = [];
	for (const participant of conversation.participants ?? []) {
		const calls: JsonObject[] = participant.calls ?? [];
		if (calls.length) participants.push(callMediaParticipant(participant, calls[calls.length - 1]));
	}
	if (!participants.length) return undefined;
	const out: JsonObject = {
		id: conversation.id,
		participants,
		otherMediaUris: [],
		recordingState: 'none',
		securePause: false,
		selfUri: `/api/v2/conversations/calls/${conversation.id}`,
	};
	if (conversation.divisions) out.divisions = structuredClone(conversation.divisions);
	return out;
}

/**
 * AssignedWrapupCode {code, notes, tags, durationSeconds, endTime} from a Wrapup; {} when none applies.
 * A provisional (not yet final) code is only shown when the caller asks with ?provisional=true.
 */
export function toAssignedWrapupCode(wrapup: JsonObject | undefined, provisional: boolean): JsonObject {
	if (!wrapup || (wrapup.provisional === true && !provisional)) return {};
	const out: JsonObject = {};
	copyDefined(out, wrapup, ['code', 'notes', 'tags', 'durationSeconds', 'endTime']);
	return out;
}
