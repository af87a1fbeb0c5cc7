/**
 * Issue 17, mutation testing: what Set ACW Policy and Upsert Queue Override report and send, through
 * n8n's engine against the emulator, for the cases the first Stryker run of queueActions showed
 * unguarded: the shape of every record, the org switches, the listing requests, a name with an
 * asterisk of its own, and the "keep current" timeout warning at its boundary.
 */
import { sleep } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { seedDivisions } from '../emulator/fixtures/divisions';
import { seedQueues } from '../emulator/fixtures/queues';
import type { JsonObject, RecordedRequest } from '../emulator/types';
import { GenesysError } from '../emulator/types';
import { conversationSettingsHandlers } from '../emulator/resources/conversationSettings';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const POLICY = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120000 };
const VIEW = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 120 };
const SWITCH = 'completeAcwWhenAgentTransitionsOffline';
const OTHER_SWITCH = 'communicationBasedACW';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queues: JsonObject[];

async function start(count: number, options: { compliantCount?: number; namePrefix?: string; handlers?: Array<Record<string, unknown>> } = {}) {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDivisions(store);
			queues = seedQueues(store, { count, compliantWith: POLICY, compliantCount: options.compliantCount ?? 0, namePrefix: options.namePrefix });
		},
		...(options.handlers ? { handlers: options.handlers as never } : {}),
	});
	credentialStore = newCredentialStore(emulatorCredential(emulator));
}

afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const policy = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({
		nodeType: 'genesysCloudSetAcwPolicy',
		parameters: { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120', scope: 'all', options: {}, ...parameters },
		credentialStore,
		emulator,
		...extra,
	});
const override = (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ nodeType: 'genesysCloudUpsertQueueOverride', parameters: { options: {}, ...parameters }, credentialStore, emulator, ...extra });

const listings = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/routing/queues');
const patches = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'PATCH');
const idsOf = (request: RecordedRequest) => [request.query.id ?? []].flat();

describe('Set ACW Policy: every record says what it is', () => {
	test('[safety] a real run: each queue record is a "queue" with before and after, never the dry run\'s current and wouldSetTo', async () => {
		await start(2, { compliantCount: 1 });
		const result = await policy({});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item).toMatchObject({ type: 'queue', after: VIEW });
			expect(item).not.toHaveProperty('current');
			expect(item).not.toHaveProperty('wouldSetTo');
		}
		expect(result.items.map((item) => item.outcome).sort()).toEqual(['changed', 'unchanged']);
	});

	test('[safety] a dry run: excluded, unchanged and would-change records each carry current and what they would be set to', async () => {
		await start(3, { compliantCount: 1 });
		const [compliant, excluded, different] = queues;
		const result = await policy({ excludeQueueIds: [excluded.id], options: { dryRun: true } });
		expect(result.error).toBeUndefined();
		const byId = Object.fromEntries(result.items.map((item) => [item.queueId, item]));
		expect(byId[compliant.id as string]).toMatchObject({ type: 'queue', outcome: 'unchanged', current: VIEW, wouldSetTo: VIEW });
		expect(byId[excluded.id as string]).toMatchObject({ type: 'queue', outcome: 'excluded', reason: 'in Queues to Exclude' });
		expect(byId[excluded.id as string].wouldSetTo).toEqual(byId[excluded.id as string].current);
		expect(byId[different.id as string]).toMatchObject({ type: 'queue', outcome: 'wouldChange', wouldSetTo: VIEW });
		expect(byId[different.id as string].current).not.toEqual(VIEW);
		for (const item of result.items) expect(item).not.toHaveProperty('before');
	});

	test('[safety] a listed queue Genesys does not know is a failed "queue" record of its own', async () => {
		await start(1);
		const unknown = '0b7d4f7e-0000-4000-8000-0000000000ff';
		const result = await policy({ scope: 'list', queueIds: [queues[0].id, unknown] }, { continueOnFail: true });
		expect(result.items.find((item) => item.queueId === unknown)).toEqual(
			expect.objectContaining({ type: 'queue', queueName: null, outcome: 'failed', reason: `Queue ${unknown} was not found in Genesys Cloud` }),
		);
	});

	test('[safety] a failed queue keeps before and after as read, never the dry run\'s fields', async () => {
		await start(2);
		emulator.injectFault({ method: 'PUT', match: `/api/v2/routing/queues/${queues[0].id as string}`, status: 403, count: Infinity });
		const result = await policy({}, { continueOnFail: true });
		const failed = result.items.find((item) => item.outcome === 'failed')!;
		expect(failed).toMatchObject({ type: 'queue', queueId: queues[0].id });
		expect(failed.before).toEqual(failed.after);
		expect(failed).not.toHaveProperty('current');
		expect(failed).not.toHaveProperty('wouldSetTo');
	});

	test('[safety] the summary counts the would-change queues of a dry run, and carries the org switches', async () => {
		await start(3, { compliantCount: 1 });
		const result = await policy({ orgSwitches: { [SWITCH]: true }, options: { dryRun: true, output: 'summary' } });
		expect(result.items).toHaveLength(1);
		expect(result.items[0]).toMatchObject({ type: 'summary', dryRun: true, considered: 3, unchanged: 1, wouldChange: 2, changed: 0 });
		expect(result.items[0].orgSettings).toMatchObject({ type: 'orgSettings', outcome: 'wouldChange' });
	});

	test('[safety] the summary lists only the failed queues, each with its name and reason', async () => {
		await start(3);
		const broken = queues[1];
		emulator.injectFault({ method: 'PUT', match: `/api/v2/routing/queues/${broken.id as string}`, status: 403, count: Infinity });
		const result = await policy({ options: { output: 'summary' } }, { continueOnFail: true });
		expect(result.items[0]).toMatchObject({ changed: 2, failed: 1, failedQueueIds: [broken.id] });
		expect(result.items[0].failures).toEqual([{ queueId: broken.id, queueName: broken.name, reason: expect.stringMatching(/403/) }]);
		expect(result.items[0]).not.toHaveProperty('wouldChange');
		expect(result.items[0]).not.toHaveProperty('orgSettings');
	});

	test('[safety] a listing that fails after the switches changed keeps its own description first, then names the switches', async () => {
		await start(2);
		emulator.injectFault({ match: 'getRoutingQueues', status: 403, count: Infinity });
		const result = await policy({ orgSwitches: { [SWITCH]: true } });
		// the listing's own description (request, attempts, correlation ID) stays first
		expect(result.error?.description).toMatch(
			new RegExp(`^GET /api/v2/routing/queues · 1 attempt · correlation ID \\S+ The org-wide switches had already been changed: \\{"${SWITCH}":false\\} → \\{"${SWITCH}":true\\}\\. No queue was written\\.$`),
		);
	});

	test('[safety] a run cancelled while listing, after the switches changed, still says the switches changed', async () => {
		await start(2);
		emulator.injectFault({ match: 'getRoutingQueues', latencyMs: 20_000 });
		const listing = (async () => {
			while (!emulator.requests.some((r) => r.path === '/api/v2/routing/queues')) await sleep(10);
		})();
		const result = await policy({ orgSwitches: { [SWITCH]: true } }, { cancelWhen: listing });
		expect(result.error?.message).toBe('The execution was cancelled');
		expect(result.error?.description).toBe(`The org-wide switches had already been changed: {"${SWITCH}":false} → {"${SWITCH}":true}. No queue was written.`);
	}, 15_000);
});

describe('Set ACW Policy: the org-wide switches', () => {
	test('[safety] two switches, one already set: the PATCH is sent for the other, and the record names both', async () => {
		await start(1, { compliantCount: 1 });
		emulator.store.conversationSettings[OTHER_SWITCH] = true;
		const result = await policy({ orgSwitches: { [OTHER_SWITCH]: true, [SWITCH]: true } });
		expect(result.error).toBeUndefined();
		expect(patches(result.requests)).toHaveLength(1);
		expect(result.items[0]).toEqual(
			expect.objectContaining({ type: 'orgSettings', outcome: 'changed', before: { [OTHER_SWITCH]: true, [SWITCH]: false }, after: { [OTHER_SWITCH]: true, [SWITCH]: true } }),
		);
	});

	test('[safety] a PATCH that was applied but answered 502 is not sent again: the fresh read shows it done', async () => {
		await start(1, { compliantCount: 1 });
		emulator.injectFault({ method: 'PATCH', match: '/api/v2/conversations/settings', status: 502, afterHandler: true });
		const result = await policy({ orgSwitches: { [SWITCH]: true } });
		expect(result.error).toBeUndefined();
		expect(patches(result.requests)).toHaveLength(1);
		expect(result.items[0]).toMatchObject({ type: 'orgSettings', outcome: 'changed', after: { [SWITCH]: true } });
	});

	test('[safety] a dry run reports the switches as they are and as they would be, and whether they would change', async () => {
		await start(1, { compliantCount: 1 });
		const would = await policy({ orgSwitches: { [SWITCH]: true }, options: { dryRun: true } });
		expect(would.items[0]).toEqual({ runId: expect.any(String), type: 'orgSettings', current: { [SWITCH]: false }, wouldSetTo: { [SWITCH]: true }, outcome: 'wouldChange' });
		const already = await policy({ orgSwitches: { [SWITCH]: false }, options: { dryRun: true } });
		expect(already.items[0]).toEqual({ runId: expect.any(String), type: 'orgSettings', current: { [SWITCH]: false }, wouldSetTo: { [SWITCH]: false }, outcome: 'unchanged' });
		expect(patches([...would.requests, ...already.requests])).toHaveLength(0);
	});

	test('[safety] switches that read back otherwise than written: the description names what was written, read back and before', async () => {
		await start(1, { handlers: [{ patchConversationsSettings: () => ({ status: 204 }) }] });
		const both = await policy({ orgSwitches: { [OTHER_SWITCH]: true, [SWITCH]: true } });
		expect(both.error?.message).toBe(`The org-wide switches read back other values than were written: ${OTHER_SWITCH}, ${SWITCH}`);
		const result = await policy({ orgSwitches: { [SWITCH]: true } });
		expect(result.error?.message).toBe(`The org-wide switches read back other values than were written: ${SWITCH}`);
		expect(result.error?.description).toMatch(
			new RegExp(`^Written \\{"${SWITCH}":true\\}, read back \\{"${SWITCH}":false\\} \\(before: \\{"${SWITCH}":false\\}\\)\\. .*No queue was written\\.$`),
		);
	});

	test('[safety] a PATCH failing every time gives up, saying the switches were read again after each attempt', async () => {
		await start(1);
		emulator.injectFault({ method: 'PATCH', match: '/api/v2/conversations/settings', status: 502, count: Infinity });
		const result = await policy({ orgSwitches: { [SWITCH]: true } });
		expect(result.error?.description).toMatch(/^gave up after \d attempts, reading the switches after each \(it still differed\)/);
		expect(emulator.store.conversationSettings[SWITCH]).toBe(false);
	}, 30_000);

	test('[safety] a refused PATCH whose re-read fails names the switches it could not read again', async () => {
		let reads = 0;
		await start(1, {
			handlers: [
				{
					patchConversationsSettings: () => {
						throw new GenesysError(409, 'conflict', 'The request conflicts with the current state of the resource.');
					},
					getConversationsSettings: (ctx: never) => {
						if (++reads > 1) throw new GenesysError(404, 'not.found', 'The requested resource was not found.');
						return (conversationSettingsHandlers.getConversationsSettings as (c: never) => unknown)(ctx);
					},
				},
			],
		});
		const result = await policy({ orgSwitches: { [SWITCH]: true } });
		expect(result.error?.description).toContain('reading the switches again failed');
	});

	test('[safety] a PATCH that may have been applied, whose re-read fails, says so and names what was sent', async () => {
		let reads = 0;
		await start(1, {
			handlers: [
				{
					getConversationsSettings: (ctx: never) => {
						if (++reads > 1) throw new GenesysError(404, 'not.found', 'The requested resource was not found.');
						return (conversationSettingsHandlers.getConversationsSettings as (c: never) => unknown)(ctx);
					},
				},
			],
		});
		emulator.injectFault({ method: 'PATCH', match: '/api/v2/conversations/settings', status: 502, count: Infinity });
		const result = await policy({ orgSwitches: { [SWITCH]: true } });
		expect(result.error?.message).toMatch(/^A PATCH of the org-wide switches failed and may have been applied; reading them again failed too \(Genesys Cloud answered 404/);
		expect(result.error?.description).toMatch(new RegExp(`^PATCH setting \\{"${SWITCH}":true\\}: Genesys Cloud answered 502.*\\. No queue was written\\.$`));
		expect(result.error?.context?.itemIndex).toBe(0);
	});
});

describe('Set ACW Policy: the listing requests', () => {
	test.each([
		['a trailing wildcard is sent as is', 'Care (EU)*', 'Care (EU)*'],
		['a leading wildcard is sent as is', '*(EU) 002', '*(EU) 002'],
		['a name without wildcard is sent as is', 'Care (EU) 002', 'Care (EU) 002'],
		['a wildcard in the middle sends the longest part', 'Ca*re (EU) 00*2', '*re (EU) 00*'],
	])('[safety] name pattern: %s, and characters special to a regular expression match themselves', async (_label, pattern, filter) => {
		await start(3, { namePrefix: 'Care (EU)' });
		const result = await policy({ scope: 'namePattern', namePattern: pattern, options: { dryRun: true } });
		expect(result.error).toBeUndefined();
		expect(listings(result.requests).map((r) => r.query.name)).toEqual([filter]);
		const expected = queues.filter((queue) => new RegExp(`^${pattern.replace(/[()]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(String(queue.name)));
		expect(expected.length).toBeGreaterThan(0);
		expect(result.items.map((item) => item.queueId).sort()).toEqual(expected.map((queue) => queue.id).sort());
	});

	test('[safety] 100 listed queues of 150 take two listing requests of 50 IDs each, and nothing else', async () => {
		await start(150, { compliantCount: 150 });
		const chosen = queues.slice(0, 100).map((queue) => queue.id as string);
		const result = await policy({ scope: 'list', queueIds: chosen });
		expect(result.error).toBeUndefined();
		expect(listings(result.requests).map(idsOf)).toEqual([chosen.slice(0, 50), chosen.slice(50)]);
		expect(result.items.map((item) => item.queueId).sort()).toEqual([...chosen].sort());
	}, 30000);
});

describe('Upsert Queue Override: finding the queue and keeping its timeout', () => {
	test('[safety] a queue whose name has an asterisk of its own is found by that exact name', async () => {
		await start(2);
		emulator.store.queues.get(queues[1].id as string)!.name = 'VIP*Line';
		const result = await override({ queue: { __rl: true, mode: 'name', value: 'VIP*Line' }, wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '60' });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ queueId: queues[1].id, changed: true });
		expect(listings(result.requests).map((r) => r.query.name)).toEqual(['*Line*']);
	});

	test('[safety] a name that matches no queue says names are compared exactly', async () => {
		await start(1);
		const result = await override({ queue: { __rl: true, mode: 'name', value: 'No such queue' }, wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '60' });
		expect(result.error?.message).toBe('No queue is named exactly "No such queue"');
		expect(result.error?.description).toMatch(/^Names are compared exactly, including case\. Pick the queue from the list, or give its ID\./);
	});

	test('[safety] a timeout given with a prompt that takes none is refused before any request', async () => {
		await start(1);
		const result = await override({ queue: { __rl: true, mode: 'id', value: queues[0].id }, wrapupPrompt: 'MANDATORY', acwTimeoutSeconds: '30' });
		expect(result.error?.message).toMatch(/cannot be set for the MANDATORY prompt/);
		expect(result.requests.filter((r) => r.path.startsWith('/api/'))).toHaveLength(0);
	});

	test.each([
		['120 seconds', 120_000],
		['exactly 60 minutes', 3_600_000],
	])('[safety] "keep current" with a timeout of %s keeps it without a warning', async (_label, timeoutMs) => {
		await start(1);
		emulator.store.queues.get(queues[0].id as string)!.acwSettings = { wrapupPrompt: 'AGENT_REQUESTED', timeoutMs };
		const result = await override({ queue: { __rl: true, mode: 'id', value: queues[0].id }, wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '' });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ changed: true, after: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: timeoutMs / 1000 } });
		expect(result.items[0]).not.toHaveProperty('warnings');
	});
});
