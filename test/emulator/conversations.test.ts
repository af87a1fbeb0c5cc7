/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Conversations with after-call work, through the emulator's HTTP surface: the ACW states of API-NOTES §6.1,
 * wrap-up / skip / timeout endings, and the refusals a node must handle. Every response is spec-validated.
 */
import type { AxiosInstance } from 'axios';
import type { Emulator } from './server';
import { createEmptyStore } from './store';
import { addConversation, disconnectAgent, seedConversations, type AddedConversation } from './fixtures/conversations';
import { seedRoutingOrg, type RoutingOrg } from './fixtures/routingOrg';
import { queueWrapupCodes } from './resources/wrapupCodes';
import { startRoutingEmulator } from './routingTestClient';

let emulator: Emulator;
let api: AxiosInstance;
let org: RoutingOrg;
/** The emulator clock; tests move it forward to let timed ACW expire. */
let clock = Date.parse('2026-05-01T10:00:00.000Z');

beforeAll(async () => {
	({ emulator, api } = await startRoutingEmulator({
		now: () => clock,
		seed: (store) => {
			org = seedRoutingOrg(store, { now: clock });
		},
	}));
});
afterAll(() => emulator.close());
afterEach(() => expect(emulator.responseValidationErrors).toEqual([]));

const queueId = () => org.queues[0].id;
const validCode = () => queueWrapupCodes(emulator.store, queueId())[0];
const add = (o: Parameters<typeof addConversation>[1]) => addConversation(emulator.store, { queueId: queueId(), now: clock, ...o });
const wrapupUrl = (c: AddedConversation, media: string = c.mediaPath) =>
	`/api/v2/conversations/${media}/${c.conversationId}/participants/${c.participantId}/communications/${c.communicationId}/wrapup`;
const agentOf = async (c: AddedConversation) =>
	(await api.get(`/api/v2/conversations/${c.conversationId}`)).data.participants.find((p: any) => p.id === c.participantId);

describe('reading conversations', () => {
	it('every seeded conversation (and 100 bulk ones) reads back valid per the Conversation schema', async () => {
		seedConversations(emulator.store, 100, { now: clock });
		for (const id of emulator.store.conversations.keys()) {
			const res = await api.get(`/api/v2/conversations/${id}`);
			expect(res.status).toBe(200);
			if (res.data.participants.some((p: any) => p.calls)) {
				expect((await api.get(`/api/v2/conversations/calls/${id}`)).status).toBe(200);
			}
		}
	});

	it('an agent in ACW looks like API-NOTES §6.1', async () => {
		const c = add({ media: 'call', prompt: 'timeout', wrapupTimeoutMs: 60000, state: 'inAcw', acwStartedMsAgo: 5000 });
		const agent = await agentOf(c);
		expect(agent).toMatchObject({
			purpose: 'agent',
			userId: c.userId,
			queueId: queueId(),
			wrapupRequired: true,
			wrapupPrompt: 'timeout',
			wrapupTimeoutMs: 60000,
			startAcwTime: new Date(clock - 5000).toISOString(),
		});
		expect(agent.wrapup).toBeUndefined();
		expect(agent.endAcwTime).toBeUndefined();
		expect(agent.calls[0]).toMatchObject({ id: c.communicationId, state: 'disconnected', afterCallWork: { state: 'pending' } });
	});

	it('a transfer has two agent participants: the first wrapped up, the last in ACW', async () => {
		const c = add({ media: 'call', prompt: 'mandatory', state: 'inAcw', transfer: true });
		const { participants } = (await api.get(`/api/v2/conversations/${c.conversationId}`)).data;
		const agents = participants.filter((p: any) => p.purpose === 'agent');
		expect(agents).toHaveLength(2);
		expect(agents[0].id).toBe(c.firstAgentParticipantId);
		expect(agents[0].wrapup.code).toBe(validCode().id);
		expect(agents[0].calls[0]).toMatchObject({ disconnectType: 'transfer', afterCallWork: { state: 'complete' } });
		expect(agents[1].id).toBe(c.participantId);
		expect(agents[1].wrapup).toBeUndefined();
		expect(agents[1].calls[0].afterCallWork.state).toBe('pending');
		const call = (await api.get(`/api/v2/conversations/calls/${c.conversationId}`)).data;
		expect(call.participants.filter((p: any) => p.purpose === 'agent')).toHaveLength(2);
	});

	it('a conversation on each newer media (co-browse, screen share, social, video) reads back valid, with its own array', async () => {
		const arrays = { cobrowse: 'cobrowsesessions', screenshare: 'screenshares', social: 'socialExpressions', video: 'videos' } as const;
		for (const [media, array] of Object.entries(arrays) as [keyof typeof arrays, string][]) {
			const c = add({ media, prompt: 'mandatory', state: 'inAcw' });
			expect(c.mediaKey).toBe(array);
			expect(c.mediaPath).toBe(media === 'social' ? 'socials' : array);
			const agent = await agentOf(c);
			expect(agent[array][0]).toMatchObject({ id: c.communicationId, state: 'disconnected', afterCallWork: { state: 'pending' } });
		}
	});

	it('media wrapupcodes exist for calls, callbacks, co-browse, email and messages, each for its own media only', async () => {
		const queueCodes = [...emulator.store.queueWrapupCodes.get(queueId())!].sort();
		for (const media of ['call', 'callback', 'cobrowse', 'email', 'message'] as const) {
			const c = add({ media, state: 'inAcw' });
			const own = await api.get(`/api/v2/conversations/${c.mediaPath}/${c.conversationId}/participants/${c.participantId}/wrapupcodes`);
			expect(own.status).toBe(200);
			expect(own.data.map((x: any) => x.id).sort()).toEqual(queueCodes);
			const other = media === 'call' ? 'emails' : 'calls';
			expect((await api.get(`/api/v2/conversations/${other}/${c.conversationId}/participants/${c.participantId}/wrapupcodes`)).status).toBe(404);
		}
		// the spec has no such lookup for chat, screen share, social or video
		const video = add({ media: 'video', state: 'inAcw' });
		expect((await api.get(`/api/v2/conversations/videos/${video.conversationId}/participants/${video.participantId}/wrapupcodes`)).status).toBe(404);
	});

	it('the org list matches `name` on the whole name only: no wildcards, no part of a name (API-NOTES §8.7)', async () => {
		const exact = await api.get('/api/v2/routing/wrapupcodes', { params: { name: 'No sale' } });
		expect(exact.data.entities.map((c: any) => c.name)).toEqual(['No sale']);
		for (const name of ['*sale*', 'sale*', 'No', 'no sale']) {
			const res = await api.get('/api/v2/routing/wrapupcodes', { params: { name } });
			expect(res.status).toBe(200);
			expect(res.data.entities).toEqual([]);
		}
	});

	it('participant wrapupcodes are the queue codes; unknown ids 404', async () => {
		const c = add({ state: 'inAcw' });
		const res = await api.get(`/api/v2/conversations/${c.conversationId}/participants/${c.participantId}/wrapupcodes`);
		expect(res.data.map((x: any) => x.id).sort()).toEqual([...emulator.store.queueWrapupCodes.get(queueId())!].sort());
		expect((await api.get('/api/v2/conversations/nope')).status).toBe(404);
		expect((await api.get(`/api/v2/conversations/${c.conversationId}/participants/nope/wrapupcodes`)).status).toBe(404);
	});
});

describe.each(['call', 'chat', 'message', 'callback', 'email', 'cobrowse', 'screenshare', 'social', 'video'] as const)('wrap-up on a %s', (media) => {
	it('applies once (202), shows on the participant, and a second one is refused with 409', async () => {
		const c = add({ media, prompt: 'mandatory', state: 'inAcw', acwStartedMsAgo: 42_000 });
		const code = validCode();
		const first = await api.post(wrapupUrl(c), { code: code.id, notes: 'customer happy', tags: ['vip'] });
		expect(first.status).toBe(202);
		expect(first.data).toBe('');
		const agent = await agentOf(c);
		expect(agent.wrapup).toEqual({
			code: code.id,
			name: code.name,
			notes: 'customer happy',
			tags: ['vip'],
			durationSeconds: 42,
			endTime: new Date(clock).toISOString(),
		});
		expect(agent.endAcwTime).toBe(new Date(clock).toISOString());
		expect(agent[c.mediaKey][0].afterCallWork).toMatchObject({ state: 'complete', endTime: agent.endAcwTime });

		const second = await api.post(wrapupUrl(c), { code: code.id });
		expect(second.status).toBe(409);
		expect(second.data.code).toBe('conversation.wrapup.already.set');
	});
});

describe('wrap-up refusals', () => {
	it('refuses while the communication is still connected, then works once the call ends', async () => {
		const c = add({ media: 'call', prompt: 'mandatory', state: 'connected' });
		const early = await api.post(wrapupUrl(c), { code: validCode().id });
		expect(early.status).toBe(400);
		expect(early.data.code).toBe('conversation.communication.not.disconnected');
		expect(early.data.message).toMatch(/still connected/);

		disconnectAgent(emulator.store, c.conversationId, clock);
		const agent = await agentOf(c);
		expect(agent.startAcwTime).toBe(new Date(clock).toISOString());
		expect(agent.calls[0].afterCallWork.state).toBe('pending');
		expect((await api.post(wrapupUrl(c), { code: validCode().id })).status).toBe(202);
	});

	it('refuses a code not assigned to the queue, a missing code, and wrong ids / media paths', async () => {
		const c = add({ media: 'call', state: 'inAcw' });
		const foreign = [...emulator.store.wrapupCodes.keys()].find((id) => !emulator.store.queueWrapupCodes.get(queueId())!.includes(id))!;
		const bad = await api.post(wrapupUrl(c), { code: foreign });
		expect(bad.status).toBe(400);
		expect(bad.data.code).toBe('conversation.wrapup.code.invalid');
		expect((await api.post(wrapupUrl(c), { notes: 'no code' })).data.code).toBe('conversation.wrapup.code.required');
		expect((await api.post(wrapupUrl(c, 'chats'), { code: validCode().id })).status).toBe(404);
		expect((await api.post(wrapupUrl({ ...c, communicationId: 'nope' }), { code: validCode().id })).status).toBe(404);
		expect((await api.post(wrapupUrl({ ...c, participantId: 'nope' }), { code: validCode().id })).status).toBe(404);
		expect((await api.post(wrapupUrl({ ...c, conversationId: 'nope' }), { code: validCode().id })).status).toBe(404);
		expect((await agentOf(c)).wrapup).toBeUndefined();
	});
});

describe('provisional wrap-up (API-NOTES §8.5)', () => {
	it('a saved draft shows on the participant with provisional: true, ACW stays pending, and the final wrap-up ends it', async () => {
		const c = add({ media: 'call', prompt: 'mandatory', state: 'inAcw', provisionalWrapup: true });
		const draft = await agentOf(c);
		expect(draft.wrapup).toMatchObject({ provisional: true, notes: 'Draft: still typing' });
		expect(draft.endAcwTime).toBeUndefined();
		expect(draft.calls[0].afterCallWork.state).toBe('pending');
		const assigned = (p: boolean) => api.get(`/api/v2/conversations/${c.conversationId}/participants/${c.participantId}/wrapup`, { params: { provisional: p } });
		expect((await assigned(false)).data).toEqual({});
		expect((await assigned(true)).data).toMatchObject({ notes: 'Draft: still typing' });

		// another draft save keeps ACW open; the final one (provisional absent) ends it
		expect((await api.post(wrapupUrl(c), { code: validCode().id, notes: 'draft 2', provisional: true })).status).toBe(202);
		expect((await agentOf(c)).endAcwTime).toBeUndefined();
		expect((await api.post(wrapupUrl(c), { code: validCode().id, notes: 'final' })).status).toBe(202);
		const agent = await agentOf(c);
		expect(agent.wrapup).toMatchObject({ code: validCode().id, notes: 'final' });
		expect(agent.wrapup.provisional).toBeUndefined();
		expect(agent.calls[0].afterCallWork.state).toBe('complete');
	});

	it('a provisional wrap-up is only for a conversation in ACW', () => {
		expect(() => add({ state: 'wrappedUp', provisionalWrapup: true })).toThrow(/needs state 'inAcw'/);
	});
});

describe('PATCH participant', () => {
	const patchUrl = (c: AddedConversation) => `/api/v2/conversations/${c.conversationId}/participants/${c.participantId}`;

	it('wrapupSkipped is allowed for an optional prompt only', async () => {
		const optional = add({ media: 'chat', prompt: 'optional', state: 'inAcw' });
		const res = await api.patch(patchUrl(optional), { wrapupSkipped: true });
		expect(res.status).toBe(202);
		const agent = await agentOf(optional);
		expect(agent).toMatchObject({ wrapupSkipped: true, endAcwTime: new Date(clock).toISOString() });
		expect(agent.chats[0].afterCallWork.state).toBe('skipped');
		expect((await api.patch(patchUrl(optional), { wrapupSkipped: true })).status).toBe(409);

		for (const prompt of ['mandatory', 'timeout', 'forcedTimeout', 'agentRequested']) {
			const c = add({ media: 'call', prompt, state: 'inAcw' });
			const refused = await api.patch(patchUrl(c), { wrapupSkipped: true });
			expect(refused.status).toBe(400);
			expect(refused.data.code).toBe('conversation.wrapup.skip.not.allowed');
			expect(refused.data.message).toContain(`'${prompt}'`);
			expect((await agentOf(c)).wrapupSkipped).toBeUndefined();
		}
	});

	it('{wrapup} applies like the POST, also on the media-specific path', async () => {
		const c = add({ media: 'message', prompt: 'mandatory', state: 'inAcw' });
		const res = await api.patch(`/api/v2/conversations/messages/${c.conversationId}/participants/${c.participantId}`, {
			wrapup: { code: validCode().id, notes: 'via patch' },
		});
		expect(res.status).toBe(202);
		expect((await agentOf(c)).wrapup).toMatchObject({ code: validCode().id, notes: 'via patch' });
		const wrong = await api.patch(`/api/v2/conversations/calls/${c.conversationId}/participants/${c.participantId}`, { held: false });
		expect(wrong.status).toBe(404);
	});

	it('co-browse has its own participant PATCH; held is not set on media without it', async () => {
		const c = add({ media: 'cobrowse', prompt: 'optional', state: 'inAcw' });
		const url = `/api/v2/conversations/cobrowsesessions/${c.conversationId}/participants/${c.participantId}`;
		expect((await api.patch(url, { held: true })).status).toBe(202);
		expect((await agentOf(c)).cobrowsesessions[0].held).toBeUndefined();
		expect((await api.patch(url, { wrapupSkipped: true })).status).toBe(202);
		expect((await agentOf(c)).cobrowsesessions[0].afterCallWork.state).toBe('skipped');
	});

	it('state: disconnected ends the interaction and starts ACW', async () => {
		const c = add({ media: 'call', prompt: 'mandatory', state: 'connected' });
		expect((await api.patch(patchUrl(c), { state: 'disconnected' })).status).toBe(202);
		const agent = await agentOf(c);
		expect(agent.calls[0]).toMatchObject({ state: 'disconnected', disconnectType: 'client', afterCallWork: { state: 'pending' } });
	});
});

describe('time-boxed ACW ends itself', () => {
	it.each(['timeout', 'forcedTimeout'])('%s: ININ-WRAP-UP-TIMEOUT after wrapupTimeoutMs, then wrap-up is refused', async (prompt) => {
		const c = add({ media: 'call', prompt, wrapupTimeoutMs: 30_000, state: 'inAcw', acwStartedMsAgo: 1000 });
		expect((await agentOf(c)).wrapup).toBeUndefined();
		const start = clock - 1000;
		clock += 30_000;
		try {
			const agent = await agentOf(c);
			expect(agent.wrapup).toMatchObject({ code: 'ININ-WRAP-UP-TIMEOUT', durationSeconds: 30 });
			expect(agent.endAcwTime).toBe(new Date(start + 30_000).toISOString());
			expect(agent.calls[0].afterCallWork.state).toBe('complete');
			const late = await api.post(wrapupUrl(c), { code: validCode().id });
			expect(late.status).toBe(409);
			const assigned = await api.get(`/api/v2/conversations/${c.conversationId}/participants/${c.participantId}/wrapup`);
			expect(assigned.data.code).toBe('ININ-WRAP-UP-TIMEOUT');
		} finally {
			clock -= 30_000;
		}
	});

	it('a write after the deadline settles first (409, not a late success)', async () => {
		const c = add({ media: 'email', prompt: 'timeout', wrapupTimeoutMs: 10_000, state: 'inAcw', acwStartedMsAgo: 11_000 });
		const res = await api.post(wrapupUrl(c), { code: validCode().id });
		expect(res.status).toBe(409);
		expect((await agentOf(c)).wrapup.code).toBe('ININ-WRAP-UP-TIMEOUT');
	});

	it('mandatory ACW never times out', async () => {
		const c = add({ media: 'call', prompt: 'mandatory', state: 'inAcw', acwStartedMsAgo: 10 * 3600_000 });
		expect((await agentOf(c)).wrapup).toBeUndefined();
	});
});

describe('bulk seeding (direct)', () => {
	it('seeds 1,000 conversations quickly', () => {
		const store = createEmptyStore();
		seedRoutingOrg(store, { conversations: false });
		const t0 = performance.now();
		const added = seedConversations(store, 1000);
		expect(performance.now() - t0).toBeLessThan(3000);
		expect(added).toHaveLength(1000);
		expect(store.conversations.size).toBe(1000);
	});
});
