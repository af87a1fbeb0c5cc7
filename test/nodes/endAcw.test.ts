/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 6 acceptance: End ACW through n8n's engine against the emulator's conversations.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import type { AddedConversation } from '../emulator/fixtures/conversations';
import { addConversation, disconnectAgent, seedConversations } from '../emulator/fixtures/conversations';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { queueWrapupCodes } from '../emulator/resources/wrapupCodes';
import type { JsonObject, RecordedRequest } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const NODE = 'genesysCloudEndAcw';
let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queueId: string;

beforeEach(async () => {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			const org = seedRoutingOrg(store, { queueCount: 6, conversations: false });
			queueId = org.queues[0].id;
		},
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator });
});
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const codeFor = (queue = queueId) => queueWrapupCodes(emulator.store, queue)[0] as JsonObject;
const add = (options: Parameters<typeof addConversation>[1] = {}) => addConversation(emulator.store, { queueId, ...options });
const agentOf = (added: AddedConversation, participantId = added.participantId) =>
	emulator.store.conversations.get(added.conversationId)!.participants.find((p: JsonObject) => p.id === participantId);
const wrapupPosts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/wrapup'));

function endAcw(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) {
	return runNode({
		nodeType: NODE,
		parameters: {
			conversationId: '={{ $json.conversationId }}',
			participant: 'owesWrapup',
			action: 'applyWrapup',
			wrapupCode: { __rl: true, mode: 'id', value: codeFor().id },
			notes: 'CRM Integration - Case Saved Successfully',
			tags: 'crm, case-saved',
			options: {},
			...parameters,
		},
		credentialStore,
		emulator,
		...extra,
	});
}

test('an agent in ACW is wrapped up with the chosen code and notes, and the read-back shows ACW ended', async () => {
	const conversation = add({ media: 'call', prompt: 'mandatory', state: 'inAcw' });
	const code = codeFor();
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({
		conversationId: conversation.conversationId,
		participantId: conversation.participantId,
		userId: conversation.userId,
		mediaType: 'calls',
		communicationId: conversation.communicationId,
		stateBefore: { acwStatus: 'inAcw', wrapupPrompt: 'mandatory', communicationState: 'disconnected' },
		outcome: 'wrapped-up',
		changed: true,
		attempts: 1,
		wrapupCode: { id: code.id, name: code.name },
		notes: 'CRM Integration - Case Saved Successfully',
		tags: ['crm', 'case-saved'],
		confirmed: true,
	});
	expect(typeof result.items[0].acwDurationSeconds).toBe('number');
	const agent = agentOf(conversation);
	expect(agent.wrapup).toMatchObject({ code: code.id, notes: 'CRM Integration - Case Saved Successfully', tags: ['crm', 'case-saved'] });
	expect(agent.endAcwTime).toBeTruthy();
	expect(wrapupPosts(result.requests)).toHaveLength(1);
	expect(wrapupPosts(result.requests)[0].path).toBe(
		`/api/v2/conversations/calls/${conversation.conversationId}/participants/${conversation.participantId}/communications/${conversation.communicationId}/wrapup`,
	);
});

test.each(['chat', 'message'] as const)('a %s conversation is wrapped up on its own media route', async (media) => {
	const conversation = add({ media, prompt: 'mandatory', state: 'inAcw' });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', mediaType: `${media}s` });
	expect(wrapupPosts(result.requests)[0].path).toContain(`/api/v2/conversations/${media}s/`);
});

test('already wrapped up is a no-op with no write; or fails when asked to', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'wrappedUp' });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.items[0]).toMatchObject({ outcome: 'already-wrapped-up', changed: false, attempts: 0 });
	expect(result.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	const strict = await endAcw({ options: { ifAlreadyWrappedUp: 'fail' } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(strict.error?.message).toContain('has already wrapped up');
});

test('still connected, then disconnected within the wait, is wrapped up after the re-check', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'connected' });
	const timer = setTimeout(() => disconnectAgent(emulator.store, conversation.conversationId), 1500);
	const result = await endAcw(
		{ options: { baseDelaySeconds: 1, maxWaitSeconds: 20 } },
		{ items: [{ conversationId: conversation.conversationId }] },
	);
	clearTimeout(timer);
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', stateBefore: { acwStatus: 'notYet', communicationState: 'connected' } });
	const reads = result.requests.filter((r) => r.method === 'GET' && r.path === `/api/v2/conversations/${conversation.conversationId}`);
	expect(reads.length).toBeGreaterThanOrEqual(3);
	expect(agentOf(conversation).wrapup).toBeTruthy();
});

test('still connected past the wait fails or skips per the option', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'connected' });
	const items = [{ conversationId: conversation.conversationId }];
	const failed = await endAcw({ options: { baseDelaySeconds: 1, maxWaitSeconds: 2 } }, { items });
	expect(failed.error?.message).toMatch(/is still not in after-call work after waiting 2 s: the agent's communication is still connected/);
	const skipped = await endAcw({ options: { baseDelaySeconds: 1, maxWaitSeconds: 2, ifNotInAcwYet: 'waitThenSkip' } }, { items });
	expect(skipped.items[0]).toMatchObject({ outcome: 'not-in-acw', changed: false });
	const atOnce = await endAcw({ options: { ifNotInAcwYet: 'fail' } }, { items });
	expect(atOnce.error?.message).toContain('is not in after-call work yet');
	expect(atOnce.requests).toHaveLength(1);
	expect([...failed.requests, ...skipped.requests, ...atOnce.requests].filter((r) => r.method !== 'GET')).toHaveLength(0);
});

test('409 then success applies wrap-up exactly once', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 409 });
	const result = await endAcw({ options: { baseDelaySeconds: 0 } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', attempts: 2 });
	const posts = wrapupPosts(result.requests);
	expect(posts.map((r) => r.status)).toEqual([409, 202]);
	// a state read sits between the two attempts
	const between = result.requests.slice(result.requests.indexOf(posts[0]), result.requests.indexOf(posts[1]));
	expect(between.some((r) => r.method === 'GET' && r.path === `/api/v2/conversations/${conversation.conversationId}`)).toBe(true);
});

test('an answer lost after the wrap-up was applied is not followed by a second wrap-up', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', drop: true, afterHandler: true });
	const result = await endAcw({ options: { baseDelaySeconds: 0 } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', attempts: 1, confirmed: true });
	expect(wrapupPosts(result.requests)).toHaveLength(1);
});

test("503 three times exhausts the attempts with the seed's delays and fails with the correlation ID", async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 503, count: Infinity });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	const posts = wrapupPosts(result.requests);
	expect(posts).toHaveLength(3);
	const gaps = [posts[1].at - posts[0].at, posts[2].at - posts[1].at];
	expect(gaps[0]).toBeGreaterThanOrEqual(2000);
	expect(gaps[0]).toBeLessThan(3000);
	expect(gaps[1]).toBeGreaterThanOrEqual(4000);
	expect(gaps[1]).toBeLessThan(5000);
	expect(result.error?.message).toMatch(/was not ended after 3 attempts: Genesys Cloud answered 503/);
	expect(result.error?.description).toMatch(/Tried: attempt 1: 503 service\.unavailable; attempt 2: 503 service\.unavailable; attempt 3: 503/);
	expect(result.error?.description).toMatch(/Last correlation ID: [0-9a-f-]{36}/);
	expect(agentOf(conversation).wrapup).toBeUndefined();
}, 30000);

test('429 with Retry-After: 2 waits, then wraps up once', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 429, retryAfter: 2 });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up' });
	const posts = wrapupPosts(result.requests);
	expect(posts.map((r) => r.status)).toEqual([429, 202]);
	expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(1950);
});

test('an unknown conversation gives a clear not-found error', async () => {
	const result = await endAcw({ conversationId: '5b1f0c8e-0000-4000-8000-000000000000' });
	expect(result.error?.message).toBe('Conversation 5b1f0c8e-0000-4000-8000-000000000000 was not found in Genesys Cloud');
});

test('a transferred call wraps up the right agent', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw', transfer: true, firstAgentState: 'wrappedUp' });
	const firstBefore = structuredClone(agentOf(conversation, conversation.firstAgentParticipantId));
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', participantId: conversation.participantId });
	expect(agentOf(conversation, conversation.firstAgentParticipantId)).toEqual(firstBefore);
	// by user ID, the first agent (already wrapped up) is a no-op
	const first = agentOf(conversation, conversation.firstAgentParticipantId);
	const byUser = await endAcw({ participant: 'userId', userId: first.userId }, { items: [{ conversationId: conversation.conversationId }] });
	expect(byUser.items[0]).toMatchObject({ outcome: 'already-wrapped-up', participantId: first.id });
});

test('skip works for optional and is refused clearly for the mandatory prompts', async () => {
	const optional = add({ prompt: 'optional', state: 'inAcw' });
	const skipped = await endAcw({ action: 'skipWrapup' }, { items: [{ conversationId: optional.conversationId }] });
	expect(skipped.items[0]).toMatchObject({ outcome: 'skipped-wrapup', changed: true, wrapupCode: null });
	expect(agentOf(optional).wrapupSkipped).toBe(true);
	expect(skipped.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ wrapupSkipped: true }]);
	for (const prompt of ['mandatory', 'timeout', 'forcedTimeout']) {
		const conversation = add({ prompt, state: 'inAcw', wrapupTimeoutMs: prompt === 'mandatory' ? undefined : 600_000 });
		const refused = await endAcw({ action: 'skipWrapup' }, { items: [{ conversationId: conversation.conversationId }] });
		expect(refused.error?.message).toContain(`the queue's prompt is "${prompt}", and only "optional" allows skipping`);
		expect(refused.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	}
});

test('a code not valid for the queue fails before any write, listing the valid codes', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	const valid = new Set(queueWrapupCodes(emulator.store, queueId).map((c) => c.id));
	const other = [...emulator.store.wrapupCodes.values()].find((c) => !valid.has(c.id))!;
	const result = await endAcw({ wrapupCode: { __rl: true, mode: 'id', value: other.id } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error?.message).toContain("is not valid for this agent's queue");
	expect(result.error?.description).toContain('Valid codes:');
	expect(wrapupPosts(result.requests)).toHaveLength(0);
});

test('403 names the permission and the Authorization Code way out', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 403 });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error?.message).toContain('conversation:participant:wrapup');
	expect(result.error?.description).toContain('Authorization Code');
	expect(wrapupPosts(result.requests)).toHaveLength(1);
});

test('bad input fails before any request', async () => {
	for (const [parameters, message] of [
		[{ conversationId: '' }, /Conversation ID/],
		[{ conversationId: '../../routing/queues' }, /Conversation ID is not a Genesys Cloud ID/],
		[{ conversationId: 'abc?x=1#y' }, /not a Genesys Cloud ID/],
		[{ conversationId: '={{ $json.nothing }}' }, /Conversation ID is empty/],
		[{ conversationId: 'abc', options: { maxAttempts: 0 } }, /Attempts must be a whole number from 1 to 10/],
		[{ conversationId: 'abc', notes: 'x'.repeat(5000) }, /Notes is 5000 characters long; the limit is 2000/],
		[{ conversationId: 'abc', wrapupCode: { __rl: true, mode: 'list', value: '' } }, /Wrap-Up Code/],
		[{ conversationId: 'abc', wrapupCode: { __rl: true, mode: 'id', value: '={{ "" }}' } }, /Wrap-Up Code ID is empty/],
	] as const) {
		const result = await endAcw(parameters as Record<string, unknown>);
		expect(result.error?.message).toMatch(message);
		expect(result.requests).toHaveLength(0);
	}
});

test('100 items with mixed states each get the right outcome', async () => {
	const conversations = seedConversations(emulator.store, 100, { states: { inAcw: 4, connected: 2, wrappedUp: 3, skipped: 1 } });
	const expected = conversations.map((c) => {
		const agent = agentOf(c);
		const comm = agent[c.mediaKey][0];
		if (agent.wrapup || agent.wrapupSkipped || agent.endAcwTime) return 'already-wrapped-up';
		if (comm.state !== 'disconnected') return 'not-in-acw';
		return 'wrapped-up';
	});
	const result = await runNode({
		nodeType: NODE,
		parameters: {
			conversationId: '={{ $json.conversationId }}',
			action: 'applyWrapup',
			wrapupCode: { __rl: true, mode: 'id', value: '={{ $json.code }}' },
			notes: '={{ "case " + $json.n }}',
			options: { ifNotInAcwYet: 'skip' },
		},
		items: conversations.map((c, n) => ({ conversationId: c.conversationId, code: queueWrapupCodes(emulator.store, c.queueId)[0].id, n })),
		credentialStore,
		emulator,
	});
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(100);
	// time-boxed ACWs may end by themselves before the node reaches them: also "already wrapped up"
	result.items.forEach((item, index) => {
		expect(item.conversationId).toBe(conversations[index].conversationId);
		if (expected[index] === 'wrapped-up') expect(['wrapped-up', 'already-wrapped-up']).toContain(item.outcome);
		else expect(item.outcome).toBe(expected[index]);
		expect(result.output[index].pairedItem).toEqual({ item: index });
	});
	const posts = wrapupPosts(result.requests);
	expect(new Set(posts.map((r) => r.path)).size).toBe(posts.length);
	expect(result.items.filter((i) => i.outcome === 'wrapped-up')).toHaveLength(posts.length);
});

test('after a failed attempt on one agent of a transfer, the other agent is never wrapped up in its place', async () => {
	// both agents owe wrap-up; the node picks the latest, and its wrap-up answer is lost after being applied
	const conversation = add({ prompt: 'mandatory', state: 'inAcw', transfer: true, firstAgentState: 'inAcw' });
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 503, afterHandler: true });
	const result = await endAcw({ options: { baseDelaySeconds: 0 } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', participantId: conversation.participantId });
	expect(agentOf(conversation, conversation.firstAgentParticipantId).wrapup).toBeUndefined();
	expect(wrapupPosts(result.requests).every((r) => r.path.includes(conversation.participantId))).toBe(true);
});

test('when the last attempt fails because someone else ended ACW meanwhile, the item is already-wrapped-up', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	// the write is held for a moment, then fails; meanwhile the agent wraps up by hand
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 503, latencyMs: 400 });
	const running = endAcw({ options: { maxAttempts: 1 } }, { items: [{ conversationId: conversation.conversationId }] });
	while (!emulator.requests.some((r) => r.method === 'POST' && r.path.endsWith('/wrapup'))) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	Object.assign(agentOf(conversation), {
		wrapup: { code: codeFor().id, name: String(codeFor().name), notes: 'by hand' },
		endAcwTime: new Date().toISOString(),
	});
	const result = await running;
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'already-wrapped-up', changed: false, attempts: 1 });
	expect(agentOf(conversation).wrapup.notes).toBe('by hand');
});
