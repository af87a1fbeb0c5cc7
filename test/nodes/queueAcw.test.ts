/* eslint-disable @typescript-eslint/no-unused-vars -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 5 acceptance: Set ACW Policy and Upsert Queue Override through n8n's engine against the
 * emulator, whose PUT replaces the whole queue exactly as Genesys does.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { seedDivisions } from '../emulator/fixtures/divisions';
import { seedQueues } from '../emulator/fixtures/queues';
import type { JsonObject, RecordedRequest } from '../emulator/types';
import { loadOptions } from '../harness/loadOptions';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const POLICY_NODE = 'genesysCloudSetAcwPolicy';
const OVERRIDE_NODE = 'genesysCloudUpsertQueueOverride';
const POLICY = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120000 };

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queues: JsonObject[];

async function start(count: number, compliantCount = 0) {
	emulator = await startEmulator({
		// these tests are about correctness; the rate limit has its own tests and benchmarks
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDivisions(store);
			queues = seedQueues(store, { count, compliantWith: POLICY, compliantCount });
		},
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

	test('a queue answering 500 after retries is reported failed while the rest succeed', async () => {
		await start(12);
		const broken = queues[5];
		emulator.injectFault({ method: 'PUT', match: `/api/v2/routing/queues/${broken.id}`, status: 500, count: Infinity });
		const result = await policy({});
		expect(result.error).toBeUndefined();
		const failed = result.items.filter((i) => i.outcome === 'failed');
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({ queueId: broken.id, httpStatus: 500 });
		expect(String(failed[0].reason)).toContain('Genesys Cloud answered 500');
		expect(String(failed[0].errorDescription)).toContain('gave up after 4 attempts');
		expect(failed[0].correlationId).toMatch(/^[0-9a-f-]{36}$/);
		const others = queues.filter((q) => q.id !== broken.id);
		for (const queue of others) expect(emulator.store.queues.get(queue.id)!.acwSettings).toEqual(POLICY);
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
	const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

	test('sets the override, keeps every other field, reads back', async () => {
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
			apiCalls: 3,
		});
		expect(result.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
		expect(emulator.store.queues.get(target.id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 45000 });
		expect(withoutAcw(snapshot())).toEqual(withoutAcw(before));
	});

	test('an override on an already-equal queue is a one-read no-op', async () => {
		await start(3, 3);
		const result = await override({ queue: byId(queues[0].id), wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120' });
		expect(result.items[0]).toMatchObject({ changed: false, apiCalls: 1 });
		expect(result.requests).toHaveLength(1);
	});

	test('keep current: only the timeout changes; switching to MANDATORY drops the timeout', async () => {
		await start(3, 3);
		const keepPrompt = await override({ queue: byId(queues[0].id), wrapupPrompt: 'keepCurrent', acwTimeoutSeconds: '300' });
		expect(keepPrompt.items[0].after).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 300 });
		const keepTimeout = await override({ queue: byId(queues[1].id), wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '' });
		expect(keepTimeout.items[0].after).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: 120 });
		const mandatory = await override({ queue: byId(queues[2].id), wrapupPrompt: 'MANDATORY' });
		expect(emulator.store.queues.get(queues[2].id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY' });
		expect(mandatory.items[0].changed).toBe(true);
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
			{ queue: byId('../routing/settings'), wrapupPrompt: 'OPTIONAL' },
			{ queue: byId(''), wrapupPrompt: 'OPTIONAL' },
		]) {
			const result = await override(parameters);
			expect(result.error).toBeDefined();
			expect(result.requests).toHaveLength(0);
		}
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
