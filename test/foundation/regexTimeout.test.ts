/**
 * Issue 20 (2): n8n 2.x runs a resource locator's `validation` regex (at the start of every
 * execution: WorkflowExecute.checkForWorkflowIssues → NodeHelpers.getNodeParametersIssues) and its
 * `extractValue` regex (getNodeParameter with extractValue) through n8n-workflow's safeRegex, in a
 * vm with a 250 ms timeout. A busy worker can exceed it and fail a valid item with "Regular
 * expression execution timed out". Here the engine always fails that way; the four nodes must
 * still run valid items, and still refuse invalid IDs and URLs with the package's own message.
 */
import type { RegexEngine } from 'n8n-workflow';
import { resetSafeRegexEngine, safeRegex, setSafeRegexEngine } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { addConversation } from '../emulator/fixtures/conversations';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { queueWrapupCodes } from '../emulator/resources/wrapupCodes';
import type { JsonObject } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';
import { loadPackageTypes } from '../harness/loadPackage';

const TIMED_OUT = 'Regular expression execution timed out';
let engineCalls = 0;
const timingOut = (): never => {
	engineCalls++;
	// what n8n's vm engine throws when its 250 ms timeout fires
	throw new Error(TIMED_OUT);
};
const alwaysTimesOut: RegexEngine = { exec: timingOut, test: timingOut, replace: timingOut, matchAll: timingOut, split: timingOut };

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queues: JsonObject[] = [];

beforeAll(async () => {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDataActions(store);
			queues = seedRoutingOrg(store, { queueCount: 6, conversations: false }).queues;
		},
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator });
	setSafeRegexEngine(alwaysTimesOut);
	// the swap reaches the engine n8n-core uses (one n8n-workflow in this test's module registry)
	expect(() => safeRegex.test('a', 'a')).toThrow(TIMED_OUT);
});
beforeEach(() => {
	engineCalls = 0;
});
afterAll(async () => {
	resetSafeRegexEngine();
	await emulator.close();
});

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const writes = (requests: { method: string }[]) => requests.filter((r) => r.method !== 'GET');
const ADMIN = 'https://apps.mypurecloud.com/directory/#/admin';

function run(nodeType: string, parameters: Record<string, unknown>, items: JsonObject[] = [{}]) {
	return runNode({ nodeType, parameters: { options: {}, ...parameters }, credentialStore, emulator, items });
}

test('[cluster] no mode of any locator has a validation regex for n8n to run at execution time', async () => {
	// A mode's `validation` is checked through safeRegex when every execution starts, so a valid
	// workflow would fail there before the node runs; the rules are the modes' hints instead.
	const { nodes } = await loadPackageTypes();
	const locators = Object.values(nodes).flatMap((type) =>
		('description' in type && 'properties' in type.description ? type.description.properties : []).filter((p) => p.type === 'resourceLocator'),
	);
	expect(locators.map((p) => p.name).sort()).toEqual(['dataAction', 'queue', 'wrapupCode']);
	for (const property of locators) for (const mode of property.modes ?? []) expect({ [`${property.name}.${mode.name}`]: mode.validation }).toEqual({ [`${property.name}.${mode.name}`]: undefined });
});

test('[cluster] with n8n\'s regex engine timing out, Update Data Action Timeout runs by list pick, by ID and by URL', async () => {
	const id = DATA_ACTION_IDS.crmLookup;
	for (const [dataAction, timeoutSeconds] of [
		[rl('list', id), 11],
		[rl('id', id), 12],
		[rl('url', `${ADMIN}/integrations/actions/${id}/setup`), 13],
		[rl('url', '={{ $json.url }}'), 14],
	] as const) {
		const result = await run('genesysCloudUpdateDataActionTimeout', { dataAction, timeoutSeconds, mode: 'published' }, [
			{ url: `${ADMIN}/integrations/actions/${id}` },
		]);
		expect({ dataAction, error: result.error?.message }).toEqual({ dataAction, error: undefined });
		expect(result.items[0]).toMatchObject({ actionId: id, after: timeoutSeconds, changed: true });
		expect(emulator.store.actions.get(id)!.config.timeoutSeconds).toBe(timeoutSeconds);
	}
	expect(engineCalls).toBe(0);
});

test('[cluster] with n8n\'s regex engine timing out, Upsert Queue Override runs by list pick, by ID and by URL', async () => {
	const cases = [
		[rl('list', String(queues[0].id)), queues[0]],
		[rl('id', String(queues[1].id)), queues[1]],
		[rl('url', `${ADMIN}/routing/queues/${String(queues[2].id)}`), queues[2]],
		[rl('url', `https://apps.mypurecloud.ie/admin/#/routing/queues/${String(queues[3].id)}/members?tab=1`), queues[3]],
	] as const;
	for (const [queue, target] of cases) {
		const result = await run('genesysCloudUpsertQueueOverride', { queue, wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '45' });
		expect({ queue, error: result.error?.message }).toEqual({ queue, error: undefined });
		expect(result.items[0]).toMatchObject({ queueId: target.id, changed: true });
		expect(emulator.store.queues.get(String(target.id))!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 45000 });
	}
	expect(engineCalls).toBe(0);
});

test('[cluster] with n8n\'s regex engine timing out, End ACW runs with the wrap-up code by list pick and by ID', async () => {
	const queueId = String(queues[4].id);
	const code = queueWrapupCodes(emulator.store, queueId)[0] as JsonObject;
	for (const wrapupCode of [rl('list', String(code.id)), rl('id', String(code.id))]) {
		const conversation = addConversation(emulator.store, { queueId, prompt: 'mandatory', state: 'inAcw' });
		const result = await run(
			'genesysCloudEndAcw',
			{ conversationId: '={{ $json.conversationId }}', participant: 'owesWrapup', whenInAcw: 'applyWrapup', wrapupCode, notes: '', tags: '' },
			[{ conversationId: conversation.conversationId }],
		);
		expect({ wrapupCode, error: result.error?.message }).toEqual({ wrapupCode, error: undefined });
		expect(result.items[0]).toMatchObject({ outcome: 'wrapped-up', wrapupCode: { id: code.id } });
	}
	expect(engineCalls).toBe(0);
});

test('[cluster] with n8n\'s regex engine timing out, Set ACW Policy runs a list of queues', async () => {
	const chosen = [String(queues[5].id), String(queues[0].id)];
	const result = await run('genesysCloudSetAcwPolicy', { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '75', scope: 'list', queueIds: chosen });
	expect(result.error?.message).toBeUndefined();
	expect(result.items.map((item) => item.queueId).sort()).toEqual([...chosen].sort());
	for (const id of chosen) expect(emulator.store.queues.get(id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 75000 });
	expect(engineCalls).toBe(0);
});

test('[cluster] with n8n\'s regex engine timing out, invalid IDs and URLs are refused with the package\'s own message, and nothing is written', async () => {
	const queueId = String(queues[4].id);
	const conversationId = addConversation(emulator.store, { queueId, prompt: 'mandatory', state: 'inAcw' }).conversationId;
	const action = { timeoutSeconds: 20, mode: 'published' };
	const override = { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '30' };
	const endAcw = { conversationId, participant: 'owesWrapup', whenInAcw: 'applyWrapup', notes: '', tags: '' };
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['genesysCloudUpdateDataActionTimeout', { ...action, dataAction: rl('id', '../../routing/queues') }, /^Data Action ID is not a Genesys Cloud ID: "\.\.\/\.\.\/routing\/queues"$/],
		['genesysCloudUpdateDataActionTimeout', { ...action, dataAction: rl('list', 'abc?x=1') }, /^Data Action ID is not a Genesys Cloud ID/],
		['genesysCloudUpdateDataActionTimeout', { ...action, dataAction: rl('url', `${ADMIN}/routing/queues/${String(queues[0].id)}`) }, /^Data Action URL does not contain \/actions\/<ID>/],
		['genesysCloudUpdateDataActionTimeout', { ...action, dataAction: rl('url', 'custom_-_3f1c') }, /^Data Action URL is not an http\(s\) address: "custom_-_3f1c"$/],
		['genesysCloudUpsertQueueOverride', { ...override, queue: rl('id', 'a#b') }, /^Queue ID is not a Genesys Cloud ID: "a#b"$/],
		['genesysCloudUpsertQueueOverride', { ...override, queue: rl('url', `${ADMIN}/routing/queues/../settings`) }, /^Queue URL does not contain a Genesys Cloud ID after \/queues\//],
		['genesysCloudUpsertQueueOverride', { ...override, queue: rl('url', '={{ "" }}') }, /^Queue URL is empty$/],
		['genesysCloudUpsertQueueOverride', { ...override, queue: rl('url', `${ADMIN}/routing/queues/${'a'.repeat(3000)}`) }, /^Queue URL is longer than 2048 characters$/],
		['genesysCloudEndAcw', { ...endAcw, wrapupCode: rl('id', 'a?b') }, /^Wrap-Up Code ID is not a Genesys Cloud ID: "a\?b"$/],
		['genesysCloudEndAcw', { ...endAcw, wrapupCode: rl('url', `${ADMIN}/wrapupcodes/x`) }, /^Wrap-Up Code: unknown mode "url"; use one of list, id$/],
		['genesysCloudSetAcwPolicy', { ...override, scope: 'list', queueIds: ['../x'] }, /^Queue ID is not a Genesys Cloud ID: "\.\.\/x"$/],
	];
	for (const [nodeType, parameters, message] of cases) {
		const result = await run(nodeType, parameters);
		expect({ nodeType, parameters, message: result.error?.message }).toEqual({ nodeType, parameters, message: expect.stringMatching(message) });
		expect(result.startRefused).toBeUndefined();
		expect(writes(result.requests)).toEqual([]);
	}
	// the rule is in the error's description, naming what is allowed
	const url = await run('genesysCloudUpsertQueueOverride', { ...override, queue: rl('url', 'https://example.com/queues') });
	expect(url.error?.description).toContain(
		'Give the address from Genesys Cloud admin: an http(s) URL containing /queues/<ID>. IDs contain only letters, digits, "-" and "_" (at most 128 characters).',
	);
	expect(engineCalls).toBe(0);
});
