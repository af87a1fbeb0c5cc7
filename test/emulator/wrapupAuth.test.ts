/**
 * Issue 19 (API-NOTES §8.10): who may apply a wrap-up, under both of the emulator's rules, the login page that
 * lets a person choose who signs in, and participant wrap-up codes that differ from the queue's.
 */
import axios from 'axios';
import type { Emulator } from './server';
import { DEFAULT_CLIENT, startEmulator } from './server';
import { addConversation, type AddedConversation } from './fixtures/conversations';
import { seedRoutingOrg, type RoutingOrg } from './fixtures/routingOrg';
import { queueWrapupCodes } from './resources/wrapupCodes';
import type { WrapupAuth } from './types';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';
const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64')}`;
const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

let emulator: Emulator;
let org: RoutingOrg;
let mine: AddedConversation;
let theirs: AddedConversation;

async function start(wrapupAuth?: WrapupAuth) {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		wrapupAuth,
		seed: (store) => {
			org = seedRoutingOrg(store, { queueCount: 3, conversations: false });
			mine = addConversation(store, { queueId: org.queues[0].id, media: 'chat', prompt: 'mandatory', state: 'inAcw', userId: 'agent-ana' });
			theirs = addConversation(store, { queueId: org.queues[0].id, media: 'call', prompt: 'mandatory', state: 'inAcw', userId: 'agent-ben' });
		},
	});
}
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

async function clientToken(): Promise<string> {
	return (await http.post(`${emulator.url}/oauth/token`, 'grant_type=client_credentials', { headers: { ...form, Authorization: basic } })).data.access_token;
}

/** The login page: GET shows the form, the form's POST signs the chosen user in; then the code is redeemed. */
async function signInAs(userId: string): Promise<{ page: string; token: string; refresh: string }> {
	const query = { response_type: 'code', client_id: DEFAULT_CLIENT.clientId, redirect_uri: REDIRECT, state: 's1' };
	const page = await http.get(`${emulator.url}/oauth/authorize`, { params: query });
	expect(page.status).toBe(200);
	expect(page.headers['content-type']).toMatch(/text\/html/);
	const answer = await http.post(`${emulator.url}/oauth/authorize`, new URLSearchParams({ ...query, user_id: userId }).toString(), { headers: form });
	expect(answer.status).toBe(302);
	const location = new URL(answer.headers.location);
	expect(location.searchParams.get('state')).toBe('s1');
	const redeem = new URLSearchParams({ grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: REDIRECT });
	const token = await http.post(`${emulator.url}/oauth/token`, redeem.toString(), { headers: { ...form, Authorization: basic } });
	expect(token.status).toBe(200);
	return { page: page.data, token: token.data.access_token, refresh: token.data.refresh_token };
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const postWrapup = (c: AddedConversation, token: string, code = queueWrapupCodes(emulator.store, c.queueId)[0].id) =>
	http.post(`${emulator.url}/api/v2/conversations/${c.mediaPath}/${c.conversationId}/participants/${c.participantId}/communications/${c.communicationId}/wrapup`, { code }, bearer(token));
const patchParticipant = (c: AddedConversation, token: string) =>
	http.patch(`${emulator.url}/api/v2/conversations/${c.conversationId}/participants/${c.participantId}`, { wrapup: { code: queueWrapupCodes(emulator.store, c.queueId)[0].id } }, bearer(token));
const genericCodes = (c: AddedConversation, token: string) =>
	http.get(`${emulator.url}/api/v2/conversations/${c.conversationId}/participants/${c.participantId}/wrapupcodes`, bearer(token));
const callCodes = (c: AddedConversation, token: string) =>
	http.get(`${emulator.url}/api/v2/conversations/calls/${c.conversationId}/participants/${c.participantId}/wrapupcodes`, bearer(token));

describe('[fidelity] the login page lets the person choose who signs in', () => {
	test('[fidelity] it lists the org\'s users (agents on conversations included), and the token carries the chosen one', async () => {
		await start('participantUser');
		emulator.store.users.set('supervisor-sue', { id: 'supervisor-sue', name: 'Sue Supervisor' });
		const { page, token, refresh } = await signInAs('agent-ana');
		for (const id of ['agent-ana', 'agent-ben', 'supervisor-sue']) expect(page).toContain(`value="${id}"`);
		expect(page).toContain('Sue Supervisor');
		// the user token of ana may wrap up ana's conversation: the token carries the user
		expect((await postWrapup(mine, token)).status).toBe(202);
		// a refreshed token is still ana's
		const refreshed = await http.post(`${emulator.url}/oauth/token`, `grant_type=refresh_token&refresh_token=${refresh}`, { headers: { ...form, Authorization: basic } });
		expect((await callCodes(theirs, refreshed.data.access_token)).status).toBe(403);
		// a POST naming nobody the org has shows the form again
		const nobody = await http.post(`${emulator.url}/oauth/authorize`, new URLSearchParams({ response_type: 'code', client_id: DEFAULT_CLIENT.clientId, redirect_uri: REDIRECT, user_id: 'mallory' }).toString(), { headers: form });
		expect(nobody.status).toBe(200);
		expect(nobody.data).toContain('Choose a user');
	});
});

describe('[fidelity] who may apply a wrap-up (§8.10)', () => {
	test("[fidelity] participantUser: 403 not.authorized to the wrap-up POST, the participant PATCH and the code lookups, unless the token is the participant's own user's", async () => {
		await start('participantUser');
		const server = await clientToken();
		const ana = (await signInAs('agent-ana')).token;
		for (const refused of [
			await postWrapup(mine, server),
			await patchParticipant(mine, server),
			await genericCodes(mine, server),
			await callCodes(theirs, server),
			await postWrapup(theirs, ana),
			await patchParticipant(theirs, ana),
			await genericCodes(theirs, ana),
			await callCodes(theirs, ana),
		]) {
			expect(refused.status).toBe(403);
			expect(refused.data.code).toBe('not.authorized');
		}
		expect(emulator.store.conversations.get(theirs.conversationId)!.participants.find((p: { id: string }) => p.id === theirs.participantId).wrapup).toBeUndefined();
		// reads of the conversation stay open to both
		expect((await http.get(`${emulator.url}/api/v2/conversations/${mine.conversationId}`, bearer(server))).status).toBe(200);
		expect((await genericCodes(mine, ana)).status).toBe(200);
		expect((await postWrapup(mine, ana)).status).toBe(202);
	});

	test('[fidelity] permission (the default): a client-credentials token may wrap up any participant', async () => {
		await start();
		const server = await clientToken();
		expect((await genericCodes(mine, server)).status).toBe(200);
		expect((await postWrapup(mine, server)).status).toBe(202);
		expect((await patchParticipant(theirs, server)).status).toBe(202);
	});
});

describe('[fidelity] participant wrap-up codes may differ from the queue\'s (§8.10)', () => {
	test('[fidelity] the participant lookups list a code the queue\'s list does not, and the wrap-up accepts it', async () => {
		await start();
		const server = await clientToken();
		const queueCodes = queueWrapupCodes(emulator.store, mine.queueId).map((c) => c.id);
		const other = [...emulator.store.wrapupCodes.values()].find((c) => !queueCodes.includes(c.id))!;
		emulator.store.participantOnlyWrapupCodes.set(mine.queueId, [other.id]);
		const listed = (await genericCodes(mine, server)).data.map((c: { id: string }) => c.id);
		expect(listed).toEqual(expect.arrayContaining([...queueCodes, other.id]));
		const queueList = (await http.get(`${emulator.url}/api/v2/routing/queues/${mine.queueId}/wrapupcodes`, bearer(server))).data.entities.map((c: { id: string }) => c.id);
		expect(queueList).not.toContain(other.id);
		expect((await postWrapup(mine, server, other.id)).status).toBe(202);
	});
});
