/**
 * Issue 17: End ACW's write-then-re-read rules that no test guarded before: a token failure before
 * the write means the write was never sent (and the message says so); our own wrap-up is still
 * recognised when Genesys normalises the notes it stores; over a provisional wrap-up the final one
 * says `provisional: false`.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { addConversation } from '../emulator/fixtures/conversations';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { conversationHandlers } from '../emulator/resources/conversations';
import { queueWrapupCodes, wrapupCodeHandlers } from '../emulator/resources/wrapupCodes';
import type { HandlerMap, JsonObject, RouteContext } from '../emulator/types';
import { CREDENTIAL_ID, emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queueId: string;
/** runs after the emulator's handler of that operationId answered */
let after: Record<string, (ctx: RouteContext) => void> = {};

function hooked(...maps: HandlerMap[]): HandlerMap {
	const out: HandlerMap = {};
	for (const map of maps) {
		for (const [operationId, handler] of Object.entries(map)) {
			out[operationId] = async (ctx) => {
				const result = await handler(ctx);
				after[operationId]?.(ctx);
				return result;
			};
		}
	}
	return out;
}

beforeEach(async () => {
	after = {};
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		handlers: [hooked(conversationHandlers, wrapupCodeHandlers)],
		seed: (store) => {
			queueId = seedRoutingOrg(store, { queueCount: 2, conversations: false }).queues[0].id;
		},
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator });
});
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const code = () => queueWrapupCodes(emulator.store, queueId)[0] as JsonObject;
const agentOf = (conversationId: string, participantId: string) =>
	emulator.store.conversations.get(conversationId)!.participants.find((p: JsonObject) => p.id === participantId);

function endAcw(conversationId: string, parameters: Record<string, unknown> = {}) {
	return runNode({
		nodeType: 'genesysCloudEndAcw',
		parameters: {
			conversationId,
			participant: 'owesWrapup',
			whenInAcw: 'applyWrapup',
			wrapupCode: { __rl: true, mode: 'id', value: code().id },
			notes: 'Case saved',
			options: { baseDelaySeconds: 0 },
			...parameters,
		},
		credentialStore,
		emulator,
	});
}

test('[safety] a token failure before the wrap-up, then a failed read: the item says no wrap-up reached Genesys', async () => {
	const conversation = addConversation(emulator.store, { queueId, prompt: 'mandatory', state: 'inAcw' });
	// right after the code lookup, n8n's stored token is lost and the login host stays down: the
	// wrap-up POST is never sent, and the read after it cannot be sent either
	const loseToken = () => {
		const record = credentialStore.get(CREDENTIAL_ID)!;
		credentialStore.update(CREDENTIAL_ID, { ...record.data, oauthTokenData: undefined });
		emulator.injectFault({ match: 'oauthToken', status: 503, count: Infinity });
	};
	after.getConversationsCallParticipantWrapupcodes = loseToken;
	after.getConversationParticipantWrapupcodes = loseToken;
	const result = await endAcw(conversation.conversationId, { options: { baseDelaySeconds: 0, maxAttempts: 1 } });
	expect(result.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/'))).toHaveLength(0);
	expect(result.error?.description).toMatch(/^No wrap-up reached Genesys \(attempt 1: no access token from the login host, not sent\); reading the conversation afterwards failed\. Nothing was changed\./);
	expect(agentOf(conversation.conversationId, conversation.participantId).wrapup).toBeUndefined();
}, 60_000);

test('[safety] our own wrap-up, whose answer was lost, is recognised even when Genesys normalises the notes it stores', async () => {
	const conversation = addConversation(emulator.store, { queueId, prompt: 'mandatory', state: 'inAcw' });
	// Genesys stores the wrap-up with its notes' spacing normalised, then the answer is lost
	after.postConversationsCallParticipantCommunicationWrapup = (ctx) => {
		const agent = agentOf(ctx.params.conversationId, ctx.params.participantId);
		agent.wrapup.notes = String(agent.wrapup.notes).replace(/\s+/g, ' ').trim();
	};
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', drop: true, afterHandler: true });
	const result = await endAcw(conversation.conversationId, { notes: 'Case  saved,\r\n  ticket 42' });
	expect(result.error).toBeUndefined();
	expect(agentOf(conversation.conversationId, conversation.participantId).wrapup.notes).toBe('Case saved, ticket 42');
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', changed: true, attempts: 1, confirmed: true });
});

test('[safety] over a provisional wrap-up, the final wrap-up is sent with provisional: false', async () => {
	const conversation = addConversation(emulator.store, { queueId, media: 'call', prompt: 'mandatory', state: 'inAcw', provisionalWrapup: true });
	const result = await endAcw(conversation.conversationId);
	expect(result.error).toBeUndefined();
	const post = result.requests.find((r) => r.method === 'POST' && r.path.endsWith('/wrapup'))!;
	expect((post.body as JsonObject).provisional).toBe(false);
});

test.each([
	['with notes of its own', 'agent typed this'],
	['with the very notes this node sends (only the code differs)', 'Case saved'],
])('[safety] after a failed wrap-up, a wrap-up found on the re-read that is not ours (%s) is reported as another\'s, never as our change', async (_label, theirNotes) => {
	const conversation = addConversation(emulator.store, { queueId, prompt: 'mandatory', state: 'inAcw' });
	const others = queueWrapupCodes(emulator.store, queueId).filter((c) => c.id !== code().id);
	// the agent wraps up with another code while the node's POST fails (answered 503, not applied)
	after.getConversationsCallParticipantWrapupcodes = () => {
		agentOf(conversation.conversationId, conversation.participantId).wrapup = { code: others[0].id, name: others[0].name, notes: theirNotes };
	};
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 503 });
	const result = await endAcw(conversation.conversationId);
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'already-wrapped-up', changed: false, attempts: 1, wrapupCode: null });
	expect(agentOf(conversation.conversationId, conversation.participantId).wrapup).toMatchObject({ code: others[0].id, notes: theirNotes });
});

test('[safety] a wrap-up Genesys accepted, then a failed read: the item says it was accepted, with the read\'s own failure', async () => {
	const conversation = addConversation(emulator.store, { queueId, prompt: 'mandatory', state: 'inAcw' });
	after.postConversationsCallParticipantCommunicationWrapup = () => emulator.injectFault({ match: 'getConversation', status: 403 });
	const result = await endAcw(conversation.conversationId);
	expect(result.error?.message).toMatch(/^Genesys Cloud answered 403 \(/);
	const description = String(result.error?.description);
	expect(description.startsWith(`Genesys accepted the wrap-up for participant ${conversation.participantId}, which ends its after-call work; reading the conversation afterwards failed, so it is not confirmed. Check the conversation before retrying. `)).toBe(true);
	expect(description).toMatch(/retrying\. GET \/api\/v2\/conversations\/[0-9a-f-]+ · 1 attempt/);
	expect(agentOf(conversation.conversationId, conversation.participantId).wrapup).toMatchObject({ code: code().id });
});

test('[safety] after a failed skip, a wrap-up with a code found on the re-read is another\'s, never our skip', async () => {
	const conversation = addConversation(emulator.store, { queueId, prompt: 'optional', state: 'inAcw' });
	const other = queueWrapupCodes(emulator.store, queueId)[1];
	// the skip's PATCH answers 503 (not applied); the agent meanwhile wraps up with a code (the
	// node may send the skip again and be refused with 409 before it reads the wrap-up)
	emulator.injectFault({ match: 'patchConversationParticipant', status: 503 });
	after.getConversation = () => {
		if (emulator.requests.some((r) => r.method === 'PATCH')) agentOf(conversation.conversationId, conversation.participantId).wrapup = { code: other.id, name: other.name };
	};
	const result = await endAcw(conversation.conversationId, { whenInAcw: 'skipWrapup' });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'already-wrapped-up', changed: false, wrapupCode: null });
	expect(agentOf(conversation.conversationId, conversation.participantId).wrapupSkipped).not.toBe(true);
});
