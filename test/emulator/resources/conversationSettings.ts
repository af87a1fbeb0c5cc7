/**
 * Org conversation toggles: GET/PATCH /api/v2/conversations/settings (`Settings`, six booleans).
 * There is no org-level ACW timeout here (API-NOTES §4.1); ACW timing lives on queues.
 */
import type { HandlerMap, RouteContext } from '../types';
import { clone } from './entityRefs';

const SETTINGS_FIELDS = [
	'communicationBasedACW',
	'includeNonAgentConversationSummary',
	'allowCallbackQueueSelection',
	'callbacksInheritRoutingFromInboundCall',
	'completeAcwWhenAgentTransitionsOffline',
	'totalActiveCallback',
];

function getConversationsSettings(ctx: RouteContext) {
	return { status: 200, body: clone(ctx.store.conversationSettings) };
}

/**
 * Partial update: only the booleans present in the body change (the spec validated their types).
 * No body is returned; the spec says only "2XX", we answer 204 No Content.
 */
function patchConversationsSettings(ctx: RouteContext) {
	const body = ctx.body ?? {};
	for (const field of SETTINGS_FIELDS) {
		if (typeof body[field] === 'boolean') ctx.store.conversationSettings[field] = body[field];
	}
	return { status: 204 };
}

export const conversationSettingsHandlers: HandlerMap = { getConversationsSettings, patchConversationsSettings };
export const handlers = conversationSettingsHandlers;
