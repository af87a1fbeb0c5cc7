/* eslint-disable @typescript-eslint/no-unused-vars -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 19 (API-NOTES §8.10): queue PUTs that can see a dropped field, an empty pilot rule, a
 * server-chosen timeout on a time-boxed prompt, and a legacy timeout over 60 minutes, through n8n's
 * engine against the emulator.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { seedDivisions } from '../emulator/fixtures/divisions';
import { seedQueues } from '../emulator/fixtures/queues';
import type { JsonObject, OrgStore, RecordedRequest } from '../emulator/types';
import { queueHandlers, queueView } from '../emulator/resources/queues';
import { TIMED_PROMPT_DEFAULT_TIMEOUT_MS } from '../emulator/resources/queueRequest';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queues: JsonObject[];

async function start(count: number, adjust: (queues: JsonObject[], store: OrgStore) => void = () => undefined) {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDivisions(store);
			queues = seedQueues(store, { count });
			adjust(queues, store);
		},
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
}

afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const snapshot = () => structuredClone(Object.fromEntries(emulator.store.queues));
const puts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'PUT');
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const policy = (parameters: Record<string, unknown>) =>
	runNode({
		nodeType: 'genesysCloudSetAcwPolicy',
		parameters: { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120', scope: 'all', options: {}, ...parameters },
		credentialStore,
		emulator,
	});
const override = (parameters: Record<string, unknown>) =>
	runNode({ nodeType: 'genesysCloudUpsertQueueOverride', parameters: { options: {}, ...parameters }, credentialStore, emulator });

/** The spec's Queue sections the seeder leaves out, so that the queue carries every one of them. */
function everySection(queue: JsonObject, i: number): void {
	const ref = (kind: string) => ({ id: `${kind}-${i}-0000-4000-8000-000000000000`.slice(0, 36), name: `${kind} ${i}` });
	queue.emailInQueueFlow = ref('email-flow');
	queue.messageInQueueFlow = ref('message-flow');
	queue.directRouting = {
		callMediaSettings: { useAgentAddressOutbound: true },
		emailMediaSettings: { useAgentAddressOutbound: false },
		messageMediaSettings: { useAgentAddressOutbound: true },
		waitForAgent: true,
		agentWaitSeconds: 120,
	};
	queue.outboundMessagingAddresses = { smsAddress: ref('sms'), openMessagingRecipient: ref('open-messaging') };
	queue.peerId = `peer-${i}`;
	queue.defaultMediaLanguage = 'en-us';
	// a field this code has never heard of: Genesys's Queue model carries many more than the spec subset
	queue.futureRoutingFeature = { enabled: true, mode: 'Experimental', weights: [1, 2, 3] };
}

/** The sections where two queues differ, as paths; acwSettings counts as one. */
const differingSections = (a: unknown, b: unknown) => [
	...new Set(differences(a, b).map((path) => (path.startsWith('.acwSettings') ? '.acwSettings' : path))),
].sort();

/** Every difference between two JSON values, as paths. */
function differences(a: unknown, b: unknown, path = ''): string[] {
	if (JSON.stringify(a) === JSON.stringify(b)) return [];
	if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
		const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
		return [...keys].flatMap((key) => differences((a as JsonObject)[key], (b as JsonObject)[key], `${path}.${key}`));
	}
	return [path || '.'];
}

const SPEC_QUEUE_SECTIONS = [
	'name', 'division', 'description', 'dateCreated', 'dateModified', 'modifiedBy', 'createdBy', 'memberCount',
	'userMemberCount', 'joinedMemberCount', 'mediaSettings', 'routingRules', 'conditionalGroupRouting',
	'conditionalGroupActivation', 'bullseye', 'scoringMethod', 'lastAgentRoutingMode', 'acwSettings',
	'skillEvaluationMethod', 'memberGroups', 'queueFlow', 'emailInQueueFlow', 'messageInQueueFlow', 'whisperPrompt',
	'onHoldPrompt', 'autoAnswerOnly', 'cannedResponseLibraries', 'enableTranscription', 'enableAudioMonitoring',
	'enableManualAssignment', 'agentOwnedRouting', 'directRouting', 'callingPartyName', 'callingPartyNumber',
	'defaultScripts', 'outboundMessagingAddresses', 'outboundEmailAddress', 'peerId', 'suppressInQueueCallRecording',
	'selfUri', 'defaultMediaLanguage',
];

describe('[fidelity] a queue PUT can see a dropped field (§8.10)', () => {
	test.each([
		['Set ACW Policy', () => policy({})],
		['Upsert Queue Override', () => override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '45' })],
	])('[fidelity] %s: each PUT body is the GET it came from, with only acwSettings and rule 1\'s queue different; nothing is lost', async (_node, run) => {
		await start(4, (seeded) => seeded.forEach(everySection));
		const before = snapshot();
		for (const section of [...SPEC_QUEUE_SECTIONS, 'futureRoutingFeature']) expect(Object.keys(before[queues[0].id])).toContain(section);
		const result = await run();
		expect(result.error).toBeUndefined();
		const sent = puts(result.requests);
		expect(sent.length).toBeGreaterThan(0);
		for (const request of sent) {
			const id = request.path.split('/').pop() as string;
			const read = queueView(before[id]); // what the GET (or the listing) answered
			expect(differingSections(read, request.body)).toEqual(['.acwSettings', '.conditionalGroupRouting.rules.0.queue'].sort());
		}
		// and Genesys keeps what was sent: the queues differ only where the PUT meant them to
		const after = snapshot();
		for (const request of sent) {
			const id = request.path.split('/').pop() as string;
			expect(differingSections(before[id], after[id])).toEqual(['.acwSettings', '.dateModified', '.modifiedBy'].sort());
		}
	});
});

describe('[fidelity] an empty pilotRule is left out of the PUT (Terraform PR #2310)', () => {
	test.each([
		['{}', {}],
		['no conditions, blank expression', { conditions: [], conditionExpression: ' ' }],
	])('[fidelity] a queue read with pilotRule %s is written without it; everything else is kept', async (_label, pilotRule) => {
		await start(2, (seeded) => (seeded[0].conditionalGroupActivation.pilotRule = pilotRule));
		const before = snapshot();
		const result = await override({ queue: byId(queues[0].id), wrapupPrompt: 'OPTIONAL' });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ changed: true, after: { wrapupPrompt: 'OPTIONAL' } });
		const [put] = puts(result.requests);
		const sent = (put.body as JsonObject).conditionalGroupActivation;
		expect(sent).not.toHaveProperty('pilotRule');
		expect(sent.rules).toEqual(before[queues[0].id].conditionalGroupActivation.rules);
		// a real pilot rule still goes back as read
		const other = await override({ queue: byId(queues[1].id), wrapupPrompt: 'OPTIONAL' });
		expect((puts(other.requests)[0].body as JsonObject).conditionalGroupActivation.pilotRule).toEqual(before[queues[1].id].conditionalGroupActivation.pilotRule);
	}, 60000);
});

describe('[fidelity] server-chosen timeouts on time-boxed prompts (§8.10)', () => {
	test('[fidelity] a queue created without a timeout carries the one Genesys chose; the nodes compare it, and always send one', async () => {
		await start(1);
		// Terraform's simplest queue: MANDATORY_TIMEOUT, no timeout
		const { id: _id, selfUri: _s, acwSettings: _a, ...template } = structuredClone(queues[0]);
		const created = queueHandlers.postRoutingQueues({
			params: {},
			query: {},
			body: { ...template, name: 'Terraform simplest queue', acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT' } },
			clientId: 'terraform',
			store: emulator.store,
			now: Date.now,
			baseUrl: emulator.url,
		}) as { body: JsonObject };
		const id = created.body.id as string;
		expect(emulator.store.queues.get(id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: TIMED_PROMPT_DEFAULT_TIMEOUT_MS });
		const seconds = String(TIMED_PROMPT_DEFAULT_TIMEOUT_MS / 1000);

		const same = await policy({ scope: 'list', queueIds: [id], acwTimeoutSeconds: seconds });
		expect(same.items[0]).toMatchObject({ queueId: id, outcome: 'unchanged' });
		expect(puts(same.requests)).toHaveLength(0);

		// keep the timeout, change the prompt: the server-chosen timeout is sent explicitly
		const forced = await override({ queue: byId(id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '' });
		expect(forced.error).toBeUndefined();
		expect(forced.items[0]).toMatchObject({ changed: true, before: { timeoutSeconds: Number(seconds) }, after: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: Number(seconds) } });
		expect((puts(forced.requests)[0].body as JsonObject).acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: TIMED_PROMPT_DEFAULT_TIMEOUT_MS });

		const other = await policy({ scope: 'list', queueIds: [id], acwTimeoutSeconds: '90' });
		expect(other.items[0]).toMatchObject({ queueId: id, outcome: 'changed' });
		expect((puts(other.requests)[0].body as JsonObject).acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 });
	});
});

describe('[fidelity] a legacy timeout over 60 minutes (§8.10)', () => {
	test('[fidelity] "keep current" re-sends it unchanged, reports it in the item, and does not refuse the write', async () => {
		await start(1, (seeded) => (seeded[0].acwSettings = { wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: 7_200_000 }));
		const result = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '' });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ changed: true, after: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 7200 } });
		expect((puts(result.requests)[0].body as JsonObject).acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 7_200_000 });
		expect(result.items[0].warnings).toEqual([expect.stringMatching(/120 minutes.*over.*60 minutes.*kept unchanged/)]);
		// a new value over 60 minutes is still refused before any request
		const refused = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '7300' });
		expect(refused.error?.message).toMatch(/got 7300/);
		expect(refused.requests).toHaveLength(0);
	});
});
