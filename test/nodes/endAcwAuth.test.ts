/**
 * Issue 19 (API-NOTES §8.10): End ACW under both of the emulator's rules for who may apply a wrap-up, with a
 * client-credentials credential and with Authorization Code credentials signed in (on the emulator's login
 * page) as the conversation's agent or as another agent; and the generic participant code lookup.
 */
import axios from 'axios';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { Emulator } from '../emulator/server';
import { DEFAULT_CLIENT, startEmulator } from '../emulator/server';
import { addConversation, type AddedConversation } from '../emulator/fixtures/conversations';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { queueWrapupCodes } from '../emulator/resources/wrapupCodes';
import type { JsonObject, RecordedRequest, WrapupAuth } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });
const REDIRECT = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

let emulator: Emulator;
let queueId: string;
let ana: AddedConversation; // agent-ana's chat, in ACW
let ben: AddedConversation; // agent-ben's call, in ACW

async function start(wrapupAuth: WrapupAuth) {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		wrapupAuth,
		seed: (store) => {
			queueId = seedRoutingOrg(store, { queueCount: 2, conversations: false }).queues[0].id;
			ana = addConversation(store, { queueId, media: 'chat', prompt: 'mandatory', state: 'inAcw', userId: 'agent-ana' });
			ben = addConversation(store, { queueId, media: 'call', prompt: 'mandatory', state: 'inAcw', userId: 'agent-ben' });
		},
	});
}
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

/** What n8n's OAuth2 callback stores after the person signs in as `userId` on the emulator's login page. */
async function signedInCredential(userId: string): Promise<ICredentialDataDecryptedObject> {
	const query = { response_type: 'code', client_id: DEFAULT_CLIENT.clientId, redirect_uri: REDIRECT, state: 'n8n' };
	const answer = await http.post(`${emulator.url}/oauth/authorize`, new URLSearchParams({ ...query, user_id: userId }).toString(), { headers: form });
	const code = new URL(answer.headers.location).searchParams.get('code')!;
	const redeem = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret });
	const token = await http.post(`${emulator.url}/oauth/token`, redeem.toString(), { headers: form });
	return emulatorCredential(emulator, { grantType: 'authorizationCode', oauthTokenData: token.data });
}

const code = () => queueWrapupCodes(emulator.store, queueId)[0] as JsonObject;
const agentOf = (c: AddedConversation) => emulator.store.conversations.get(c.conversationId)!.participants.find((p: JsonObject) => p.id === c.participantId);
const writes = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/'));

function endAcw(credential: ICredentialDataDecryptedObject, conversation: AddedConversation, wrapupCodeId = code().id) {
	return runNode({
		nodeType: 'genesysCloudEndAcw',
		parameters: {
			conversationId: conversation.conversationId,
			participant: 'owesWrapup',
			whenInAcw: 'applyWrapup',
			wrapupCode: { __rl: true, mode: 'id', value: wrapupCodeId },
			notes: 'CRM case saved',
			options: { ifNotInAcwYet: 'fail' },
		},
		credentialStore: newCredentialStore(credential),
		emulator,
	});
}

describe("[fidelity] who may apply a wrap-up: 'participantUser' (§8.10)", () => {
	test("[fidelity] an Authorization Code credential signed in as the conversation's agent wraps it up", async () => {
		await start('participantUser');
		const result = await endAcw(await signedInCredential('agent-ana'), ana);
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', userId: 'agent-ana', confirmed: true });
		expect(agentOf(ana).wrapup).toMatchObject({ code: code().id, notes: 'CRM case saved' });
	});

	test("[fidelity] signed in as another agent: refused with guidance naming both rules, the credential type and the agent; nothing written", async () => {
		await start('participantUser');
		const result = await endAcw(await signedInCredential('agent-ana'), ben);
		expect(result.error?.message).toBe(
			"Genesys Cloud refused to list the wrap-up codes valid for this participant (403): it needs the permission conversation:participant:wrapup or the agent's own sign-in",
		);
		expect(result.error?.description).toMatch(/This credential signs in as a user \(Authorization Code\)/);
		expect(result.error?.description).toMatch(/conversation:participant:wrapup/);
		expect(result.error?.description).toMatch(/agent's own sign-in/);
		expect(result.error?.description).toMatch(/user agent-ben/);
		expect(result.error?.description).toMatch(/Nothing was changed/);
		expect(writes(result.requests)).toHaveLength(0);
		expect(agentOf(ben).wrapup).toBeUndefined();
	});

	test('[fidelity] a client-credentials credential is refused with the same guidance, saying it has no user', async () => {
		await start('participantUser');
		const result = await endAcw(emulatorCredential(emulator), ana);
		expect(result.error?.message).toMatch(/conversation:participant:wrapup or the agent's own sign-in/);
		expect(result.error?.description).toMatch(/This credential uses Client Credentials \(no user\)/);
		expect(result.error?.description).toMatch(/Authorization Code credential signed in as the conversation's agent \(user agent-ana\)/);
		expect(writes(result.requests)).toHaveLength(0);
		expect(agentOf(ana).wrapup).toBeUndefined();
	});

	test('[fidelity] a refused wrap-up POST (the lookup allowed) gets the same guidance', async () => {
		await start('permission');
		emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 403 });
		const result = await endAcw(emulatorCredential(emulator), ben);
		expect(result.error?.message).toBe("Genesys Cloud refused the wrap-up (403): it needs the permission conversation:participant:wrapup or the agent's own sign-in");
		expect(result.error?.description).toMatch(/Client Credentials \(no user\)/);
	});
});

describe("[fidelity] who may apply a wrap-up: 'permission' (§8.10)", () => {
	test('[fidelity] a client-credentials credential wraps up any agent\'s conversation', async () => {
		await start('permission');
		for (const conversation of [ana, ben]) {
			const result = await endAcw(emulatorCredential(emulator), conversation);
			expect(result.error).toBeUndefined();
			expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', confirmed: true });
		}
	});
});

describe('[fidelity] the generic participant code lookup (§8.10)', () => {
	test("[fidelity] a chat's codes come from its participant lookup, which may list a code its queue's list does not", async () => {
		await start('permission');
		const queueCodes = queueWrapupCodes(emulator.store, queueId).map((c) => c.id);
		const other = [...emulator.store.wrapupCodes.values()].find((c) => !queueCodes.includes(c.id))!;
		emulator.store.participantOnlyWrapupCodes.set(queueId, [other.id]);
		const result = await endAcw(emulatorCredential(emulator), ana, other.id);
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', wrapupCode: { id: other.id, name: other.name } });
		expect(result.requests.filter((r) => r.path.endsWith('/wrapupcodes')).map((r) => r.path)).toEqual([
			`/api/v2/conversations/${ana.conversationId}/participants/${ana.participantId}/wrapupcodes`,
		]);
	});
});
