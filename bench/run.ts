/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, no-console -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * `npm run bench`: reported figures, not pass/fail timed tests (issue 8, "Benchmarks").
 *
 *   1. API calls per operation, counted from the emulator's request log, for each node's no-op,
 *      change and failure paths; and token fetches across items, nodes and executions sharing one
 *      credential.
 *   2. Throughput through n8n's engine with 50 ms latency per request: at the default rate limit
 *      (300/min, credential requestsPerMinute 300), and, with the limit raised so latency binds,
 *      the nodes against the guides' pattern (one item at a time, each call awaited in turn).
 *   3. Memory: peak RSS of Set ACW Policy over 10,000 and 1,000 queues.
 *
 * Writes bench/results.json and bench/results.md and prints the table.
 *
 * Environment:
 *   BENCH_SCALE  multiplies every item count (default 1; e.g. 0.05 for a quick run)
 *   BENCH_ONLY   comma list of sections to run: calls,throughput,memory (default all); within
 *                throughput, "limit" or "speedup" runs only that half (quick checks)
 *   BENCH_MERGE  1: keep what bench/results.json already holds and replace only the sections (and
 *                throughput rows) run now, so a long section can be re-run on its own
 *   BENCH_WORKLOADS  comma list of throughput rows to run (default all): endAcw, setAcwPolicy,
 *                setAcwPolicy+read, updateDataActionTimeout, updateDataActionTimeout+read ("+read":
 *                the node's Verify With a Separate Read option on; without it the write's answer verifies)
 *
 * Workloads run in a child process (bench/workload.ts) and the emulator in this one, so the
 * emulator's CPU and memory are not counted against the nodes.
 */
process.env.N8N_ENCRYPTION_KEY ??= 'genesys-bench-not-a-secret';

import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../test/emulator/server';
import { startEmulator } from '../test/emulator/server';
import { addConversation } from '../test/emulator/fixtures/conversations';
import { DATA_ACTION_IDS, seedDataActions } from '../test/emulator/fixtures/dataActions';
import { seedRoutingOrg } from '../test/emulator/fixtures/routingOrg';
import type { RoutingOrg } from '../test/emulator/fixtures/routingOrg';
import { queueWrapupCodes } from '../test/emulator/resources/wrapupCodes';
import type { RecordedRequest } from '../test/emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../test/harness/runNode';
import { renderMarkdown, WITH_READ } from './report';
import type { Variant, WorkloadName } from './scenarios';
import { NODE_TYPES, POLICY, POLICY_PARAMETERS, prepare } from './scenarios';
import type { WorkloadResult, WorkloadSpec } from './workload';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 10)) throw new Error(`BENCH_SCALE must be a number in (0, 10], got ${process.env.BENCH_SCALE}`);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'calls,throughput,memory').split(',').map((s) => s.trim()));
if (ONLY.has('throughput')) ONLY.add('limit').add('speedup');

const LATENCY_MS = 50;
const DEFAULT_LIMIT = 300; // Genesys' default per OAuth client, the emulator's and the credential's default
const RAISED_LIMIT = 100_000;
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

const BENCH_DIR = __dirname;
/** The figures before the writes' answers verified (every change read back), shown beside the new ones. */
const BASELINE = path.join(BENCH_DIR, 'baseline-2026-11-25.json');
const log = (...args: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

// ---------------------------------------------------------------------------------------------------------
// request-log helpers

interface LogFigures {
	apiRequests: number;
	/** API requests answered 429 */
	rateLimited: number;
	tokenRequests: number;
	byStatus: Record<string, number>;
	/** first to last API request arrival (ms) */
	spanMs: number;
}

function figures(requests: RecordedRequest[]): LogFigures {
	const api = requests.filter((r) => r.path.startsWith('/api/'));
	const byStatus: Record<string, number> = {};
	for (const r of api) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
	return {
		apiRequests: api.length,
		rateLimited: api.filter((r) => r.status === 429).length,
		tokenRequests: requests.filter((r) => r.method === 'POST' && r.path === '/oauth/token').length,
		byStatus,
		spanMs: api.length ? api[api.length - 1].at - api[0].at : 0,
	};
}

// ---------------------------------------------------------------------------------------------------------
// 1. API calls per operation

const withRead = (parameters: INodeParameters): INodeParameters => ({
	...parameters,
	options: { ...((parameters.options as IDataObject | undefined) ?? {}), verifyWithRead: true },
});

interface CallCase {
	node: string;
	path: 'no-op' | 'change' | 'failure';
	label: string;
	items: number;
	/** API requests in the emulator's log (the token request excluded) */
	apiCalls: number;
	perItem: number;
	/** what the node reported on its output items (sum of apiCalls) */
	reportedApiCalls?: number;
	writes: number;
	tokenRequests: number;
	calls: string[];
	result: string;
	target?: { apiCalls: number; met: boolean };
	baselineLabel?: string;
}

async function callCounts() {
	log('1. API calls per operation');
	let org!: RoutingOrg;
	const policyQueues = 250;
	const emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			seedDataActions(store);
			// every queue already on POLICY, so the first policy run is a no-op
			org = seedRoutingOrg(store, { queueCount: policyQueues, compliantWith: { ...POLICY }, compliantCount: policyQueues, conversations: false });
		},
	});
	// One stored credential for every run below: several items, four nodes, many executions.
	const credentialStore = newCredentialStore(emulatorCredential(emulator));
	const cases: CallCase[] = [];

	async function measure(
		node: string,
		casePath: CallCase['path'],
		label: string,
		parameters: INodeParameters,
		items: IDataObject[] = [{}],
		target?: number,
		/** the label of the same operation in the baseline, when this case's label differs */
		baselineLabel?: string,
	) {
		const run = await runNode({ nodeType: node, parameters, items, credentialStore, emulator, continueOnFail: true });
		const api = run.requests.filter((r) => r.path.startsWith('/api/'));
		const reported = run.items.reduce((sum, json) => sum + (typeof json.apiCalls === 'number' ? json.apiCalls : 0), 0);
		const summary = run.error
			? `node error: ${run.error.message}`
			: run.items
					.slice(0, 3)
					.map((json) =>
						json.error
							? `error: ${String(json.error)}`
							: json.type === 'summary'
								? `summary: changed ${String(json.changed)}, unchanged ${String(json.unchanged)}`
								: `${String(json.outcome ?? (json.changed ? 'changed' : 'unchanged'))}${typeof json.apiCalls === 'number' ? ` (${json.apiCalls} calls)` : ''}`,
					)
					.join('; ') + (run.items.length > 3 ? `; ... (${run.items.length} outputs)` : '');
		const entry: CallCase = {
			node,
			path: casePath,
			label,
			items: items.length,
			apiCalls: api.length,
			perItem: api.length / items.length,
			...(reported ? { reportedApiCalls: reported } : {}),
			writes: api.filter((r) => r.method !== 'GET').length,
			tokenRequests: figures(run.requests).tokenRequests,
			calls: compress(api.map((r) => `${r.method} ${r.operationId ?? r.path} ${r.status}`)),
			result: summary,
			...(target !== undefined ? { target: { apiCalls: target, met: api.length === target } } : {}),
			...(baselineLabel ? { baselineLabel } : {}),
		};
		cases.push(entry);
		log(`  ${node} / ${label}: ${entry.apiCalls} API calls (${entry.writes} writes) -> ${summary.slice(0, 140)}`);
	}

	const DA = NODE_TYPES.updateDataActionTimeout;
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });
	const da = (dataAction: unknown, timeoutSeconds: number) => ({ mode: 'published', dataAction, timeoutSeconds, options: {} }) as INodeParameters;
	await measure(DA, 'no-op', 'timeout already equal (3 s -> 3 s)', da(byId(DATA_ACTION_IDS.crmLookup), 3), [{}], 1);
	await measure(DA, 'change', '3 s -> 10 s', da(byId(DATA_ACTION_IDS.crmLookup), 10));
	await measure(DA, 'change', '10 s -> 12 s, action picked by name', da({ __rl: true, mode: 'name', value: 'CRM Lookup' }, 12));
	// the same change with the separate read-back on (the node may verify from the PATCH's answer without it)
	await measure(DA, 'change', `12 s -> 13 s${WITH_READ}`, withRead(da(byId(DATA_ACTION_IDS.crmLookup), 13)), [{}], undefined, '3 s -> 10 s');
	await measure(DA, 'failure', 'built-in (static) action refused', da(byId(DATA_ACTION_IDS.staticGetUser), 10));
	await measure(DA, 'failure', 'custom-auth action refused', da(byId(DATA_ACTION_IDS.customAuth), 10));
	await measure(DA, 'failure', 'unknown action ID (404)', da(byId('custom_-_0b7d4f7e-0000-4000-8000-000000000000'), 10));
	await measure(DA, 'failure', 'timeout 61 s refused before any request', da(byId(DATA_ACTION_IDS.crmLookup), 61), [{}], 0);

	const POLICY_NODE = NODE_TYPES.setAcwPolicy;
	const pages = Math.ceil(policyQueues / 100);
	await measure(POLICY_NODE, 'no-op', `${policyQueues} queues, all compliant (${pages} list pages)`, { ...POLICY_PARAMETERS, options: { output: 'summary' } }, [{}], pages);

	const OVERRIDE = 'genesysCloudUpsertQueueOverride';
	const q = org.queues;
	const ov = (queue: unknown, wrapupPrompt: string, acwTimeoutSeconds?: string) =>
		({ queue, wrapupPrompt, ...(acwTimeoutSeconds !== undefined ? { acwTimeoutSeconds } : {}), options: {} }) as INodeParameters;
	await measure(OVERRIDE, 'no-op', 'override equal to the queue\'s settings', ov(byId(q[0].id), 'MANDATORY_TIMEOUT', '120'), [{}], 1);
	await measure(OVERRIDE, 'change', 'override differs (-> MANDATORY_FORCED_TIMEOUT 45 s)', ov(byId(q[1].id), 'MANDATORY_FORCED_TIMEOUT', '45'), [{}], 2);
	await measure(OVERRIDE, 'change', `override differs (-> MANDATORY_FORCED_TIMEOUT 46 s)${WITH_READ}`, withRead(ov(byId(q[1].id), 'MANDATORY_FORCED_TIMEOUT', '46')), [{}], 3, 'override differs (-> MANDATORY_FORCED_TIMEOUT 45 s)');
	await measure(OVERRIDE, 'change', 'queue picked by name', ov({ __rl: true, mode: 'name', value: q[2].name }, 'MANDATORY'));
	await measure(OVERRIDE, 'failure', 'unknown queue ID (404)', ov(byId('0b7d4f7e-0000-4000-8000-000000000000'), 'MANDATORY'));
	await measure(OVERRIDE, 'failure', 'timeout 0 s refused before any request', ov(byId(q[0].id), 'MANDATORY_TIMEOUT', '0'), [{}], 0);

	// every queue now differs from this policy (q[1], q[2] were changed by the overrides, also differently)
	await measure(
		POLICY_NODE,
		'change',
		`${policyQueues} queues, all differing`,
		{ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '90', scope: 'all', options: { output: 'summary' } },
		[{}],
		pages + 2 * policyQueues,
	);
	await measure(
		POLICY_NODE,
		'change',
		`${policyQueues} queues, all differing${WITH_READ}`,
		withRead({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '91', scope: 'all', options: { output: 'summary' } }),
		[{}],
		pages + 3 * policyQueues,
		`${policyQueues} queues, all differing`,
	);
	await measure(POLICY_NODE, 'failure', 'timeout 0 s refused before any request', { ...POLICY_PARAMETERS, acwTimeoutSeconds: '0' }, [{}], 0);

	const END = NODE_TYPES.endAcw;
	const queueId = q[0].id;
	const code = queueWrapupCodes(emulator.store, queueId)[0].id;
	const conv = (state: 'inAcw' | 'connected' | 'wrappedUp') =>
		addConversation(emulator.store, { queueId, media: 'call', prompt: 'mandatory', state }).conversationId;
	const endParameters = (options: IDataObject = {}) =>
		({
			conversationId: '={{ $json.conversationId }}',
			participant: 'owesWrapup',
			whenInAcw: 'applyWrapup',
			wrapupCode: byId(code),
			notes: 'CRM Integration - Case Saved Successfully',
			options,
		}) as INodeParameters;
	await measure(END, 'no-op', 'already wrapped up', endParameters(), [{ conversationId: conv('wrappedUp') }], 1);
	await measure(END, 'change', 'in ACW, 1 item (its queue\'s codes looked up)', endParameters(), [{ conversationId: conv('inAcw') }], 4);
	await measure(
		END,
		'change',
		'in ACW, 10 items on one queue (codes looked up once per run)',
		endParameters(),
		Array.from({ length: 10 }, () => ({ conversationId: conv('inAcw') })),
		31,
	);
	await measure(END, 'no-op', 'not in ACW yet, "skip at once"', endParameters({ ifNotInAcwYet: 'skip' }), [{ conversationId: conv('connected') }], 1);
	await measure(END, 'failure', 'unknown conversation (404)', endParameters(), [{ conversationId: '5b1f0c8e-0000-4000-8000-000000000000' }], 1);

	const all = figures(emulator.requests);
	const executions = cases.length;
	const tokens = {
		executions,
		nodes: new Set(cases.map((c) => c.node)).size,
		items: cases.reduce((sum, c) => sum + c.items, 0),
		tokenRequests: all.tokenRequests,
		tokensIssued: emulator.tokensIssued,
		target: 1,
		met: all.tokenRequests === 1,
	};
	log(`  token: ${tokens.tokenRequests} POST /oauth/token over ${tokens.executions} executions of ${tokens.nodes} nodes (${tokens.items} items)`);

	// A new credential's first execution with 8 items in flight at once (the nodes' default concurrency):
	// does each item fetch its own token before the first one is stored?
	const firstUse = [];
	for (const { requestsPerMinute, latencyMs } of [
		{ requestsPerMinute: 300, latencyMs: 50 },
		{ requestsPerMinute: 300, latencyMs: 250 },
		{ requestsPerMinute: 6000, latencyMs: 50 },
	]) {
		emulator.setLatency(latencyMs);
		const fresh = newCredentialStore(emulatorCredential(emulator, { requestsPerMinute }));
		const items = Array.from({ length: 8 }, () => ({ conversationId: conv('wrappedUp') }));
		const run = await runNode({ nodeType: END, parameters: endParameters(), items, credentialStore: fresh, emulator, continueOnFail: true });
		const tokenRequests = figures(run.requests).tokenRequests;
		firstUse.push({ requestsPerMinute, latencyMs, items: items.length, tokenRequests, target: 1, met: tokenRequests === 1 });
		log(`  token, new credential, 8 items at once, ${requestsPerMinute}/min, ${latencyMs} ms latency: ${tokenRequests} POST /oauth/token`);
	}
	emulator.setLatency(0);
	const validationErrors = [...emulator.responseValidationErrors];
	await emulator.close();
	return { cases, tokens, tokenOnFirstUse: firstUse, emulatorResponseValidationErrors: validationErrors };
}

/** "GET x 200" repeated 750 times reads better as "GET x 200 (x750)". */
function compress(calls: string[]): string[] {
	const out: string[] = [];
	const counts = new Map<string, number>();
	for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1);
	if (calls.length <= 12) return calls;
	for (const [call, count] of counts) out.push(count > 1 ? `${call} (x${count})` : call);
	return out;
}

// ---------------------------------------------------------------------------------------------------------
// child runs

function runChild(spec: WorkloadSpec): Promise<WorkloadResult> {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(BENCH_DIR, 'workload.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let answer: WorkloadResult | undefined;
		child.on('message', (message) => (answer = message as WorkloadResult));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (answer?.crash) reject(new Error(`workload crashed: ${answer.crash}`));
			else if (answer) resolve(answer);
			else reject(new Error(`workload exited with ${code} and no result`));
		});
		child.send(spec);
	});
}

interface RunFigures {
	label: string;
	kind: 'node' | 'guide';
	emulatorLimitPerMinute: number;
	credentialRequestsPerMinute?: number;
	latencyMs: number;
	items: number;
	wallMs: number;
	wallMinutes: number;
	apiRequests: number;
	acceptedRequests: number;
	requestsPerMinute: number;
	/** accepted requests a minute over the wall time, against the emulator's limit */
	percentOfBound?: number;
	rateLimited: number;
	emulatorRateLimited: number;
	tokenRequests: number;
	byStatus: Record<string, number>;
	outputItems: number;
	outcomes: Record<string, number>;
	failedItems: number;
	/** targets not in the desired state afterwards, read from the emulator's store */
	notDoneInEmulator: number;
	nodeError?: string;
	errors: string[];
	reportedApiCalls?: number;
	memory: WorkloadResult['memory'];
	/** CPU busy share of the wall time: the workload process, and the emulator (this process) */
	cpuShare: { workload: number; emulator: number };
	emulatorResponseValidationErrors: string[];
}

async function measuredRun(
	label: string,
	workload: WorkloadName,
	count: number,
	kind: 'node' | 'guide',
	opts: { limit: number; latencyMs: number; credentialRpm?: number; validateResponses?: boolean; variant?: Variant },
): Promise<RunFigures> {
	const prepared = prepare(workload, count, opts.variant);
	const emulator: Emulator = await startEmulator({
		rateLimitPerMinute: opts.limit,
		latencyMs: opts.latencyMs,
		validateResponses: opts.validateResponses ?? true,
		seed: prepared.seed,
	});
	try {
		const items = prepared.items();
		log(`  ${label}: ${kind === 'node' ? NODE_TYPES[workload] : "guides' pattern"}, ${count} ${workload === 'setAcwPolicy' ? 'queues' : 'items'}, limit ${opts.limit || 'off'}/min, latency ${opts.latencyMs} ms ...`);
		const emulatorCpu = process.cpuUsage();
		const result = await runChild({
			kind,
			workload,
			nodeType: NODE_TYPES[workload],
			emulatorUrl: emulator.url,
			parameters: prepared.parameters,
			items,
			credential: opts.credentialRpm ? { requestsPerMinute: opts.credentialRpm } : {},
		});
		const emulatorCpuMs = ((u) => (u.user + u.system) / 1000)(process.cpuUsage(emulatorCpu));
		const f = figures(emulator.requests);
		const accepted = f.apiRequests - f.rateLimited;
		const wallMinutes = result.wallMs / 60_000;
		const requestsPerMinute = accepted / wallMinutes;
		const run: RunFigures = {
			label,
			kind,
			emulatorLimitPerMinute: opts.limit,
			...(kind === 'node' ? { credentialRequestsPerMinute: opts.credentialRpm } : {}),
			latencyMs: opts.latencyMs,
			items: count,
			wallMs: Math.round(result.wallMs),
			wallMinutes: round(wallMinutes, 3),
			apiRequests: f.apiRequests,
			acceptedRequests: accepted,
			requestsPerMinute: round(requestsPerMinute, 1),
			...(opts.limit === DEFAULT_LIMIT ? { percentOfBound: round((100 * requestsPerMinute) / opts.limit, 1) } : {}),
			rateLimited: f.rateLimited,
			emulatorRateLimited: emulator.stats.rateLimited,
			tokenRequests: f.tokenRequests,
			byStatus: f.byStatus,
			outputItems: result.outputItems,
			outcomes: result.outcomes,
			failedItems: result.failedItems,
			notDoneInEmulator: prepared.notDone(emulator.store),
			...(result.nodeError ? { nodeError: result.nodeError } : {}),
			errors: result.errors,
			...(result.reportedApiCalls ? { reportedApiCalls: result.reportedApiCalls } : {}),
			memory: roundAll(result.memory),
			// the emulator's share includes this process's idle bookkeeping during the child's start-up
			cpuShare: { workload: round(result.cpuMs / result.wallMs, 2), emulator: round(emulatorCpuMs / result.wallMs, 2) },
			emulatorResponseValidationErrors: emulator.responseValidationErrors.slice(0, 5),
		};
		log(
			`    ${(run.wallMs / 1000).toFixed(1)} s, ${run.apiRequests} API requests, ${run.requestsPerMinute}/min` +
				`${run.percentOfBound !== undefined ? ` (${run.percentOfBound}% of ${opts.limit}/min)` : ''}, 429s ${run.rateLimited}, tokens ${run.tokenRequests}, ` +
				`failed ${run.failedItems}, not done ${run.notDoneInEmulator}, outcomes ${JSON.stringify(run.outcomes)}, peak RSS ${run.memory.peakMb} MB, CPU busy: workload ${run.cpuShare.workload}, emulator ${run.cpuShare.emulator}`,
		);
		if (run.errors.length) log(`    errors: ${run.errors.join(' | ')}`);
		return run;
	} finally {
		await emulator.close();
	}
}

// ---------------------------------------------------------------------------------------------------------
// 2. throughput

const THROUGHPUT: Array<{ workload: WorkloadName; count: number; unit: string; variant?: Variant }> = [
	{ workload: 'endAcw', count: 1000, unit: 'conversations' },
	{ workload: 'setAcwPolicy', count: 1000, unit: 'queues' },
	{ workload: 'setAcwPolicy', count: 1000, unit: 'queues', variant: { verifyWithRead: true } },
	{ workload: 'updateDataActionTimeout', count: 200, unit: 'actions' },
	{ workload: 'updateDataActionTimeout', count: 200, unit: 'actions', variant: { verifyWithRead: true } },
];
const rowName = (workload: WorkloadName, variant?: Variant) => `${workload}${variant?.verifyWithRead ? '+read' : ''}`;
const WORKLOADS = process.env.BENCH_WORKLOADS ? new Set(process.env.BENCH_WORKLOADS.split(',').map((w) => w.trim())) : undefined;

async function throughput() {
	log(`2. Throughput (latency ${LATENCY_MS} ms per request)`);
	const rows: Array<Record<string, unknown>> = [];
	for (const { workload, count: full, unit, variant } of THROUGHPUT) {
		if (WORKLOADS && !WORKLOADS.has(rowName(workload, variant))) continue;
		const count = scaled(full);
		const verifyWithRead = variant?.verifyWithRead === true;
		const atLimit = ONLY.has('limit') ? await measuredRun('rate limit binds', workload, count, 'node', {
			limit: DEFAULT_LIMIT,
			latencyMs: LATENCY_MS,
			credentialRpm: DEFAULT_LIMIT,
			variant,
		}) : undefined;
		if (!ONLY.has('speedup')) {
			rows.push({ workload, nodeType: NODE_TYPES[workload], verifyWithRead, unit, fullScaleCount: full, count, atLimit });
			continue;
		}
		const nodesRaised = await measuredRun('latency binds: nodes', workload, count, 'node', {
			limit: RAISED_LIMIT,
			latencyMs: LATENCY_MS,
			credentialRpm: RAISED_LIMIT,
			variant,
		});
		const guideRaised = await measuredRun("latency binds: guides' pattern", workload, count, 'guide', {
			limit: RAISED_LIMIT,
			latencyMs: LATENCY_MS,
		});
		const speedUp = round(guideRaised.wallMs / nodesRaised.wallMs, 2);
		log(`    speed-up of the node over the guides' pattern: ${speedUp}x`);
		rows.push({
			workload,
			nodeType: NODE_TYPES[workload],
			verifyWithRead,
			unit,
			fullScaleCount: full,
			count,
			atLimit,
			nodesRaised,
			guideRaised,
			speedUp,
			targets: {
				...(atLimit ? { percentOfBound: { target: 90, met: (atLimit.percentOfBound ?? 0) >= 90 } } : {}),
				failedItems: {
					target: 0,
					met: [atLimit, nodesRaised].every((r) => !r || (r.failedItems === 0 && r.notDoneInEmulator === 0 && !r.nodeError)),
				},
				speedUp: { target: 6, met: speedUp >= 6 },
			},
		});
	}
	return rows;
}

// ---------------------------------------------------------------------------------------------------------
// 3. memory

async function memory() {
	log('3. Memory: Set ACW Policy, no latency, rate limit off (emulator) / raised (credential)');
	const runs = [];
	for (const full of [1000, 10_000]) {
		const count = scaled(full);
		// response validation off: it only checks the emulator's own answers and would dominate the run time
		runs.push(
			await measuredRun(`memory ${count}`, 'setAcwPolicy', count, 'node', {
				limit: 0,
				latencyMs: 0,
				credentialRpm: RAISED_LIMIT,
				validateResponses: false,
			}),
		);
	}
	const [small, large] = runs;
	const mbPer1000Incremental = round(((large.memory.peakMb - small.memory.peakMb) / (large.items - small.items)) * 1000, 2);
	const retainedPer1000Incremental = round(((large.memory.retainedHeapMb - small.memory.retainedHeapMb) / (large.items - small.items)) * 1000, 2);
	const perRun = runs.map((r) => ({
		queues: r.items,
		baselineMb: r.memory.baselineMb,
		peakMb: r.memory.peakMb,
		maxRssMb: r.memory.maxRssMb,
		overBaselineMb: round(r.memory.peakMb - r.memory.baselineMb, 1),
		retainedHeapOverBaselineMb: round(r.memory.retainedHeapMb - r.memory.baselineHeapMb, 1),
		mbPer1000OverBaseline: round(((r.memory.peakMb - r.memory.baselineMb) / r.items) * 1000, 2),
		wallMs: r.wallMs,
		apiRequests: r.apiRequests,
		failedItems: r.failedItems,
		notDoneInEmulator: r.notDoneInEmulator,
	}));
	log(`    MB per 1,000 queues (from ${small.items} to ${large.items}): ${mbPer1000Incremental}`);
	log(`    retained heap (after GC, output still held) per 1,000 queues: ${retainedPer1000Incremental} MB`);
	return { runs: perRun, mbPer1000Incremental, retainedPer1000Incremental, details: runs };
}

// ---------------------------------------------------------------------------------------------------------

function round(value: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

function roundAll<T extends object>(o: T): T {
	return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v])) as T;
}

function machine() {
	const cpus = os.cpus();
	return {
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		cpuCount: cpus.length,
		totalMemGb: round(os.totalmem() / 1024 ** 3, 1),
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
	};
}

async function main() {
	const started = new Date();
	log(`scale ${SCALE}, sections ${[...ONLY].join(', ')}; machine ${JSON.stringify(machine())}`);
	const results: Record<string, unknown> = {
		generatedAt: started.toISOString(),
		scale: SCALE,
		machine: machine(),
		settings: {
			latencyMs: LATENCY_MS,
			defaultRateLimitPerMinute: DEFAULT_LIMIT,
			raisedRateLimitPerMinute: RAISED_LIMIT,
			pacerHeadroom: 'the transport paces at 98% of the credential\'s requestsPerMinute',
			nodeConcurrency: 'defaults (8 items or 8 queues at a time)',
		},
	};
	const previous = process.env.BENCH_MERGE === '1' ? JSON.parse(readFileSync(path.join(BENCH_DIR, 'results.json'), 'utf8')) : {};
	for (const key of ['callsPerOperation', 'throughput', 'memory']) if (previous[key] !== undefined) results[key] = previous[key];
	if (ONLY.has('calls')) results.callsPerOperation = await callCounts();
	if (ONLY.has('limit') || ONLY.has('speedup')) {
		const rows = await throughput();
		const key = (row: Record<string, unknown>) => `${String(row.workload)}${row.verifyWithRead ? '+read' : ''}`;
		const kept = ((results.throughput as Array<Record<string, unknown>> | undefined) ?? []).filter((row) => !rows.some((r) => key(r) === key(row)));
		const order = THROUGHPUT.map((t) => rowName(t.workload, t.variant));
		results.throughput = [...kept, ...rows].sort((a, b) => order.indexOf(key(a)) - order.indexOf(key(b)));
	}
	if (ONLY.has('memory')) results.memory = await memory();
	results.durationSeconds = Math.round((Date.now() - started.getTime()) / 1000);

	writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, '\t')}\n`);
	const markdown = renderMarkdown(results as never, JSON.parse(readFileSync(BASELINE, 'utf8')));
	writeFileSync(path.join(BENCH_DIR, 'results.md'), markdown);
	console.log(`\n${markdown}`);
	log(`wrote bench/results.json and bench/results.md in ${String(results.durationSeconds)} s`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
