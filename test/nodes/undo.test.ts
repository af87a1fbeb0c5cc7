/**
 * Issue 18 §1-2: every output carries what an undo needs (runId, before, after), compare-and-set
 * ("Only If Current Settings Are", "Only If Current Timeout Is") re-checked on every fresh read,
 * and dry runs that speak of `current` and `wouldSetTo` only. Through n8n's engine, against the emulator.
 */
import type { Emulator, EmulatorOptions } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { seedDivisions } from '../emulator/fixtures/divisions';
import { seedQueues } from '../emulator/fixtures/queues';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import { dataActionHandlers } from '../emulator/resources/dataActions';
import { queueHandlers } from '../emulator/resources/queues';
import { GenesysError, type HandlerMap, type JsonObject, type RecordedRequest, type RouteContext } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const POLICY = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120000 };

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;
let queues: JsonObject[];

async function start(options: Partial<EmulatorOptions> = {}) {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDivisions(store);
			queues = seedQueues(store, { count: 6, compliantWith: POLICY, compliantCount: 2 });
			seedDataActions(store);
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

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const writes = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/'));
const view = (acw: JsonObject | undefined) => ({
	wrapupPrompt: acw?.wrapupPrompt ?? null,
	timeoutSeconds: acw?.timeoutMs === undefined || !['MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT', 'AGENT_REQUESTED'].includes(acw.wrapupPrompt as string) ? null : (acw.timeoutMs as number) / 1000,
});

const policy = (options: Record<string, unknown>, executionId?: string) =>
	runNode({
		nodeType: 'genesysCloudSetAcwPolicy',
		parameters: { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120', scope: 'all', options: options as never },
		credentialStore,
		emulator,
		executionId,
	});
const override = (parameters: Record<string, unknown>, executionId?: string) =>
	runNode({ nodeType: 'genesysCloudUpsertQueueOverride', parameters: { options: {}, ...parameters }, credentialStore, emulator, executionId });
const timeout = (parameters: Record<string, unknown>, executionId?: string) =>
	runNode({ nodeType: 'genesysCloudUpdateDataActionTimeout', parameters: { mode: 'published', options: {}, ...parameters }, credentialStore, emulator, executionId });

describe('[undo] every output mode carries what an undo needs', () => {
	test('[undo] Set ACW Policy: per-queue items carry runId (execution ID + node name); the summary carries runId and changes with before/after', async () => {
		await start();
		const before = structuredClone(Object.fromEntries(emulator.store.queues));
		const perQueue = await policy({ output: 'perQueue', dryRun: false }, '41');
		expect(perQueue.error).toBeUndefined();
		expect(perQueue.items.every((i) => i.runId === '41:Set ACW Policy')).toBe(true);
		const changed = perQueue.items.filter((i) => i.outcome === 'changed');
		expect(changed).toHaveLength(4);
		for (const item of changed) expect(item.before).toEqual(view(before[item.queueId as string].acwSettings as JsonObject));

		// the same policy from other settings, summary output: its changes list is the undo record
		for (const q of queues.slice(0, 3)) emulator.store.queues.get(q.id as string)!.acwSettings = { wrapupPrompt: 'OPTIONAL' };
		const summary = await policy({ output: 'summary' }, '42');
		expect(summary.items).toHaveLength(1);
		expect(summary.items[0]).toMatchObject({ runId: '42:Set ACW Policy', type: 'summary', changed: 3 });
		const byQueueId = (a: JsonObject, b: JsonObject) => String(a.queueId).localeCompare(String(b.queueId));
		expect((summary.items[0].changes as JsonObject[]).sort(byQueueId)).toEqual(
			queues.slice(0, 3).map((q) => ({
				queueId: q.id,
				queueName: q.name,
				before: { wrapupPrompt: 'OPTIONAL', timeoutSeconds: null },
				after: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 120 },
			})).sort(byQueueId),
		);
	});

	test('[undo] Upsert Queue Override and Update Data Action Timeout items carry runId, before and after', async () => {
		await start();
		const q = queues[0];
		const o = await override({ queue: byId(q.id as string), wrapupPrompt: 'OPTIONAL' }, '7');
		expect(o.error).toBeUndefined();
		expect(o.items[0]).toMatchObject({ runId: '7:Upsert Queue Override', outcome: 'changed', before: view(q.acwSettings as JsonObject), after: { wrapupPrompt: 'OPTIONAL', timeoutSeconds: null } });
		const t = await timeout({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 8 }, '8');
		expect(t.items[0]).toMatchObject({ runId: '8:Update Data Action Timeout', outcome: 'changed', before: 3, after: 8 });
	});

	test('[undo] a dry run speaks of current and wouldSetTo only, in every node', async () => {
		await start();
		const q = queues[0];
		const o = await override({ queue: byId(q.id as string), wrapupPrompt: 'OPTIONAL', options: { dryRun: true } });
		expect(o.items[0]).toMatchObject({ outcome: 'wouldChange', current: view(q.acwSettings as JsonObject), wouldSetTo: { wrapupPrompt: 'OPTIONAL', timeoutSeconds: null } });
		const p = await policy({ output: 'perQueue', dryRun: true });
		const t = await timeout({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 8, options: { dryRun: true } });
		expect(t.items[0]).toMatchObject({ outcome: 'wouldChange', current: 3, wouldSetTo: 8 });
		for (const item of [o.items[0], ...p.items, t.items[0]]) {
			expect(Object.keys(item)).toEqual(expect.arrayContaining(['current', 'wouldSetTo']));
			expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['before']));
			expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['after']));
		}
		expect(writes([...o.requests, ...p.requests, ...t.requests])).toEqual([]);
	});
});

describe('[undo] compare-and-set', () => {
	const onlyIf = (wrapupPrompt: string, timeoutSeconds = '') => ({ onlyIfCurrent: { settings: { wrapupPrompt, timeoutSeconds } } });

	test('[undo] Only If Current Settings Are: a match writes; a mismatch is outcome conflict naming what was found, and nothing is written', async () => {
		await start();
		const q = queues[0];
		const id = q.id as string;
		emulator.store.queues.get(id)!.acwSettings = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 };
		const mismatch = await override({ queue: byId(id), wrapupPrompt: 'OPTIONAL', options: onlyIf('MANDATORY_TIMEOUT', '45') });
		expect(mismatch.error).toBeUndefined();
		expect(mismatch.items[0]).toMatchObject({ outcome: 'conflict', changed: false, found: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 } });
		expect(mismatch.items[0].reason).toMatch(/has MANDATORY_TIMEOUT 30 s, not MANDATORY_TIMEOUT 45 s.*nothing was written/);
		expect(writes(mismatch.requests)).toEqual([]);
		expect(emulator.store.queues.get(id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 });
		// [safety] a real run's conflict speaks of before and after (both what was found: nothing changed) ...
		const found = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 };
		expect(mismatch.items[0]).toMatchObject({ before: found, after: found });
		expect(mismatch.items[0]).not.toHaveProperty('current');
		// ... and a dry run's of current only, like every dry run
		const dryMismatch = await override({ queue: byId(id), wrapupPrompt: 'OPTIONAL', options: { ...onlyIf('MANDATORY_TIMEOUT', '45'), dryRun: true } });
		expect(dryMismatch.items[0]).toMatchObject({ outcome: 'conflict', current: found, found, changed: false });
		expect(Object.keys(dryMismatch.items[0])).not.toEqual(expect.arrayContaining(['before']));
		expect(Object.keys(dryMismatch.items[0])).not.toEqual(expect.arrayContaining(['after']));
		expect(writes(dryMismatch.requests)).toEqual([]);

		const match = await override({ queue: byId(id), wrapupPrompt: 'OPTIONAL', options: onlyIf('MANDATORY_TIMEOUT', '30') });
		expect(match.items[0]).toMatchObject({ outcome: 'changed', after: { wrapupPrompt: 'OPTIONAL', timeoutSeconds: null } });
		// already at the target: unchanged, whatever the condition says (a second undo is a no-op)
		const again = await override({ queue: byId(id), wrapupPrompt: 'OPTIONAL', options: onlyIf('MANDATORY_TIMEOUT', '30') });
		expect(again.items[0]).toMatchObject({ outcome: 'unchanged', changed: false });
		expect(writes(again.requests)).toEqual([]);
	});

	test('[undo] the condition is checked again on the fresh read after a failed PUT: another writer in between means conflict, no second PUT', async () => {
		let failedOnce = false;
		await start({
			handlers: [
				{
					putRoutingQueue: (ctx: RouteContext) => {
						if (!failedOnce) {
							failedOnce = true;
							// another writer changes the ACW settings, then this PUT fails without being applied
							ctx.store.queues.get(ctx.params.queueId)!.acwSettings = { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 99000 };
							throw new GenesysError(503, 'service.unavailable', 'Service Unavailable');
						}
						return queueHandlers.putRoutingQueue(ctx);
					},
				},
			],
		});
		const id = queues[0].id as string;
		emulator.store.queues.get(id)!.acwSettings = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 };
		const result = await override({ queue: byId(id), wrapupPrompt: 'OPTIONAL', options: onlyIf('MANDATORY_TIMEOUT', '30') });
		expect(result.error).toBeUndefined();
		expect(result.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'PUT 503', 'GET 200']);
		expect(result.items[0]).toMatchObject({
			outcome: 'conflict',
			before: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 },
			found: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: 99 },
			// [safety] after: the other writer's settings, which this item kept (a real run, not a dry run's `current`)
			after: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: 99 },
		});
		expect(result.items[0]).not.toHaveProperty('current');
		expect(emulator.store.queues.get(id)!.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 99000 });
	});

	test('[undo] a bad expected value fails before any request, naming the field', async () => {
		await start();
		const bad = await override({ queue: byId(queues[0].id as string), wrapupPrompt: 'OPTIONAL', options: onlyIf('MANDATORY_TIMEOUT', '0') });
		expect(bad.error?.message).toMatch(/^Only If Current Settings Are > ACW Timeout \(Seconds\) must be a whole number from 1 to 3600 seconds, got "0"/);
		const badTimeout = await timeout({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 8, options: { onlyIfCurrentTimeout: '61' } });
		expect(badTimeout.error?.message).toMatch(/^Only If Current Timeout Is must be a whole number from 1 to 60 seconds, got "61"/);
		expect([...bad.requests, ...badTimeout.requests]).toEqual([]);
	});

	test('[undo] Only If Current Timeout Is: a mismatch is conflict with nothing written; a match writes', async () => {
		await start();
		const mismatch = await timeout({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 8, options: { onlyIfCurrentTimeout: '5' } });
		expect(mismatch.items[0]).toMatchObject({ outcome: 'conflict', found: 3, changed: false });
		expect(mismatch.items[0].reason).toMatch(/the timeout is 3 s, not 5 s/);
		expect(writes(mismatch.requests)).toEqual([]);
		const match = await timeout({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 8, options: { onlyIfCurrentTimeout: '3' } });
		expect(match.items[0]).toMatchObject({ outcome: 'changed', before: 3, after: 8 });
	});

	test('[undo] a stale version whose fresh read shows another timeout: conflict, no second PATCH', async () => {
		let raced = false;
		const racingRead: HandlerMap = {
			getIntegrationsAction: async (ctx) => {
				const answer = await dataActionHandlers.getIntegrationsAction(ctx);
				if (!raced) {
					// another writer sets 20 s right after the node's first read
					raced = true;
					const stored = ctx.store.actions.get(ctx.params.actionId)!;
					stored.version += 1;
					stored.config.timeoutSeconds = 20;
				}
				return answer;
			},
		};
		await start({ handlers: [racingRead] });
		const result = await timeout({ dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 8, options: { onlyIfCurrentTimeout: '3' } });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ outcome: 'conflict', before: 3, found: 20, changed: false });
		expect(result.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([409]);
		expect(emulator.store.actions.get(DATA_ACTION_IDS.crmLookup)!.config.timeoutSeconds).toBe(20);
	});
});

describe('[undo] version 1 keeps the output it was released with (CHANGELOG version policy)', () => {
	test('[undo] version 1: timeoutBefore/timeoutAfter, and dry runs with before/after (wouldSetTo only when a change is due)', async () => {
		await start();
		const v1 = { typeVersion: 1 };
		const dry = await runNode({ nodeType: 'genesysCloudUpdateDataActionTimeout', parameters: { mode: 'published', dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 8, options: { dryRun: true } }, credentialStore, emulator, ...v1 });
		expect(dry.items[0]).toMatchObject({ timeoutBefore: 3, timeoutAfter: 3, wouldSetTo: 8, changed: false });
		expect(dry.items[0]).not.toHaveProperty('current');
		const real = await runNode({ nodeType: 'genesysCloudUpdateDataActionTimeout', parameters: { mode: 'published', dataAction: byId(DATA_ACTION_IDS.crmLookup), timeoutSeconds: 8, options: {} }, credentialStore, emulator, ...v1 });
		expect(real.items[0]).toMatchObject({ timeoutBefore: 3, timeoutAfter: 8, changed: true });
		expect(real.items[0]).not.toHaveProperty('before');

		const q = queues[0];
		const o = await runNode({ nodeType: 'genesysCloudUpsertQueueOverride', parameters: { queue: byId(q.id as string), wrapupPrompt: 'OPTIONAL', options: { dryRun: true } }, credentialStore, emulator, ...v1 });
		expect(o.items[0]).toMatchObject({ before: view(q.acwSettings as JsonObject), after: view(q.acwSettings as JsonObject), wouldSetTo: { wrapupPrompt: 'OPTIONAL', timeoutSeconds: null } });
		const p = await runNode({ nodeType: 'genesysCloudSetAcwPolicy', parameters: { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '120', scope: 'all', options: { output: 'perQueue', dryRun: true } }, credentialStore, emulator, ...v1 });
		const unchanged = p.items.filter((i) => i.outcome === 'unchanged');
		expect(unchanged).toHaveLength(2);
		for (const item of unchanged) expect(Object.keys(item)).toEqual(expect.arrayContaining(['before', 'after']));
		for (const item of p.items) expect(item).not.toHaveProperty('current');
		expect(unchanged.every((i) => !('wouldSetTo' in i))).toBe(true);
	});
});
