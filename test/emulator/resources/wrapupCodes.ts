/**
 * Wrap-up codes: the org list (/api/v2/routing/wrapupcodes) and the codes a conversation participant may use
 * (the codes assigned to the participant's queue). Owns store.wrapupCodes and store.queueWrapupCodes.
 */
import { paginate } from '../core/paging';
import { GenesysError, type HandlerMap, type JsonObject, type OrgStore, type RouteContext } from '../types';
import { assertMayWrapUp } from './wrapupAuth';
import { clone } from './entityRefs';
import { compareNames, many, nameMatcher, one } from './queryParams';

/**
 * What Genesys writes as the code when a time-boxed ACW expires without one (API-NOTES §4.1). A system code:
 * not in the org list, not assignable to queues, but resolvable by id so reads can name it.
 */
export const ACW_TIMEOUT_WRAPUP_CODE: JsonObject = {
	id: 'ININ-WRAP-UP-TIMEOUT',
	name: 'ININ-WRAP-UP-TIMEOUT',
	description: 'System wrap-up code applied when a timed after-call work period expires',
	selfUri: '/api/v2/routing/wrapupcodes/ININ-WRAP-UP-TIMEOUT',
};

/** A code by id, including the system timeout code. */
export function findWrapupCode(store: OrgStore, id: string): JsonObject | undefined {
	return id === ACW_TIMEOUT_WRAPUP_CODE.id ? ACW_TIMEOUT_WRAPUP_CODE : store.wrapupCodes.get(id);
}

/** Codes valid on a queue, in name order. A queue without an assignment has none. */
export function queueWrapupCodes(store: OrgStore, queueId: string | undefined): JsonObject[] {
	if (!queueId) return [];
	return (store.queueWrapupCodes.get(queueId) ?? [])
		.map((id) => store.wrapupCodes.get(id))
		.filter((c): c is JsonObject => c !== undefined)
		.sort((a, b) => compareNames(a.name, b.name));
}

/**
 * Codes valid for a participant on this queue: the queue's, plus any its participants may also use although the
 * queue's list does not show them (store.participantOnlyWrapupCodes). The participant lookups answer this, and a
 * wrap-up accepts it.
 */
export function codesForParticipant(store: OrgStore, queueId: string | undefined): JsonObject[] {
	const extra = (queueId ? (store.participantOnlyWrapupCodes.get(queueId) ?? []) : [])
		.map((id) => store.wrapupCodes.get(id))
		.filter((c): c is JsonObject => c !== undefined);
	const codes = queueWrapupCodes(store, queueId);
	const known = new Set(codes.map((c) => c.id));
	return [...codes, ...extra.filter((c) => !known.has(c.id))].sort((a, b) => compareNames(a.name, b.name));
}

/**
 * How the org list matches `name`: Genesys documents nothing (API-NOTES §8.7; Terraform lists and compares on the
 * client). The emulator takes the strictest reading, the whole name exactly, so a client that relies on wildcards
 * or on part of a name finds nothing here, as it might in a real org.
 */
export const exactName = (pattern: string) => (name: unknown) => name === pattern;

/**
 * Filter (name, id, divisionId), sort and page a list of codes into a WrapupCodeEntityListing. `byName` is how the
 * endpoint matches `name` (default: the wildcards a queue's list documents, "trailing asterisks allowed").
 */
export function listWrapupCodes(
	codes: JsonObject[],
	ctx: RouteContext,
	path: string,
	byName: (pattern: string) => (name: unknown) => boolean = nameMatcher,
) {
	const { query } = ctx;
	const name = one(query, 'name');
	const ids = new Set(many(query, 'id'));
	const divisionIds = new Set(many(query, 'divisionId'));
	const matches = name ? byName(name) : undefined;
	const key = one(query, 'sortBy') === 'id' ? 'id' : 'name';
	const filtered = codes
		.filter((c) => (!matches || matches(c.name)) && (!ids.size || ids.has(c.id)))
		.filter((c) => !divisionIds.size || divisionIds.has(c.division?.id))
		.sort((a, b) => compareNames(a[key], b[key]));
	if (one(query, 'sortOrder') === 'descending') filtered.reverse();
	const listing = paginate(filtered, query, ctx.baseUrl, path);
	listing.entities = listing.entities.map(clone);
	return listing;
}

function getRoutingWrapupcodes(ctx: RouteContext) {
	return {
		status: 200,
		body: listWrapupCodes([...ctx.store.wrapupCodes.values()], ctx, '/api/v2/routing/wrapupcodes', exactName),
	};
}

/**
 * GET .../participants/{participantId}/wrapupcodes: a bare WrapupCode[] (codesForParticipant: the queue's codes and
 * any others its participants may use). The generic
 * path serves any participant; a media path (/calls/, /emails/...) only a participant with that media, like the
 * media's other participant paths. Genesys has this lookup for calls, callbacks, co-browse, email and messages only
 * (none for chat, screen share, social or video: API-NOTES §8).
 */
function participantWrapupCodes(media?: string) {
	return (ctx: RouteContext) => {
		const conversation = ctx.store.conversations.get(ctx.params.conversationId);
		if (!conversation) {
			throw new GenesysError(404, 'not.found', `Conversation ${ctx.params.conversationId} not found`);
		}
		const participant = conversation.participants?.find((p: JsonObject) => p.id === ctx.params.participantId);
		if (!participant) {
			throw new GenesysError(404, 'not.found', `Participant ${ctx.params.participantId} not found`);
		}
		if (media && !participant[media]?.length) {
			throw new GenesysError(404, 'not.found', `Participant ${participant.id} has no ${media} communications in conversation ${conversation.id}`);
		}
		assertMayWrapUp(ctx, participant);
		return { status: 200, body: codesForParticipant(ctx.store, participant.queueId).map(clone) };
	};
}

export const wrapupCodeHandlers: HandlerMap = {
	getRoutingWrapupcodes,
	getConversationParticipantWrapupcodes: participantWrapupCodes(),
	getConversationsCallParticipantWrapupcodes: participantWrapupCodes('calls'),
	getConversationsCallbackParticipantWrapupcodes: participantWrapupCodes('callbacks'),
	getConversationsCobrowsesessionParticipantWrapupcodes: participantWrapupCodes('cobrowsesessions'),
	getConversationsEmailParticipantWrapupcodes: participantWrapupCodes('emails'),
	getConversationsMessageParticipantWrapupcodes: participantWrapupCodes('messages'),
};
export const handlers = wrapupCodeHandlers;
