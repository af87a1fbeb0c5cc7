/**
 * The empty in-memory org every emulator starts from; seeds (fixtures/) fill it.
 * Defaults mirror a fresh Genesys org: every conversation-settings toggle off, agent score kept on presence change.
 */
import type { OrgStore } from './types';

export function createEmptyStore(): OrgStore {
	return {
		actions: new Map(),
		actionDrafts: new Map(),
		divisions: new Map(),
		queues: new Map(),
		wrapupCodes: new Map(),
		queueWrapupCodes: new Map(),
		participantOnlyWrapupCodes: new Map(),
		conversations: new Map(),
		// All six booleans of the spec's `Settings` schema (API-NOTES §4.1), so GET returns a complete object.
		conversationSettings: {
			communicationBasedACW: false,
			includeNonAgentConversationSummary: false,
			allowCallbackQueueSelection: false,
			callbacksInheritRoutingFromInboundCall: false,
			completeAcwWhenAgentTransitionsOffline: false,
			totalActiveCallback: false,
		},
		routingSettings: { resetAgentScoreOnPresenceChange: false },
		behaviour: { staleVersionStatus: 409, wrapupAuth: 'permission' },
		users: new Map(),
	};
}

/** JSON view of the store for the /__emulator/state control endpoint (Maps become plain objects). */
export function storeToJson(store: OrgStore): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(store)) {
		out[key] = value instanceof Map ? Object.fromEntries(value) : value;
	}
	return out;
}
