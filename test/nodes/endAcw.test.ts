/**
 * Issue 6 acceptance: End ACW through n8n's engine against the emulator's conversations.
 *
 * Timing: where a test needs something to happen between two of the node's requests (the call ends
 * while the node waits, another hand wraps up during the node's write), it hooks the emulator's
 * handler for that request instead of racing a wall-clock timer, so the order is fixed under any load.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import type { AddedConversation } from '../emulator/fixtures/conversations';
import { addConversation, disconnectAgent, seedConversations } from '../emulator/fixtures/conversations';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { conversationHandlers } from '../emulator/resources/conversations';
import { seedWrapupCodes } from '../emulator/fixtures/wrapupCodes';
import { queueWrapupCodes, wrapupCodeHandlers } from '../emulator/resources/wrapupCodes';
import type { HandlerMap, JsonObject, RecordedRequest, RouteContext, RouteResult } from '../emulator/types';
import { GenesysError } from '../emulator/types';
import { loadListSearch } from '../harness/loadOptions';
import { CREDENTIAL_ID, emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const NODE = 'genesysCloudEndAcw';
let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queueId: string;

/**
 * Per-test hooks around the emulator's conversation and wrap-up-code handlers, by operationId:
 * `before` runs first and may answer instead of the handler; `after` runs once the handler answered.
 */
let before: Record<string, (ctx: RouteContext) => RouteResult | void> = {};
let after: Record<string, (ctx: RouteContext) => void> = {};
function hooked(...maps: HandlerMap[]): HandlerMap {
	const out: HandlerMap = {};
	for (const map of maps) {
		for (const [operationId, handler] of Object.entries(map)) {
			out[operationId] = async (ctx) => {
				const answer = before[operationId]?.(ctx);
				if (answer) return answer;
				const result = await handler(ctx);
				after[operationId]?.(ctx);
				return result;
			};
		}
	}
	return out;
}

beforeEach(async () => {
	before = {};
	after = {};
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		handlers: [hooked(conversationHandlers, wrapupCodeHandlers)],
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
const conversationReads = (requests: RecordedRequest[], conversationId: string) =>
	requests.filter((r) => r.method === 'GET' && r.path === `/api/v2/conversations/${conversationId}`);

function endAcw(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) {
	return runNode({
		nodeType: NODE,
		parameters: {
			conversationId: '={{ $json.conversationId }}',
			participant: 'owesWrapup',
			whenInAcw: 'applyWrapup',
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

/**
 * Every media with a wrap-up endpoint. Valid codes come from the media's own lookup where Genesys has one
 * (calls, callbacks, co-browse, email, messages), else from the generic participant lookup (chat, screen
 * share, social, video; API-NOTES §8, §8.10). Chat works as long as the spec has its endpoints (Genesys is removing them, §8.9).
 */
test.each([
	['call', 'media'],
	['callback', 'media'],
	['email', 'media'],
	['message', 'media'],
	['cobrowse', 'media'],
	['chat', 'generic'],
	['screenshare', 'generic'],
	['social', 'generic'],
	['video', 'generic'],
] as const)('[fidelity] a %s conversation is wrapped up on its own media route, its codes from the %s lookup', async (media, codes) => {
	const conversation = add({ media, prompt: 'mandatory', state: 'inAcw' });
	const code = codeFor();
	// fail at once rather than wait when the node does not see the agent's media (what happened before)
	const result = await endAcw({ options: { ifNotInAcwYet: 'fail' } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', mediaType: conversation.mediaPath, communicationId: conversation.communicationId, confirmed: true });
	const { conversationId, participantId, communicationId } = conversation;
	expect(wrapupPosts(result.requests).map((r) => r.path)).toEqual([
		`/api/v2/conversations/${conversation.mediaPath}/${conversationId}/participants/${participantId}/communications/${communicationId}/wrapup`,
	]);
	const lookups = result.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/wrapupcodes'));
	expect(lookups.map((r) => r.path)).toEqual([
		codes === 'media'
			? `/api/v2/conversations/${conversation.mediaPath}/${conversationId}/participants/${participantId}/wrapupcodes`
			: `/api/v2/conversations/${conversationId}/participants/${participantId}/wrapupcodes`,
	]);
	expect(agentOf(conversation).wrapup).toMatchObject({ code: code.id, notes: 'CRM Integration - Case Saved Successfully' });
	expect(agentOf(conversation)[conversation.mediaKey][0].afterCallWork.state).toBe('complete');
});

test('[fidelity] a code not valid for the queue is refused before the write on a media checked through the queue', async () => {
	const conversation = add({ media: 'video', prompt: 'mandatory', state: 'inAcw' });
	const valid = new Set(queueWrapupCodes(emulator.store, queueId).map((c) => c.id));
	const other = [...emulator.store.wrapupCodes.values()].find((c) => !valid.has(c.id))!;
	const result = await endAcw({ wrapupCode: { __rl: true, mode: 'id', value: other.id }, options: { ifNotInAcwYet: 'fail' } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error?.message).toContain("is not valid for this agent's queue");
	expect(wrapupPosts(result.requests)).toHaveLength(0);
});

test('[fidelity] a provisional (draft) wrap-up still owes ACW: the final wrap-up is applied, not provisional', async () => {
	const conversation = add({ media: 'call', prompt: 'mandatory', state: 'inAcw', provisionalWrapup: true });
	const draft = agentOf(conversation).wrapup;
	expect(draft.provisional).toBe(true);
	const code = codeFor();
	expect(draft.code).not.toBe(code.id);
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({
		outcome: 'wrapped-up',
		changed: true,
		stateBefore: { acwStatus: 'inAcw', provisionalWrapupCode: draft.code },
		wrapupCode: { id: code.id, name: code.name },
		confirmed: true,
	});
	const posts = wrapupPosts(result.requests);
	expect(posts).toHaveLength(1);
	expect((posts[0].body as JsonObject).provisional).toBe(false);
	const agent = agentOf(conversation);
	expect(agent.wrapup).toMatchObject({ code: code.id, notes: 'CRM Integration - Case Saved Successfully' });
	expect(agent.wrapup.provisional).toBeUndefined();
	expect(agent.endAcwTime).toBeTruthy();
});

test('[fidelity] skip is also applied over a provisional wrap-up on an optional prompt', async () => {
	const conversation = add({ media: 'message', prompt: 'optional', state: 'inAcw', provisionalWrapup: true });
	const result = await endAcw({ whenInAcw: 'skipWrapup' }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'skipped-wrapup', changed: true });
	expect(agentOf(conversation).wrapupSkipped).toBe(true);
});

test('already wrapped up is a no-op with no write; or fails when asked to', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'wrappedUp' });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.items[0]).toMatchObject({ outcome: 'already-wrapped-up', changed: false, attempts: 0 });
	expect(result.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	const strict = await endAcw({ options: { ifAlreadyWrappedUp: 'fail' } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(strict.error?.message).toContain('has already wrapped up');
	expect(strict.error?.description).toBe('Nothing was changed.');
});

test('[safety] a wrap-up already there with the same code and notes, before any attempt, is not claimed as this run\'s', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'wrappedUp' });
	agentOf(conversation).wrapup = { code: codeFor().id, name: codeFor().name, notes: 'CRM Integration - Case Saved Successfully' };
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.items[0]).toMatchObject({ outcome: 'already-wrapped-up', changed: false, attempts: 0 });
});

test('[review] still connected, then disconnected within the wait, is wrapped up after the re-check', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'connected' });
	// the call ends right after the node's second read: the third read finds ACW, whatever the load
	let reads = 0;
	after.getConversation = () => {
		if (++reads === 2) disconnectAgent(emulator.store, conversation.conversationId);
	};
	const result = await endAcw(
		{ options: { baseDelaySeconds: 1, maxWaitSeconds: 20 } },
		{ items: [{ conversationId: conversation.conversationId }] },
	);
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', stateBefore: { acwStatus: 'notYet', communicationState: 'connected' } });
	const gets = conversationReads(result.requests, conversation.conversationId);
	const post = wrapupPosts(result.requests)[0];
	// two reads while connected, the third finds ACW, then the write, then the read-back
	expect(gets.filter((r) => r.seq < post.seq)).toHaveLength(3);
	// it waited between the reads (1 s, then 2 s: the backoff doubles)
	expect(gets[1].at - gets[0].at).toBeGreaterThanOrEqual(1000);
	expect(gets[2].at - gets[1].at).toBeGreaterThanOrEqual(2000);
	expect(agentOf(conversation).wrapup).toBeTruthy();
});

test('still connected past the wait fails or skips per the option', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'connected' });
	const items = [{ conversationId: conversation.conversationId }];
	const failed = await endAcw({ options: { baseDelaySeconds: 1, maxWaitSeconds: 2 } }, { items });
	expect(failed.error?.message).toMatch(/is still not in after-call work after waiting 2 s: the agent's communication is still connected/);
	expect(failed.error?.description).toBe('Nothing was changed.');
	const skipped = await endAcw({ options: { baseDelaySeconds: 1, maxWaitSeconds: 2, ifNotInAcwYet: 'waitThenSkip' } }, { items });
	expect(skipped.items[0]).toMatchObject({ outcome: 'not-in-acw', changed: false, reason: "the agent's communication is still connected after waiting 2 s" });
	const atOnce = await endAcw({ options: { ifNotInAcwYet: 'fail' } }, { items });
	expect(atOnce.error?.message).toContain('is not in after-call work yet');
	expect(atOnce.error?.description).toBe('Nothing was changed.');
	expect(atOnce.requests).toHaveLength(1);
	const skippedAtOnce = await endAcw({ options: { ifNotInAcwYet: 'skip' } }, { items });
	expect(skippedAtOnce.items[0]).toMatchObject({ outcome: 'not-in-acw', changed: false, reason: "the agent's communication is still connected" });
	expect(skippedAtOnce.requests).toHaveLength(1);
	expect([...failed.requests, ...skipped.requests, ...atOnce.requests, ...skippedAtOnce.requests].filter((r) => r.method !== 'GET')).toHaveLength(0);
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

test('[safety] a skip whose answer was lost after it was applied is confirmed by the state read, never sent twice', async () => {
	const conversation = add({ prompt: 'optional', state: 'inAcw' });
	emulator.injectFault({ match: 'patchConversationParticipant', drop: true, afterHandler: true });
	const result = await endAcw({ whenInAcw: 'skipWrapup', options: { baseDelaySeconds: 0 } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'skipped-wrapup', attempts: 1, confirmed: true, changed: true });
	expect(result.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
});

test('[safety] a skip speaks of a skip: refused with 403, and accepted but never shown as ended', async () => {
	const conversation = add({ prompt: 'optional', state: 'inAcw' });
	const items = [{ conversationId: conversation.conversationId }];
	emulator.injectFault({ match: 'patchConversationParticipant', status: 403 });
	const refused = await endAcw({ whenInAcw: 'skipWrapup' }, { items });
	expect(refused.error?.message).toMatch(/^Genesys Cloud refused to skip the wrap-up \(403\)/);
	// Genesys answers the skip but the participant still owes the wrap-up
	before.patchConversationParticipant = () => ({ status: 202 });
	const unconfirmed = await endAcw({ whenInAcw: 'skipWrapup' }, { items });
	expect(unconfirmed.error?.message).toBe(`Genesys accepted the skip for participant ${conversation.participantId}, but its after-call work still shows as not ended`);
	expect(agentOf(conversation).wrapupSkipped).not.toBe(true);
}, 30000);

test('[safety] a participant that owes no wrap-up is not in ACW, with the reason, and nothing is written', async () => {
	const conversation = add({ prompt: 'optional', state: 'inAcw' });
	agentOf(conversation).wrapupRequired = false;
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'not-in-acw', reason: 'no wrap-up is required for this participant', changed: false });
	expect(result.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
});

test("[review] 503 three times exhausts the attempts with the seed's delays and fails with the correlation ID", async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 503, count: Infinity });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	const posts = wrapupPosts(result.requests);
	expect(posts).toHaveLength(3);
	const gaps = [posts[1].at - posts[0].at, posts[2].at - posts[1].at];
	// 2 s then 4 s (doubling from the 2 s base). A wait never ends early, so the lower bounds are exact; the
	// upper bounds leave 2 s for a loaded machine yet reject a first wait of 4 s or a second of 6 s.
	expect(gaps[0]).toBeGreaterThanOrEqual(2000);
	expect(gaps[0]).toBeLessThan(4000);
	expect(gaps[1]).toBeGreaterThanOrEqual(4000);
	expect(gaps[1]).toBeLessThan(6000);
	expect(result.error?.message).toMatch(/was not ended after 3 attempts: Genesys Cloud answered 503/);
	expect(result.error?.description).toMatch(/Tried: attempt 1: 503 service\.unavailable; attempt 2: 503 service\.unavailable; attempt 3: 503/);
	expect(result.error?.description).toMatch(/Last correlation ID: [0-9a-f-]{36}/);
	expect(agentOf(conversation).wrapup).toBeUndefined();
}, 30000);

test('[review] 429 with Retry-After: 7 waits the 7 s Genesys asked for (not the 3 s default), then wraps up once', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 429, retryAfter: 7 });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', attempts: 1 });
	const posts = wrapupPosts(result.requests);
	expect(posts.map((r) => r.status)).toEqual([429, 202]);
	// 7 s is far from the 3 s used when Retry-After is absent, and from End ACW's own 2 s and 4 s retry delays:
	// the window excludes them all, with 2.5 s to spare for a loaded machine.
	const gap = posts[1].at - posts[0].at;
	expect(gap).toBeGreaterThanOrEqual(6950);
	expect(gap).toBeLessThan(9500);
	// a 429 is not an attempt: nothing was read again before the resend
	expect(conversationReads(result.requests, conversation.conversationId).filter((r) => r.seq > posts[0].seq && r.seq < posts[1].seq)).toHaveLength(0);
}, 30000);

test('an unknown conversation gives a clear not-found error', async () => {
	const result = await endAcw({ conversationId: '5b1f0c8e-0000-4000-8000-000000000000' });
	expect(result.error?.message).toBe('Conversation 5b1f0c8e-0000-4000-8000-000000000000 was not found in Genesys Cloud');
	expect(result.error?.description).toBe('Check the conversation ID the webhook sent, and that the credential is for the right organization and region.');
});

test.each([
	['the first read, refused (not a missing conversation)', 'getConversation', 403],
	['the code lookup, not found (not a permission problem)', 'getConversationsCallParticipantWrapupcodes', 404],
])('[safety] a failure of %s before the write is the transport\'s own error, and nothing is written', async (_what, operationId, status) => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: operationId, status });
	const result = await endAcw({}, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error?.message).toMatch(new RegExp(`^Genesys Cloud answered ${status} \\(`));
	expect(wrapupPosts(result.requests)).toHaveLength(0);
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
	const skipped = await endAcw({ whenInAcw: 'skipWrapup' }, { items: [{ conversationId: optional.conversationId }] });
	expect(skipped.items[0]).toMatchObject({ outcome: 'skipped-wrapup', changed: true, wrapupCode: null });
	expect(agentOf(optional).wrapupSkipped).toBe(true);
	expect(skipped.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ wrapupSkipped: true }]);
	for (const prompt of ['mandatory', 'timeout', 'forcedTimeout']) {
		const conversation = add({ prompt, state: 'inAcw', wrapupTimeoutMs: prompt === 'mandatory' ? undefined : 600_000 });
		const refused = await endAcw({ whenInAcw: 'skipWrapup' }, { items: [{ conversationId: conversation.conversationId }] });
		expect(refused.error?.message).toContain(`the queue's prompt is "${prompt}", and only "optional" allows skipping`);
		expect(refused.error?.description).toBe('Apply a wrap-up code instead (time-boxed prompts also end by themselves at their timeout). Nothing was changed.');
		expect(refused.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
	}
});

test('a code not valid for the queue fails before any write, listing the valid codes', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	const valid = new Set(queueWrapupCodes(emulator.store, queueId).map((c) => c.id));
	const other = [...emulator.store.wrapupCodes.values()].find((c) => !valid.has(c.id))!;
	const result = await endAcw({ wrapupCode: { __rl: true, mode: 'id', value: other.id } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error?.message).toBe(`Wrap-up code ${other.id} is not valid for this agent's queue`);
	const listed = queueWrapupCodes(emulator.store, queueId).map((c) => `${c.name} (${c.id})`);
	expect(result.error?.description).toBe(`Valid codes: ${listed.join(', ')}. Nothing was changed.`);
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
			whenInAcw: 'applyWrapup',
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

test('[review] when the last attempt fails because someone else ended ACW meanwhile, the item is already-wrapped-up', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	// while the node's write is in flight the agent wraps up by hand, and the write then fails with a 503
	before.postConversationsCallParticipantCommunicationWrapup = () => {
		Object.assign(agentOf(conversation), {
			wrapup: { code: codeFor().id, name: String(codeFor().name), notes: 'by hand' },
			endAcwTime: new Date().toISOString(),
		});
		throw new GenesysError(503, 'service.unavailable', 'The service is temporarily unavailable');
	};
	const result = await endAcw({ options: { maxAttempts: 1 } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'already-wrapped-up', changed: false, attempts: 1 });
	expect(agentOf(conversation).wrapup.notes).toBe('by hand');
});

test('the wrap-up code picker lists every code over several pages and filters on the client, never with the name filter', async () => {
	// 230 more codes: the org list takes three pages of 100
	seedWrapupCodes(emulator.store, Array.from({ length: 230 }, (_, n) => `${n % 2 ? 'Billing' : 'Sales'} follow-up ${String(n).padStart(3, '0')}`));
	const seen: RecordedRequest[] = [];
	const search = async (filter?: string, paginationToken?: string) => {
		const from = emulator.requests.length;
		const page = await loadListSearch({ nodeType: NODE, method: 'searchWrapupCodes', filter, paginationToken, credentialStore });
		seen.push(...emulator.requests.slice(from));
		return page;
	};
	const all: string[] = [];
	let token: string | undefined;
	do {
		const page = await search(undefined, token);
		all.push(...page.results.map((r) => String(r.value)));
		token = page.paginationToken as string | undefined;
	} while (token);
	expect(new Set(all).size).toBe(emulator.store.wrapupCodes.size);
	expect(all).toHaveLength(emulator.store.wrapupCodes.size);

	// "sale" is part of a name, in any case: "Sale", "No sale" and the 115 "Sales follow-up" codes, on every page
	const expected = [...emulator.store.wrapupCodes.values()].filter((c) => String(c.name).toLowerCase().includes('sale')).map((c) => c.id);
	const found: { name: string; value: string }[] = [];
	token = undefined;
	do {
		const page = await search('  sALE ', token);
		found.push(...page.results.map((r) => ({ name: r.name, value: String(r.value) })));
		token = page.paginationToken as string | undefined;
	} while (token);
	expect(found.map((r) => r.value).sort()).toEqual(expected.sort());
	expect(found.map((r) => r.name)).toEqual(expect.arrayContaining(['Sale', 'No sale', 'Sales follow-up 228']));
	const lists = seen.filter((r) => r.path === '/api/v2/routing/wrapupcodes');
	expect(lists.length).toBeGreaterThanOrEqual(3);
	expect(lists.every((r) => r.query.name === undefined)).toBe(true);
	expect(lists.every((r) => r.status === 200)).toBe(true);
});

test("the code check compares IDs exactly: the valid code's ID in upper case is refused before any write", async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	const upper = String(codeFor().id).toUpperCase();
	expect(upper).not.toBe(codeFor().id);
	const result = await endAcw({ wrapupCode: { __rl: true, mode: 'id', value: upper } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error?.message).toBe(`Wrap-up code ${upper} is not valid for this agent's queue`);
	expect(wrapupPosts(result.requests)).toHaveLength(0);
});

test('items on one queue share one wrap-up code lookup', async () => {
	const two = [add({ prompt: 'mandatory', state: 'inAcw' }), add({ prompt: 'mandatory', state: 'inAcw' })];
	const shared = await endAcw({}, { items: two.map((c) => ({ conversationId: c.conversationId })) });
	expect(shared.items.map((i) => i.outcome)).toEqual(['wrapped-up', 'wrapped-up']);
	expect(shared.requests.filter((r) => r.operationId === 'getConversationsCallParticipantWrapupcodes')).toHaveLength(1);
});

test('a 403 on the wrap-up code lookup gets the same permission guidance, and nothing is written', async () => {
	const call = add({ prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'getConversationsCallParticipantWrapupcodes', status: 403 });
	const refused = await endAcw({}, { items: [{ conversationId: call.conversationId }] });
	expect(refused.error?.message).toBe("Genesys Cloud refused to list the wrap-up codes valid for this participant (403): it needs the permission conversation:participant:wrapup or the agent's own sign-in");
	expect(refused.error?.description).toMatch(/Authorization Code/);
	expect(refused.error?.description).toMatch(/conversation:participant:wrapup/);
	expect(refused.error?.description).toMatch(/Nothing was changed/);
	expect(refused.error?.httpCode).toBe('403');
	expect(wrapupPosts(refused.requests)).toHaveLength(0);

	// the generic lookup (chat, screen share, social, video) gets the same guidance
	const chat = add({ media: 'chat', prompt: 'mandatory', state: 'inAcw' });
	emulator.injectFault({ match: 'getConversationParticipantWrapupcodes', status: 403 });
	const generic = await endAcw({}, { items: [{ conversationId: chat.conversationId }] });
	expect(generic.error?.message).toBe(refused.error?.message);
	expect(generic.error?.description).toMatch(/Nothing was changed/);
	expect(wrapupPosts(generic.requests)).toHaveLength(0);
});

test('[review] a wrap-up Genesys accepted but that never shows as applied fails the node; with Continue On Fail it is a failed item', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	// Genesys answers 202 but ACW stays pending (the wrap-up did not happen)
	before.postConversationsCallParticipantCommunicationWrapup = () => ({ status: 202 });
	const items = [{ conversationId: conversation.conversationId }];
	const failed = await endAcw({}, { items });
	expect(failed.error?.message).toBe(
		`Genesys accepted the wrap-up for participant ${conversation.participantId}, but its after-call work still shows as not ended`,
	);
	expect(failed.error?.description).toBe(
		'The conversation was read 3 times over 2 s after Genesys answered; after-call work is still "pending". Genesys may still apply it: running the item again is safe (an ended ACW is then a no-op, a pending one is wrapped up).',
	);
	expect(failed.items).toHaveLength(0);
	const reads = conversationReads(failed.requests, conversation.conversationId);
	expect(reads).toHaveLength(4);
	// the three read-backs, a second apart (Genesys applies a wrap-up a moment after answering)
	expect(reads[2].at - reads[1].at).toBeGreaterThanOrEqual(950);
	expect(reads[3].at - reads[2].at).toBeGreaterThanOrEqual(950);
	expect(agentOf(conversation).wrapup).toBeUndefined();

	const continued = await endAcw({}, { items, continueOnFail: true });
	expect(continued.error).toBeUndefined();
	expect(continued.items).toHaveLength(1);
	expect(continued.items[0].error).toBe(failed.error?.message);
	expect(continued.items[0].outcome).toBeUndefined();
}, 30000);

test('[review] a token failure before the wrap-up is transient: the state is read again and the wrap-up sent again', async () => {
	const conversation = add({ prompt: 'mandatory', state: 'inAcw' });
	// right after the code lookup, n8n's stored token is lost and the login host goes down for 4 requests
	// (the transport's whole budget), so the wrap-up POST cannot get a token and is never sent
	const loseToken = () => {
		const record = credentialStore.get(CREDENTIAL_ID)!;
		credentialStore.update(CREDENTIAL_ID, { ...record.data, oauthTokenData: undefined });
		emulator.injectFault({ match: 'oauthToken', status: 503, count: 4 });
	};
	after.getConversationsCallParticipantWrapupcodes = loseToken;
	after.getConversationParticipantWrapupcodes = loseToken; // the lookup End ACW used before
	const result = await endAcw({ options: { baseDelaySeconds: 0 } }, { items: [{ conversationId: conversation.conversationId }] });
	expect(result.error).toBeUndefined();
	expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', attempts: 2, confirmed: true });
	const tokens = result.requests.filter((r) => r.path === '/oauth/token');
	expect(tokens.map((r) => r.status)).toEqual([503, 503, 503, 503, 200]);
	// the failed attempt never reached the API; the state was read again before the second one
	const posts = wrapupPosts(result.requests);
	expect(posts.map((r) => r.status)).toEqual([202]);
	const reads = conversationReads(result.requests, conversation.conversationId);
	expect(reads.filter((r) => r.seq > tokens[3].seq && r.seq < posts[0].seq)).toHaveLength(1);
	expect(agentOf(conversation).wrapup).toMatchObject({ code: codeFor().id });
}, 60000);
