/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 8: a bad-input table for every parameter of every node. Each bad value gives a clear
 * error naming the field and writes nothing; no input sends a request to a host other than the
 * credential's (a decoy server on another port must never be called).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { addConversation } from '../emulator/fixtures/conversations';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { queueWrapupCodes } from '../emulator/resources/wrapupCodes';
import type { JsonObject } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let decoy: http.Server;
let decoyHits = 0;
let decoyUrl = '';
let queue: JsonObject;
let conversationId = '';
let codeId = '';

beforeAll(async () => {
	decoy = http.createServer((_req, res) => {
		decoyHits++;
		res.end('{}');
	});
	await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
	decoyUrl = `http://127.0.0.1:${(decoy.address() as AddressInfo).port}`;
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDataActions(store);
			const org = seedRoutingOrg(store, { queueCount: 4, conversations: false });
			queue = org.queues[0];
			conversationId = addConversation(store, { queueId: queue.id, prompt: 'mandatory', state: 'inAcw' }).conversationId;
			codeId = String(queueWrapupCodes(store, queue.id)[0].id);
		},
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator });
});
afterAll(async () => {
	await emulator.close();
	await new Promise((resolve) => decoy.close(resolve));
});

const HUGE = 'x'.repeat(100_000);
const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

type Case = [label: string, parameters: Record<string, unknown>, message: RegExp];

const NODES: Record<string, { base: () => Record<string, unknown>; cases: () => Case[] }> = {
	genesysCloudUpdateDataActionTimeout: {
		base: () => ({ dataAction: rl(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 10, mode: 'published', options: {} }),
		cases: () => [
			['timeout as text', { timeoutSeconds: 'ten' }, /Timeout \(Seconds\) must be a whole number from 1 to 60/],
			['timeout negative', { timeoutSeconds: -1 }, /Timeout \(Seconds\) must be a whole number from 1 to 60/],
			['timeout huge', { timeoutSeconds: 1e12 }, /Timeout \(Seconds\) must be a whole number from 1 to 60/],
			['timeout undefined', { timeoutSeconds: '={{ $json.nope }}' }, /Timeout \(Seconds\).*undefined/],
			['action ID with ../', { dataAction: rl('={{ "../../routing/queues" }}') }, /Data Action ID is not a Genesys Cloud ID/],
			['action ID with ?', { dataAction: rl('={{ "abc?x=1" }}') }, /Data Action ID is not a Genesys Cloud ID/],
			['action ID with #', { dataAction: rl('={{ "abc#frag" }}') }, /Data Action ID is not a Genesys Cloud ID/],
			['action ID a URL of another host', { dataAction: rl(`={{ "${decoyUrl}/api/v2/tokens/me" }}`) }, /Data Action ID is not a Genesys Cloud ID/],
			['action ID huge', { dataAction: rl(`={{ "${'a'.repeat(500)}" }}`) }, /Data Action ID is not a Genesys Cloud ID/],
			['action ID empty expression', { dataAction: rl('={{ "" }}') }, /Data Action ID is empty/],
			['action ID undefined', { dataAction: rl('={{ $json.nope }}') }, /Data Action ID is empty/],
			['action name empty', { dataAction: rl('={{ "" }}', 'name') }, /Data Action name is empty/],
			['action name huge', { dataAction: rl(`={{ "${'n'.repeat(300)}" }}`, 'name') }, /Data Action name is longer than 256/],
			['unknown action ID', { dataAction: rl('custom_-_00000000-0000-4000-8000-000000000000') }, /Genesys Cloud answered 404/],
			['unknown action name', { dataAction: rl('No Such Action', 'name') }, /No data action is named exactly "No Such Action"/],
			['mode unknown', { mode: '={{ "live" }}' }, /Mode must be "published" or "draft"/],
		],
	},
	genesysCloudSetAcwPolicy: {
		base: () => ({ wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '60', scope: 'all', options: {} }),
		cases: () => [
			['prompt unknown', { wrapupPrompt: '={{ "TRANSFER_TO_AVAILABLE" }}' }, /Wrap-up Prompt must be one of/],
			['prompt undefined', { wrapupPrompt: '={{ $json.nope }}' }, /Wrap-up Prompt must be one of/],
			['timeout 0', { acwTimeoutSeconds: '0' }, /ACW Timeout \(Seconds\) must be a whole number from 1 to 3600/],
			['timeout fraction', { acwTimeoutSeconds: '1.5' }, /ACW Timeout \(Seconds\) must be a whole number from 1 to 3600/],
			['timeout huge', { acwTimeoutSeconds: HUGE }, /ACW Timeout \(Seconds\) must be a whole number/],
			['timeout undefined for a time-boxed prompt', { acwTimeoutSeconds: '={{ $json.nope }}' }, /ACW Timeout \(Seconds\) is required/],
			['scope unknown', { scope: '={{ "everything" }}' }, /Scope must be all, divisions, namePattern or list/],
			['divisions empty', { scope: 'divisions', divisionIds: [] }, /Choose at least one division/],
			['division ID with ../', { scope: 'divisions', divisionIds: ['../x'] }, /Division ID is not a Genesys Cloud ID/],
			['name pattern empty', { scope: 'namePattern', namePattern: '' }, /Name Pattern is empty/],
			['name pattern only wildcards', { scope: 'namePattern', namePattern: '***' }, /Name Pattern is empty/],
			['name pattern huge', { scope: 'namePattern', namePattern: HUGE }, /Name Pattern is longer than 200/],
			['queue list empty', { scope: 'list', queueIds: [] }, /Choose at least one queue/],
			['queue ID a URL', { scope: 'list', queueIds: [`${decoyUrl}/x`] }, /Queue ID is not a Genesys Cloud ID/],
			['excluded ID with ?', { excludeQueueIds: ['a?b'] }, /Excluded queue ID is not a Genesys Cloud ID/],
			['org switch not boolean', { orgSwitches: { communicationBasedACW: '={{ "yes" }}' } }, /communicationBasedACW must be true or false/],
			['parallel 0', { options: { concurrency: 0 } }, /Max Parallel Queues must be a whole number from 1 to 20/],
			['parallel text', { options: { concurrency: 'many' } }, /Max Parallel Queues must be a whole number from 1 to 20/],
		],
	},
	genesysCloudUpsertQueueOverride: {
		base: () => ({ queue: rl(queue.id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '30', options: {} }),
		cases: () => [
			['queue ID with ../', { queue: rl('={{ "../settings" }}') }, /Queue ID is not a Genesys Cloud ID/],
			['queue ID a URL of another host', { queue: rl(`={{ "${decoyUrl}" }}`) }, /Queue ID is not a Genesys Cloud ID/],
			['queue ID undefined', { queue: rl('={{ $json.nope }}') }, /Queue ID is empty/],
			['queue name empty', { queue: rl('={{ "" }}', 'name') }, /Queue name is empty/],
			['unknown queue ID', { queue: rl('00000000-0000-4000-8000-000000000000') }, /Genesys Cloud answered 404/],
			['unknown queue name', { queue: rl('No Such Queue', 'name') }, /No queue is named exactly "No Such Queue"/],
			['prompt unknown', { wrapupPrompt: '={{ "LOCKED_ACW" }}' }, /Wrap-up Prompt must be one of/],
			['timeout negative', { acwTimeoutSeconds: '-30' }, /ACW Timeout \(Seconds\) must be a whole number/],
			['timeout for OPTIONAL', { wrapupPrompt: 'OPTIONAL', acwTimeoutSeconds: '30' }, /cannot be set for the OPTIONAL prompt/],
			['timeout huge', { acwTimeoutSeconds: '99999' }, /ACW Timeout \(Seconds\) must be a whole number from 1 to 3600/],
		],
	},
	genesysCloudEndAcw: {
		base: () => ({ conversationId, participant: 'owesWrapup', whenInAcw: 'applyWrapup', wrapupCode: rl(codeId), notes: 'n', tags: '', options: {} }),
		cases: () => [
			['conversation ID with ../', { conversationId: '../../routing/queues' }, /Conversation ID is not a Genesys Cloud ID/],
			['conversation ID a URL', { conversationId: `${decoyUrl}/api/v2/conversations/x` }, /Conversation ID is not a Genesys Cloud ID/],
			['conversation ID undefined', { conversationId: '={{ $json.nope }}' }, /Conversation ID is empty/],
			['conversation ID huge', { conversationId: HUGE }, /Conversation ID is not a Genesys Cloud ID/],
			['unknown conversation', { conversationId: '00000000-0000-4000-8000-000000000000' }, /was not found in Genesys Cloud/],
			['participant mode unknown', { participant: '={{ "boss" }}', userId: 'u1', participantId: 'p1' }, /Participant must be one of/],
			['user ID with #', { participant: 'userId', userId: 'a#b' }, /User ID is not a Genesys Cloud ID/],
			['participant ID empty', { participant: 'participantId', participantId: '={{ "" }}' }, /Participant ID is empty/],
			['unknown participant', { participant: 'participantId', participantId: 'nobody' }, /has no participant nobody/],
			['unknown user', { participant: 'userId', userId: '00000000-0000-4000-8000-00000000000a' }, /has no agent participant for user 00000000-0000-4000-8000-00000000000a$/],
			['When in ACW unknown', { whenInAcw: '={{ "forceEnd" }}' }, /When in ACW must be one of applyWrapup, skipWrapup/],
			['code undefined', { wrapupCode: rl('={{ $json.nope }}') }, /Wrap-Up Code ID is empty/],
			['code with ?', { wrapupCode: rl('={{ "a?b" }}') }, /Wrap-Up Code ID is not a Genesys Cloud ID/],
			['unknown code', { wrapupCode: rl('00000000-0000-4000-8000-000000000000') }, /is not valid for this agent's queue/],
			['notes huge', { notes: HUGE }, /Notes is 100000 characters long; the limit is 2000/],
			['too many tags', { tags: Array.from({ length: 30 }, (_, n) => `t${n}`).join(',') }, /Tags: at most 20 tags/],
			['attempts 11', { options: { maxAttempts: 11 } }, /Attempts must be a whole number from 1 to 10/],
			['delay negative', { options: { baseDelaySeconds: -2 } }, /Base Delay \(Seconds\) must be a whole number from 0 to 60/],
			['max wait text', { options: { maxWaitSeconds: 'long' } }, /Max Wait \(Seconds\) must be a whole number from 0 to 600/],
		],
	},
};

for (const [nodeType, { base, cases }] of Object.entries(NODES)) {
	describe(nodeType, () => {
		// built lazily: fixture IDs exist only after beforeAll
		test('every bad input fails clearly, naming the field, and writes nothing', async () => {
			const before = structuredClone({ actions: [...emulator.store.actions], queues: [...emulator.store.queues], conversations: [...emulator.store.conversations] });
			for (const [label, parameters, message] of cases()) {
				const result = await runNode({ nodeType, parameters: { ...base(), ...parameters }, credentialStore, emulator, items: [{}] });
				const shown = result.error?.message ?? String(result.items[0]?.reason ?? '');
				expect({ label, message: shown }).toEqual({ label, message: expect.stringMatching(message) });
				expect(result.requests.filter((r) => r.method !== 'GET')).toEqual([]);
			}
			expect({ actions: [...emulator.store.actions], queues: [...emulator.store.queues], conversations: [...emulator.store.conversations] }).toEqual(before);
			expect(decoyHits).toBe(0);
			const host = new URL(emulator.url).host;
			expect(emulator.requests.every((r) => r.host === host)).toBe(true);
		});
	});
}

test('an unknown queue in a list scope is reported on its own item (Continue On Fail), else fails the node naming it', async () => {
	const parameters = { wrapupPrompt: 'OPTIONAL', acwTimeoutSeconds: '', scope: 'list', queueIds: ['00000000-0000-4000-8000-000000000000'], options: { dryRun: true } };
	const failed = await runNode({ nodeType: 'genesysCloudSetAcwPolicy', parameters, credentialStore, emulator });
	expect(failed.error?.message).toBe('1 of 1 queues were not set to the ACW policy: 00000000-0000-4000-8000-000000000000');
	expect(failed.error?.description).toContain('was not found in Genesys Cloud');
	const result = await runNode({ nodeType: 'genesysCloudSetAcwPolicy', parameters, credentialStore, emulator, continueOnFail: true });
	expect(result.items).toEqual([
		expect.objectContaining({ queueId: '00000000-0000-4000-8000-000000000000', outcome: 'failed', reason: 'Queue 00000000-0000-4000-8000-000000000000 was not found in Genesys Cloud' }),
	]);
});
