/**
 * Issue 17, mutation testing: End ACW's texts for the rare cases the full Stryker run of endAcw left
 * uncovered, through n8n's engine against the emulator: an agent with no communication, a queue
 * with no wrap-up codes, a write Genesys accepted whose read-back never shows ACW ended, a failed
 * read after a failed write, and a conversation with no agent at all.
 */
import { sleep } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { addConversation } from '../emulator/fixtures/conversations';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { queueWrapupCodes } from '../emulator/resources/wrapupCodes';
import type { HandlerMap, JsonObject, RouteContext } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queueId: string;

async function start(handlers: HandlerMap[] = []) {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		handlers,
		seed: (store) => {
			queueId = seedRoutingOrg(store, { queueCount: 2, conversations: false }).queues[0].id;
		},
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
}

afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const inAcw = () => addConversation(emulator.store, { queueId, media: 'call', prompt: 'mandatory', state: 'inAcw' });
const agentOf = (conversationId: string, participantId: string) =>
	emulator.store.conversations.get(conversationId)!.participants.find((p: JsonObject) => p.id === participantId) as JsonObject;

function endAcw(conversationId: string, parameters: Record<string, unknown> = {}, extra: Partial<Parameters<typeof runNode>[0]> = {}) {
	return runNode({
		nodeType: 'genesysCloudEndAcw',
		parameters: {
			conversationId,
			participant: 'owesWrapup',
			whenInAcw: 'applyWrapup',
			wrapupCode: { __rl: true, mode: 'id', value: (queueWrapupCodes(emulator.store, queueId)[0] as JsonObject | undefined)?.id ?? 'none' },
			options: {},
			...parameters,
		},
		credentialStore,
		emulator,
		...extra,
	});
}

test('[safety] an agent with no communication yet is "still active", and nothing is written', async () => {
	await start();
	const conversation = inAcw();
	delete agentOf(conversation.conversationId, conversation.participantId).calls;
	const result = await endAcw(conversation.conversationId, { options: { ifNotInAcwYet: 'skip' } });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'not-in-acw', reason: "the agent's communication is still active", changed: false });
	expect(result.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/wrapup'))).toHaveLength(0);
});

test('[safety] a code not valid for the queue lists the valid codes; a queue with none says "none"', async () => {
	await start();
	const conversation = inAcw();
	const codes = queueWrapupCodes(emulator.store, queueId) as JsonObject[];
	const unknownCode = '0b7d4f7e-0000-4000-8000-0000000000cc';
	const listed = await endAcw(conversation.conversationId, { wrapupCode: { __rl: true, mode: 'id', value: unknownCode } });
	expect(listed.error?.message).toBe(`Wrap-up code ${unknownCode} is not valid for this agent's queue`);
	expect(listed.error?.description).toBe(`Valid codes: ${codes.map((code) => `${String(code.name)} (${String(code.id)})`).join(', ')}. Nothing was changed.`);

	emulator.store.queueWrapupCodes.set(queueId, []);
	const none = await endAcw(conversation.conversationId, { wrapupCode: { __rl: true, mode: 'id', value: unknownCode } });
	expect(none.error?.description).toBe('Valid codes: none. Nothing was changed.');
	expect([...listed.requests, ...none.requests].filter((r) => r.method === 'POST' && r.path.endsWith('/wrapup'))).toHaveLength(0);
});

/** Genesys answers 202 to the wrap-up, but the conversation never shows it; `change` shapes what it shows. */
const acceptedButNotShown = (change: (agent: JsonObject) => void): HandlerMap => ({
	postConversationsCallParticipantCommunicationWrapup: (ctx: RouteContext) => {
		change(agentOf(ctx.params.conversationId, ctx.params.participantId));
		return { status: 202 };
	},
});

test('[safety] a wrap-up accepted but never shown says how often and how long the conversation was read, and the ACW state it shows', async () => {
	await start([acceptedButNotShown(() => undefined)]);
	const conversation = inAcw();
	const result = await endAcw(conversation.conversationId);
	expect(result.error?.message).toBe(`Genesys accepted the wrap-up for participant ${conversation.participantId}, but its after-call work still shows as not ended`);
	expect(result.error?.description).toBe(
		'The conversation was read 3 times over 2 s after Genesys answered; after-call work is still "pending". Genesys may still apply it: running the item again is safe (an ended ACW is then a no-op, a pending one is wrapped up).',
	);
}, 20_000);

test('[safety] ... and when the conversation shows no after-call work state, it says only how it was read', async () => {
	await start([acceptedButNotShown((agent) => delete (agent.calls as JsonObject[]).at(-1)!.afterCallWork)]);
	const conversation = inAcw();
	const result = await endAcw(conversation.conversationId);
	expect(result.error?.description).toMatch(/^The conversation was read 3 times over 2 s after Genesys answered\. Genesys may still apply it/);
}, 20_000);

test('[safety] a read that fails after a failed wrap-up keeps its own description after saying the wrap-up may have been applied', async () => {
	await start();
	const conversation = inAcw();
	emulator.injectFault({ method: 'POST', match: /\/wrapup$/, status: 502, count: Infinity });
	emulator.injectFault({ method: 'GET', match: `/api/v2/conversations/${conversation.conversationId}`, status: 500, count: Infinity, skip: 1 });
	const result = await endAcw(conversation.conversationId, { options: { baseDelaySeconds: 0 } });
	expect(result.error?.description).toMatch(
		new RegExp(`^A wrap-up was sent to participant ${conversation.participantId} \\(.*\\) and may have been applied; reading the conversation afterwards failed, so it is not confirmed\\. Check the conversation before retrying\\. GET /api/v2/conversations/\\S+ · gave up after \\d attempts`),
	);
}, 30_000);

test('[safety] a read after a failed wrap-up, cancelled, raises the cancellation error that still says the wrap-up may have been applied', async () => {
	await start();
	const conversation = inAcw();
	emulator.injectFault({ method: 'POST', match: /\/wrapup$/, status: 502, count: Infinity });
	emulator.injectFault({ method: 'GET', match: `/api/v2/conversations/${conversation.conversationId}`, latencyMs: 20_000, skip: 1 });
	const reReading = (async () => {
		while (emulator.requests.filter((r) => r.path === `/api/v2/conversations/${conversation.conversationId}`).length < 2) await sleep(10);
	})();
	const result = await endAcw(conversation.conversationId, { options: { baseDelaySeconds: 0 } }, { cancelWhen: reReading });
	expect(result.error?.message).toBe('The execution was cancelled');
	expect(result.error?.description).toMatch(/^A wrap-up was sent to participant \S+ \(.*\) and may have been applied; reading the conversation afterwards failed, so it is not confirmed\. Check the conversation before retrying\. ?$/);
}, 30_000);

test('[safety] a conversation without an agent participant says so, and nothing is written', async () => {
	await start();
	const conversation = inAcw();
	agentOf(conversation.conversationId, conversation.participantId).purpose = 'customer';
	const result = await endAcw(conversation.conversationId);
	expect(result.error?.message).toBe(`Conversation ${conversation.conversationId} has no agent participant`);
	expect(result.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/wrapup'))).toHaveLength(0);
});
