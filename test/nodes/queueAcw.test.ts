/* eslint-disable @typescript-eslint/no-unused-vars -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 5 acceptance: Set ACW Policy and Upsert Queue Override through n8n's engine against the
 * emulator, whose PUT replaces the whole queue exactly as Genesys does.
 */
import type { Emulator, EmulatorOptions } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { seedDivisions } from '../emulator/fixtures/divisions';
import { seedQueues } from '../emulator/fixtures/queues';
import { GenesysError, type JsonObject, type RecordedRequest, type RouteContext } from '../emulator/types';
import { queueHandlers } from '../emulator/resources/queues';
import { conversationSettingsHandlers } from '../emulator/resources/conversationSettings';
import { loadOptions } from '../harness/loadOptions';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';
import { expectQueueFailureNamesWhatHappened, requestsFor } from '../faults/invariants';

const POLICY_NODE = 'genesysCloudSetAcwPolicy';
const OVERRIDE_NODE = 'genesysCloudUpsertQueueOverride';
const POLICY = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120000 };

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queues: JsonObject[];

async function start(count: number, compliantCount = 0, options: Partial<EmulatorOptions> = {}) {
	emulator = await startEmulator({
		// these tests are about correctness; the rate limit has its own tests and benchmarks
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDivisions(store);
			queues = seedQueues(store, { count, compliantWith: POLICY, compliantCount });
		},
		...options,
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator });
}

afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const snapshot = () => structuredClone(Object.fromEntries(emulator.store.queues));
const withoutAcw = (all: Record<string, JsonObject>) =>
	Object.fromEntries(
		Object.entries(all).map(([id, { acwSettings: _acw, dateModified: _d, modifiedBy: _m, ...rest }]) => [id, rest]),
	);
const puts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'PUT');
const writes = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/'));

function policy(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) {
	return runNode({
		nodeType: POLICY_NODE,
		parameters: { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120', scope: 'all', options: {}, ...parameters },
		credentialStore,
		emulator,
		...extra,
	});
}

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

function override(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) {
	return runNode({ nodeType: OVERRIDE_NODE, parameters: { options: {}, ...parameters }, credentialStore, emulator, ...extra });
}

describe('Set ACW Policy', () => {
	test('a policy over 250 queues in 3 pages, 40 already compliant, writes exactly 210, and keeps every other field', async () => {
		await start(250, 40);
		const before = snapshot();
		const result = await policy({});
		expect(result.error).toBeUndefined();
		const listCalls = result.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/routing/queues');
		expect(listCalls).toHaveLength(3);
		expect(puts(result.requests)).toHaveLength(210);
		expect(result.items).toHaveLength(250);
		expect(result.items.filter((i) => i.outcome === 'changed')).toHaveLength(210);
		expect(result.items.filter((i) => i.outcome === 'unchanged')).toHaveLength(40);
		for (const queue of emulator.store.queues.values()) expect(queue.acwSettings).toEqual(POLICY);
		expect(withoutAcw(snapshot())).toEqual(withoutAcw(before));
		expect(result.output.every((o) => JSON.stringify(o.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
		// a second run is a no-op: list pages only
		const again = await policy({ options: { output: 'summary' } });
		expect(writes(again.requests)).toHaveLength(0);
		expect(again.items[0]).toMatchObject({ type: 'summary', considered: 250, changed: 0, unchanged: 250, failed: 0 });
	}, 300_000); // 460 requests through the engine: room for a loaded machine (jest's default here is 120 s)

	test('[safety] a listing that answers without pageCount is followed by its nextUri to the last page', async () => {
		// pageCount is optional in every *EntityListing of the spec: a queue on page 2 must not be skipped
		await start(150, 0, {
			handlers: [
				{
					getRoutingQueues: async (ctx: RouteContext) => {
						const answer = (await queueHandlers.getRoutingQueues(ctx)) as { body: JsonObject };
						delete answer.body.pageCount;
						return answer;
					},
				},
			],
		});
		const result = await policy({ options: { dryRun: true } });
		expect(result.error).toBeUndefined();
		expect(result.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/routing/queues').map((r) => r.query.pageNumber)).toEqual(['1', '2']);
		expect(result.items.map((i) => i.queueId).sort()).toEqual(queues.map((q) => q.id).sort());
	});

	test('excluded queues are untouched and reported as excluded', async () => {
		await start(30);
		const excluded = queues.slice(0, 3).map((q) => q.id);
		const before = snapshot();
		const result = await policy({ excludeQueueIds: excluded });
		expect(result.items.filter((i) => i.outcome === 'excluded').map((i) => i.queueId).sort()).toEqual([...excluded].sort());
		for (const id of excluded) expect(emulator.store.queues.get(id)).toEqual(before[id]);
		expect(puts(result.requests).some((r) => excluded.some((id) => r.path.endsWith(id)))).toBe(false);
	});

	test('division, name-pattern and list scopes each select the right queues', async () => {
		await start(36);
		const sales = [...emulator.store.divisions.values()].find((d) => d.name === 'Sales')!;
		const inSales = queues.filter((q) => q.division.id === sales.id).map((q) => q.id).sort();
		const byDivision = await policy({ scope: 'divisions', divisionIds: [sales.id], options: { dryRun: true } });
		expect(byDivision.items.map((i) => i.queueId).sort()).toEqual(inSales);

		const supportEmea = queues.filter((q) => /^Support - EMEA/i.test(q.name)).map((q) => q.id).sort();
		const byPattern = await policy({ scope: 'namePattern', namePattern: 'support - emea*', options: { dryRun: true } });
		expect(byPattern.items.map((i) => i.queueId).sort()).toEqual(supportEmea);
		const middle = queues.filter((q) => /^Sales.*01$/.test(q.name)).map((q) => q.id).sort();
		const byInnerWildcard = await policy({ scope: 'namePattern', namePattern: 'Sales*01', options: { dryRun: true } });
		expect(byInnerWildcard.items.map((i) => i.queueId).sort()).toEqual(middle);

		const chosen = [queues[4].id, queues[9].id];
		const byList = await policy({ scope: 'list', queueIds: chosen });
		expect(byList.items.map((i) => i.queueId).sort()).toEqual([...chosen].sort());
		expect(puts(byList.requests).map((r) => r.path.split('/').pop()).sort()).toEqual([...chosen].sort());
	});

	test('dry run writes nothing', async () => {
		await start(20);
		const before = snapshot();
		const result = await policy({ options: { dryRun: true }, orgSwitches: { completeAcwWhenAgentTransitionsOffline: true } });
		expect(writes(result.requests)).toHaveLength(0);
		expect(snapshot()).toEqual(before);
		expect(result.items.filter((i) => i.outcome === 'wouldChange').length).toBeGreaterThan(0);
	});

	test.each([
		['0', { acwTimeoutSeconds: '0' }, /got 0/],
		['negative', { acwTimeoutSeconds: '-5' }, /got -5/],
		['above 60 min', { acwTimeoutSeconds: '3601' }, /got 3601/],
		['missing for a time-boxed prompt', { acwTimeoutSeconds: '' }, /is required for the MANDATORY_TIMEOUT prompt/],
		['given for MANDATORY', { wrapupPrompt: '={{ "MANDATORY" }}', acwTimeoutSeconds: '60' }, /cannot be set for the MANDATORY prompt/],
		['not a number', { acwTimeoutSeconds: 'soon' }, /must be a whole number from 1 to 3600 seconds/],
		['an unknown prompt', { wrapupPrompt: 'LOCKED_ACW' }, /Wrap-up Prompt must be one of/],
		['a queue ID with path characters', { scope: 'list', queueIds: ['../../tokens/me'] }, /not a Genesys Cloud ID/],
	])('timeout or prompt %s fails before any request', async (_label, parameters, message) => {
		await start(5);
		const result = await policy(parameters);
		expect(result.error?.message).toMatch(message);
		expect(result.requests).toHaveLength(0);
	});

	test('a timeout of 0 is refused with the reason', async () => {
		await start(2);
		const result = await policy({ acwTimeoutSeconds: '0' });
		expect(result.error?.description).toContain('silently breaks after-call work');
	});

	test('with Continue On Fail, a queue answering 500 after retries is reported failed while the rest succeed', async () => {
		await start(12);
		const broken = queues[5];
		emulator.injectFault({ method: 'PUT', match: `/api/v2/routing/queues/${broken.id}`, status: 500, count: Infinity });
		const result = await policy({}, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		const failed = result.items.filter((i) => i.outcome === 'failed');
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({ queueId: broken.id, httpStatus: 500 });
		expect(String(failed[0].reason)).toContain('Genesys Cloud answered 500');
		expect(String(failed[0].errorDescription)).toContain('gave up after 4 attempts, reading the queue after each');
		expect(failed[0].correlationId).toMatch(/^[0-9a-f-]{36}$/);
		const others = queues.filter((q) => q.id !== broken.id);
		for (const queue of others) expect(emulator.store.queues.get(queue.id)!.acwSettings).toEqual(POLICY);
		expect(emulator.store.queues.get(broken.id)!.acwSettings).not.toEqual(POLICY);
	}, 60000);

	test('[safety] when the last read after the last failed PUT needs a retry of its own, the error is still the PUT\'s answer', async () => {
		await start(3);
		const broken = queues[1];
		const path = `/api/v2/routing/queues/${broken.id}`;
		emulator.injectFault({ method: 'PUT', match: path, status: 502, count: Infinity });
		// reads of the queue: the first, then one after each of the 4 PUTs; the last one answers 503 once
		emulator.injectFault({ method: 'GET', match: path, status: 503, skip: 4 });
		const result = await policy({}, { continueOnFail: true });
		const failed = result.items.filter((i) => i.outcome === 'failed');
		expect(failed.map((i) => i.queueId)).toEqual([broken.id]);
		const mine = requestsFor(result.requests, broken.id);
		expect(mine.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', ...Array(3).fill(['PUT 502', 'GET 200']).flat(), 'PUT 502', 'GET 503', 'GET 200']);
		expect(String(failed[0].reason)).toMatch(/^Genesys Cloud answered 502 \(/);
		expect(String(failed[0].errorDescription)).toContain('gave up after 4 attempts, reading the queue after each');
		// the chaos runs' oracle must agree with the node here
		expectQueueFailureNamesWhatHappened(String(failed[0].reason), mine);
		expect(emulator.store.queues.get(broken.id)!.acwSettings).not.toEqual(POLICY);
	}, 60000);

	test('org switches change only the fields set', async () => {
		await start(1, 1);
		const before = structuredClone(emulator.store.conversationSettings);
		const result = await policy({ orgSwitches: { completeAcwWhenAgentTransitionsOffline: true } });
		expect(result.items[0]).toMatchObject({
			type: 'orgSettings',
			outcome: 'changed',
			before: { completeAcwWhenAgentTransitionsOffline: false },
			after: { completeAcwWhenAgentTransitionsOffline: true },
		});
		expect(emulator.store.conversationSettings).toEqual({ ...before, completeAcwWhenAgentTransitionsOffline: true });
		const again = await policy({ orgSwitches: { completeAcwWhenAgentTransitionsOffline: true } });
		expect(again.items[0]).toMatchObject({ type: 'orgSettings', outcome: 'unchanged' });
		expect(again.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
	});

	test('the division and queue pickers list what the org has', async () => {
		await start(120);
		const divisions = await loadOptions({ nodeType: POLICY_NODE, method: 'getDivisions', credentialStore });
		expect(divisions.map((d) => d.name)).toEqual(['Home', 'Sales', 'Support']);
		const all = await loadOptions({ nodeType: POLICY_NODE, method: 'getQueues', credentialStore });
		expect(all).toHaveLength(120);
	});
});

describe('Upsert Queue Override', () => {

	test('sets the override, keeps every other field, verifies from the PUT answer', async () => {
		await start(6);
		const target = queues[1];
		const before = snapshot();
		const result = await override({ queue: byId(target.id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '45' });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({
			queueId: target.id,
			queueName: target.name,
			changed: true,
			after: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: 45 },
			apiCalls: 2,
		});
		expect(result.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
		expect(emulator.store.queues.get(target.id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 45000 });
		expect(withoutAcw(snapshot())).toEqual(withoutAcw(before));
	});

	test('an override on an already-equal queue is a one-read no-op', async () => {
		await start(3, 3);
		const result = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120' });
		const asRead = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 120 };
		expect(result.items[0]).toMatchObject({ outcome: 'unchanged', changed: false, apiCalls: 1, before: asRead, after: asRead });
		// a dry run speaks of current and wouldSetTo, and changes nothing either way
		const dry = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120', options: { dryRun: true } });
		expect(dry.items[0]).toMatchObject({ outcome: 'unchanged', changed: false, current: asRead, wouldSetTo: asRead });
		const dryChange = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '30', options: { dryRun: true } });
		expect(dryChange.items[0]).toMatchObject({ outcome: 'wouldChange', changed: false, current: asRead, wouldSetTo: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 } });
		expect(result.requests).toHaveLength(1);
	});

	test('keep current: only the timeout changes; switching to MANDATORY drops the timeout', async () => {
		await start(3, 3);
		const keepPrompt = await override({ queue: byId(queues[0].id), wrapupPrompt: 'keepCurrent', acwTimeoutSeconds: '300' });
		expect(keepPrompt.items[0].after).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 300 });
		const keepTimeout = await override({ queue: byId(queues[1].id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '' });
		expect(keepTimeout.items[0].after).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: 120 });
		const mandatory = await override({ queue: byId(queues[2].id), wrapupPrompt: 'MANDATORY' });
		// no timeout is sent; Genesys may keep the old one on the queue (§8.6), which MANDATORY ignores
		const put = mandatory.requests.find((r) => r.method === 'PUT')!.body as JsonObject;
		expect(put.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY' });
		expect(emulator.store.queues.get(queues[2].id)!.acwSettings.wrapupPrompt).toBe('MANDATORY');
		expect(mandatory.items[0]).toMatchObject({ changed: true, after: { wrapupPrompt: 'MANDATORY', timeoutSeconds: null } });
	});

	test('items that target the same queue in one run are applied in order', async () => {
		await start(2);
		const id = queues[0].id;
		const items = [
			{ prompt: 'MANDATORY_TIMEOUT', timeout: '30' },
			{ prompt: 'AGENT_REQUESTED', timeout: '' },
			{ prompt: 'MANDATORY_TIMEOUT', timeout: '90' },
		];
		const result = await override(
			{ queue: byId(id), wrapupPrompt: '={{ $json.prompt }}', acwTimeoutSeconds: '={{ $json.timeout }}' },
			{ items },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.after)).toEqual([
			{ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 },
			{ wrapupPrompt: 'AGENT_REQUESTED', timeoutSeconds: 30 },
			{ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 90 },
		]);
		expect(emulator.store.queues.get(id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 });
	});

	test('by exact name, and bad input fails before any request', async () => {
		await start(4);
		const named = await override({
			queue: { __rl: true, mode: 'name', value: queues[2].name },
			wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT',
			acwTimeoutSeconds: '77',
		});
		expect(named.items[0]).toMatchObject({ queueId: queues[2].id, changed: true });
		for (const parameters of [
			{ queue: byId(queues[0].id), wrapupPrompt: 'OPTIONAL', acwTimeoutSeconds: '30' },
			{ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '0' },
		]) {
			const result = await override(parameters);
			expect(result.error).toBeDefined();
			expect(result.requests).toHaveLength(0);
		}
	});

	// Given literally, n8n itself refuses these IDs (the locator's pattern) before the node runs; through
	// an expression they reach the node, whose own check must refuse them before any request.
	test.each([
		['a path', '={{ "../routing/settings" }}', /Queue ID is not a Genesys Cloud ID: "\.\.\/routing\/settings"/],
		['an empty value', '={{ "" }}', /^Queue ID is empty$/],
	])('[review] a queue ID that is %s, from an expression, is refused by the node before any request', async (_label, value, message) => {
		await start(2);
		const result = await override({ queue: byId(value), wrapupPrompt: 'OPTIONAL' });
		expect(result.startRefused).toBeUndefined();
		expect(result.error?.message).toMatch(message);
		expect(result.requests).toHaveLength(0);
	});

	test('the queue picker searches by name, each entry with its division', async () => {
		await start(40);
		const { loadListSearch } = await import('../harness/loadOptions');
		const found = await loadListSearch({ nodeType: OVERRIDE_NODE, method: 'searchQueues', filter: 'billing', credentialStore });
		expect(found.results.length).toBeGreaterThan(0);
		for (const entry of found.results) expect(entry.name).toMatch(/^Billing - .+ \((Home|Sales|Support)\)$/);
	});
});

describe('partial writes are never hidden', () => {
	test('when the queue listing fails after the org switches changed, the error says so', async () => {
		await start(3);
		emulator.injectFault({ match: 'getRoutingQueues', status: 500, count: Infinity });
		const result = await policy({ orgSwitches: { completeAcwWhenAgentTransitionsOffline: true } });
		expect(result.error?.message).toContain('Genesys Cloud answered 500');
		expect(result.error?.description).toContain('The org-wide switches had already been changed');
		expect(emulator.store.conversationSettings.completeAcwWhenAgentTransitionsOffline).toBe(true);
	}, 30000);

	test("a second policy item that fails lists the first item's queue changes", async () => {
		await start(4);
		const result = await policy({ acwTimeoutSeconds: '={{ $json.t }}' }, { items: [{ t: '60' }, { t: '0' }] });
		expect(result.error?.message).toMatch(/got 0/);
		expect(result.error?.description).toMatch(/Other items had already been applied when item 1 failed: queue .+ ACW/);
	});
});

/** The parts of a queue that Genesys clears on a PUT that leaves them out (API-NOTES §5.2, §8.1). */
const ROUTING_PARTS = ['conditionalGroupRouting', 'conditionalGroupActivation', 'outboundEmailAddress', 'bullseye', 'memberGroups'];
const routingParts = (queue: JsonObject) => Object.fromEntries(ROUTING_PARTS.map((key) => [key, queue[key]]));
const getQueue = async (id: string) => {
	const response = await fetch(`${emulator.url}/api/v2/routing/queues/${id}`, {
		headers: { Authorization: `Bearer ${emulator.requests.find((r) => r.token)!.token}` },
	});
	return (await response.json()) as JsonObject;
};

describe('[fidelity] Genesys behaviour the spec does not encode (API-NOTES §8.1, §8.6)', () => {
	function expectRoutingPartsKept(before: Record<string, JsonObject>, requests: RecordedRequest[]) {
		for (const [id, queue] of emulator.store.queues) expect(routingParts(queue)).toEqual(routingParts(before[id]));
		const sent = puts(requests);
		expect(sent.length).toBeGreaterThan(0);
		for (const request of sent) {
			const rules = (request.body as JsonObject).conditionalGroupRouting.rules as JsonObject[];
			expect(rules.length).toBeGreaterThanOrEqual(2);
			expect(rules[0].queue).toBeUndefined(); // rule 1 means the queue itself
			for (const rule of rules.slice(1)) expect(rule.queue?.id).toMatch(/^[0-9a-f-]{36}$/); // the other queues stay
		}
	}

	test('[fidelity] conditional group routing (2-3 rules), group activation, outbound email, bullseye rings and member groups survive Set ACW Policy unchanged', async () => {
		await start(8);
		const before = snapshot();
		expect(new Set(queues.map((q) => q.conditionalGroupRouting.rules.length))).toEqual(new Set([2, 3]));
		// the GET names the queue itself on rule 1, which a PUT may not send back
		expect((await getQueue(queues[0].id)).conditionalGroupRouting.rules[0].queue.id).toBe(queues[0].id);
		const result = await policy({});
		expect(result.error).toBeUndefined();
		expect(result.items.filter((i) => i.outcome === 'changed')).toHaveLength(8);
		for (const queue of emulator.store.queues.values()) expect(queue.acwSettings).toEqual(POLICY);
		expectRoutingPartsKept(before, result.requests);
		expect(withoutAcw(snapshot())).toEqual(withoutAcw(before));
	});

	test('[fidelity] the same routing parts survive Upsert Queue Override unchanged', async () => {
		await start(3);
		const before = snapshot();
		const result = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '45' });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ changed: true, after: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: 45 } });
		expectRoutingPartsKept(before, result.requests);
		expect(withoutAcw(snapshot())).toEqual(withoutAcw(before));
	});

	test.each([
		// Genesys keeps the old timeoutMs on a queue switched to MANDATORY
		['MANDATORY', { wrapupPrompt: 'MANDATORY', acwTimeoutSeconds: '' }, (acw: JsonObject) => acw.timeoutMs !== undefined],
		// and fills one in for AGENT_REQUESTED sent without a timeout
		['AGENT_REQUESTED without a timeout', { wrapupPrompt: 'AGENT_REQUESTED', acwTimeoutSeconds: '' }, (acw: JsonObject) => acw.timeoutMs !== undefined],
	])('[fidelity] Set ACW Policy to %s: a timeout Genesys keeps or fills is not "another writer", and a second run is a no-op', async (_label, parameters, serverFilled) => {
		await start(12);
		const result = await policy(parameters);
		expect(result.error).toBeUndefined();
		expect(JSON.stringify(result.items)).not.toMatch(/another writer|other ACW settings/);
		expect(result.items.filter((i) => i.outcome === 'failed')).toEqual([]);
		for (const request of puts(result.requests)) expect((request.body as JsonObject).acwSettings).toEqual({ wrapupPrompt: parameters.wrapupPrompt });
		const stored = [...emulator.store.queues.values()].map((q) => q.acwSettings);
		expect(stored.every((acw) => acw.wrapupPrompt === parameters.wrapupPrompt)).toBe(true);
		expect(stored.filter(serverFilled).length).toBeGreaterThan(0); // the emulator did keep or fill one
		const again = await policy({ ...parameters, options: { output: 'summary' } });
		expect(again.error).toBeUndefined();
		expect(writes(again.requests)).toHaveLength(0);
		expect(again.items[0]).toMatchObject({ considered: 12, changed: 0, unchanged: 12, failed: 0 });
	});

	test('[fidelity] Upsert Queue Override to AGENT_REQUESTED without a timeout accepts the server default; a second run is a one-read no-op', async () => {
		await start(1, 0, { seed: (store) => {
			seedDivisions(store);
			queues = seedQueues(store, { count: 1 });
			queues[0].acwSettings = { wrapupPrompt: 'OPTIONAL' }; // no timeout to keep: Genesys fills its default
		} });
		const first = await override({ queue: byId(queues[0].id), wrapupPrompt: 'AGENT_REQUESTED', acwTimeoutSeconds: '' });
		expect(first.error).toBeUndefined();
		expect(first.items[0]).toMatchObject({ changed: true, after: { wrapupPrompt: 'AGENT_REQUESTED' } });
		expect(emulator.store.queues.get(queues[0].id)!.acwSettings.timeoutMs).toBeGreaterThan(0); // filled by the server
		const again = await override({ queue: byId(queues[0].id), wrapupPrompt: 'AGENT_REQUESTED', acwTimeoutSeconds: '' });
		expect(again.error).toBeUndefined();
		expect(again.items[0]).toMatchObject({ changed: false });
		expect(again.requests.map((r) => r.method)).toEqual(['GET']);
	});
});

describe('[review] no green run that hides a failure', () => {
	test('[review] Set ACW Policy: every queue PUT answering 403 fails the node after trying every queue, naming each', async () => {
		await start(5);
		emulator.injectFault({ method: 'PUT', match: /^\/api\/v2\/routing\/queues\//, status: 403, count: Infinity });
		const result = await policy({});
		expect(result.error).toBeDefined();
		expect(puts(result.requests)).toHaveLength(5); // every queue was tried
		expect(result.error!.message).toMatch(/^5 of 5 queues were not set to the ACW policy/);
		for (const queue of queues) {
			expect(result.error!.message).toContain(queue.id);
			expect(result.error!.description).toContain(`${queue.name} (${queue.id}): Genesys Cloud answered 403`);
		}
		expect(result.error!.description).toContain('Nothing was written.');
		expect(result.items).toEqual([]);

		// With Continue On Fail: one failed item per queue, and the summary lists their IDs.
		const perQueue = await policy({}, { continueOnFail: true });
		expect(perQueue.error).toBeUndefined();
		expect(perQueue.items.map((i) => i.outcome)).toEqual(Array(5).fill('failed'));
		const summary = await policy({ options: { output: 'summary' } }, { continueOnFail: true });
		expect(summary.items[0]).toMatchObject({ type: 'summary', failed: 5, changed: 0 });
		expect([...(summary.items[0].failedQueueIds as string[])].sort()).toEqual(queues.map((q) => q.id).sort());
	});

	test('[review] Set ACW Policy: one failed queue fails the node, and the error lists the changes already applied', async () => {
		await start(4);
		const broken = queues[2];
		emulator.injectFault({ method: 'PUT', match: `/api/v2/routing/queues/${broken.id}`, status: 403, count: Infinity });
		const result = await policy({ orgSwitches: { completeAcwWhenAgentTransitionsOffline: true } });
		expect(result.error?.message).toMatch(new RegExp(`^1 of 4 queues were not set to the ACW policy: ${broken.id}$`));
		const description = String(result.error?.description);
		expect(description).toContain(`Failed: ${broken.name} (${broken.id}): Genesys Cloud answered 403`);
		expect(description).toContain('Already applied (4): org switches {"completeAcwWhenAgentTransitionsOffline":false}');
		for (const queue of queues.filter((q) => q !== broken)) {
			expect(description).toContain(`${queue.name} (${queue.id}) `);
			expect(emulator.store.queues.get(queue.id)!.acwSettings).toEqual(POLICY);
		}
	});

	test('[review] Upsert Queue Override: every item is tried after one fails, then the node fails listing the failed queue and what was applied', async () => {
		await start(2);
		const [a, b] = queues;
		emulator.injectFault({ method: 'PUT', match: `/api/v2/routing/queues/${a.id}`, status: 403, count: 1 });
		const items = [
			{ id: a.id, t: '31' }, // 403
			{ id: a.id, t: '32' }, // same queue, next in its lane: still tried
			{ id: b.id, t: '33' },
		];
		const parameters = { queue: byId('={{ $json.id }}'), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '={{ $json.t }}' };
		const result = await override(parameters, { items });
		expect(result.error?.message).toContain('Genesys Cloud answered 403');
		expect(result.error?.description).toContain(`1 of 3 items failed: item 0 (queue id:${a.id}): Genesys Cloud answered 403`);
		expect(result.error?.description).toMatch(new RegExp(`Applied by the other items: queue ${a.name} ACW .*32.*; queue ${b.name} ACW .*33`));
		expect(emulator.store.queues.get(a.id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 32000 });
		expect(emulator.store.queues.get(b.id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 33000 });

		emulator.injectFault({ method: 'PUT', match: `/api/v2/routing/queues/${b.id}`, status: 403, count: 1 });
		const kept = await override(parameters, { items: [{ id: a.id, t: '41' }, { id: b.id, t: '42' }], continueOnFail: true });
		expect(kept.error).toBeUndefined();
		expect(kept.items[0]).toMatchObject({ changed: true, queueId: a.id });
		expect(kept.items[1]).toMatchObject({ httpStatus: 403 });
		expect(String(kept.items[1].error)).toContain('Genesys Cloud answered 403');
	});

	test('[review] org switches are verified after the PATCH: one Genesys did not apply fails the run before any queue is written', async () => {
		await start(2, 0, {
			// a PATCH that answers 204 and changes nothing (another writer set it back, or Genesys ignored it)
			handlers: [{ patchConversationsSettings: () => ({ status: 204 }) }],
		});
		const result = await policy({ orgSwitches: { completeAcwWhenAgentTransitionsOffline: true } });
		expect(result.error?.message).toBe('The org-wide switches read back other values than were written: completeAcwWhenAgentTransitionsOffline');
		expect(result.error?.description).toContain('read back {"completeAcwWhenAgentTransitionsOffline":false}');
		expect(puts(result.requests)).toHaveLength(0);
	});
});

/** Genesys's answers for a refused write, and for a read that finds nothing. */
const refused = () => new GenesysError(409, 'conflict', 'The request conflicts with the current state of the resource.');
const notFound = () => new GenesysError(404, 'not.found', 'The requested resource was not found.');
/** A read handler whose first call works and every later one answers 404 (the re-read after a failed write). */
function failsAfterFirstRead(read: (ctx: RouteContext) => unknown) {
	let calls = 0;
	return (ctx: RouteContext) => {
		if (++calls > 1) throw notFound();
		return read(ctx);
	};
}

describe('a failed PUT is followed by a fresh read, never a blind resend', () => {
	test('[review] another writer changes the queue between the failed PUT and the retry: the retry keeps that change', async () => {
		let failedOnce = false;
		await start(2, 0, {
			handlers: [
				{
					putRoutingQueue: (ctx: RouteContext) => {
						if (!failedOnce) {
							failedOnce = true;
							// another writer edits the queue, then this PUT fails without being applied
							const stored = ctx.store.queues.get(ctx.params.queueId)!;
							stored.description = 'edited by another writer';
							stored.memberGroups = [...stored.memberGroups].reverse();
							throw new GenesysError(503, 'service.unavailable', 'Service Unavailable');
						}
						return queueHandlers.putRoutingQueue(ctx);
					},
				},
			],
		});
		const target = queues[0];
		const othersGroups = structuredClone([...target.memberGroups].reverse());
		const result = await override({ queue: byId(target.id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '50' });
		expect(result.error).toBeUndefined();
		expect(result.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'PUT 503', 'GET 200', 'PUT 200']);
		const stored = emulator.store.queues.get(target.id)!;
		expect(stored.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 50000 });
		expect(stored.description).toBe('edited by another writer');
		expect(stored.memberGroups).toEqual(othersGroups);
		const retry = result.requests[3].body as JsonObject;
		expect(retry.description).toBe('edited by another writer');
	});
	test('[review] a PUT applied but answered 503, then a failed re-read: the item says the queue may have been written', async () => {
		let putCalls = 0;
		let getCalls = 0;
		await start(2, 0, {
			handlers: [
				{
					putRoutingQueue: (ctx: RouteContext) => {
						// Genesys stores the queue, then the answer is lost to a 503
						putCalls++;
						queueHandlers.putRoutingQueue(ctx);
						throw new GenesysError(503, 'service.unavailable', 'Service Unavailable');
					},
					getRoutingQueue: (ctx: RouteContext) => {
						// the first read works; the read after the failed PUT meets a conflict
						if (++getCalls > 1) throw refused();
						return queueHandlers.getRoutingQueue(ctx);
					},
				},
			],
		});
		const target = queues[0];
		const result = await override({ queue: byId(target.id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '50' }, { continueOnFail: true });
		expect(putCalls).toBe(1);
		expect(emulator.store.queues.get(target.id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 50000 });
		expect(String(result.items[0].error)).toMatch(/^Queue ".+": a PUT failed and may have been applied; reading the queue again failed too/);
		expect(String(result.items[0].error)).toContain('409');
		// the description names what was sent, how the PUT failed, and how the read failed
		expect(String(result.items[0].errorDescription)).toMatch(/^PUT setting \{"wrapupPrompt":"MANDATORY_FORCED_TIMEOUT","timeoutSeconds":50\}: Genesys Cloud answered 503.*\. Read: .+/);
	});

	test('[safety] a PUT refused with 409, then a failed re-read: the item fails on the read and says nothing was written', async () => {
		await start(2, 0, {
			handlers: [
				{
					putRoutingQueue: () => {
						throw refused();
					},
					getRoutingQueue: failsAfterFirstRead(queueHandlers.getRoutingQueue),
				},
			],
		});
		const target = queues[0];
		const before = structuredClone(emulator.store.queues.get(target.id)!.acwSettings);
		const result = await override({ queue: byId(target.id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '50' }, { continueOnFail: true });
		expect(result.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'PUT 409', 'GET 404']);
		expect(emulator.store.queues.get(target.id)!.acwSettings).toEqual(before);
		// a 409 was not applied: claiming "may have been applied" would send the operator to check a write that never happened
		expect(String(result.items[0].error)).toMatch(/^Genesys Cloud answered 404 \(/);
		expect(String(result.items[0].errorDescription)).toMatch(/was refused \(Genesys Cloud answered 409.*so nothing was written/);
		expect(String(result.items[0].errorDescription)).not.toMatch(/undefined/);
	});

	test('[safety] the org switches PATCH refused with 409, then a failed re-read: the run fails on the read, says nothing was written, and writes no queue', async () => {
		await start(2, 0, {
			handlers: [
				{
					patchConversationsSettings: () => {
						throw refused();
					},
					getConversationsSettings: failsAfterFirstRead(conversationSettingsHandlers.getConversationsSettings),
				},
			],
		});
		const result = await policy({ orgSwitches: { completeAcwWhenAgentTransitionsOffline: true } });
		expect(result.error?.message).toMatch(/^Genesys Cloud answered 404 \(/);
		expect(result.error?.description).toMatch(/The PATCH setting .* was refused \(Genesys Cloud answered 409.*so nothing was written.*No queue was written/);
		expect(puts(result.requests)).toHaveLength(0);
	});
});

describe('fewer calls per change: the PUT answer verifies (issue 14)', () => {
	test('[safety] Verify With a Separate Read: a read-back that fails says the queue was written; one that differs says so', async () => {
		let getCalls = 0;
		let otherWriter = false;
		await start(2, 0, {
			handlers: [
				{
					getRoutingQueue: (ctx: RouteContext) => {
						// queue 1: the read-back after the PUT fails; queue 2: another writer's settings show in it
						if (ctx.params.queueId === queues[0].id && ++getCalls > 1) throw notFound();
						const answer = queueHandlers.getRoutingQueue(ctx) as { status: number; body: JsonObject };
						if (ctx.params.queueId === queues[1].id && otherWriter) answer.body = { ...answer.body, acwSettings: { wrapupPrompt: 'OPTIONAL' } };
						return answer;
					},
					putRoutingQueue: (ctx: RouteContext) => {
						otherWriter = true;
						return queueHandlers.putRoutingQueue(ctx);
					},
				},
			],
		});
		const parameters = { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '70', options: { verifyWithRead: true } };
		const lostRead = await override({ queue: byId(queues[0].id), ...parameters }, { continueOnFail: true });
		expect(lostRead.items[0].error).toBe(`Queue "${queues[0].name}" was written but could not be read back to verify`);
		expect(String(lostRead.items[0].errorDescription)).toMatch(/^The PUT setting \{"wrapupPrompt":"MANDATORY_TIMEOUT","timeoutSeconds":70\} was accepted; the read-back failed: Genesys Cloud answered 404/);
		const differs = await override({ queue: byId(queues[1].id), ...parameters }, { continueOnFail: true });
		expect(differs.items[0].error).toBe(`Queue "${queues[1].name}" reads back other ACW settings than were written`);
	});

	test('Upsert Queue Override: 2 calls by default, 3 with Verify With a Separate Read', async () => {
		await start(2);
		const byAnswer = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '61' });
		expect(byAnswer.requests.map((r) => `${r.method} ${r.operationId}`)).toEqual(['GET getRoutingQueue', 'PUT putRoutingQueue']);
		expect(byAnswer.items[0]).toMatchObject({ changed: true, apiCalls: 2, after: { timeoutSeconds: 61 } });
		const byRead = await override({
			queue: byId(queues[1].id),
			wrapupPrompt: 'MANDATORY_TIMEOUT',
			acwTimeoutSeconds: '62',
			options: { verifyWithRead: true },
		});
		expect(byRead.requests.map((r) => `${r.method} ${r.operationId}`)).toEqual(['GET getRoutingQueue', 'PUT putRoutingQueue', 'GET getRoutingQueue']);
		expect(byRead.items[0]).toMatchObject({ changed: true, apiCalls: 3, after: { timeoutSeconds: 62 } });
	});

	test('Set ACW Policy: list pages + 2 calls per changed queue by default, + 3 with Verify With a Separate Read', async () => {
		await start(30, 10);
		const byAnswer = await policy({ options: { output: 'summary' } });
		expect(byAnswer.items[0]).toMatchObject({ changed: 20, unchanged: 10, failed: 0, apiCalls: 1 + 2 * 20 });
		expect(byAnswer.requests.filter((r) => r.path.startsWith('/api/'))).toHaveLength(1 + 2 * 20);
		const byRead = await policy({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', options: { output: 'summary', verifyWithRead: true } });
		expect(byRead.items[0]).toMatchObject({ changed: 30, failed: 0, apiCalls: 1 + 3 * 30 });
		expect(byRead.requests.filter((r) => r.path.startsWith('/api/'))).toHaveLength(1 + 3 * 30);
		expect(byRead.requests.filter((r) => r.operationId === 'getRoutingQueue')).toHaveLength(60);
	});

	test('an answer to the PUT that shows other settings than were written fails the item, without a read', async () => {
		await start(1, 0, {
			handlers: [
				{
					putRoutingQueue: (ctx: RouteContext) => {
						const answer = queueHandlers.putRoutingQueue(ctx) as { status: number; body: JsonObject };
						// another writer's PUT lands right after this one; Genesys answers with what it stored
						ctx.store.queues.get(ctx.params.queueId)!.acwSettings = { wrapupPrompt: 'OPTIONAL' };
						answer.body.acwSettings = { wrapupPrompt: 'OPTIONAL' };
						return answer;
					},
				},
			],
		});
		const result = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '70' });
		expect(result.error?.message).toBe(`Genesys Cloud answered the PUT of queue "${queues[0].name}" with other ACW settings than were written`);
		expect(result.error?.description).toContain('another writer');
		expect(result.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
	});
});
