/**
 * The short Markdown report of one bench run (bench/results.md): figures as ratios, the machine named.
 * Absolute times are in results.json; they vary from machine to machine.
 */

/** Label suffix of the cases run with the nodes' "Verify With a Separate Read" option on. */
export const WITH_READ = ', Verify With a Separate Read';

/** The pacer's share of the credential's requests per minute (98% of 300). */
const PACED_PER_MINUTE = 294;

interface CallCaseRow {
	node: string;
	path: string;
	label: string;
	items: number;
	apiCalls: number;
	writes: number;
	target?: { apiCalls: number; met: boolean };
	baselineLabel?: string;
}

interface Results {
	generatedAt: string;
	scale: number;
	machine: { cpuModel: string; cpuCount: number; totalMemGb: number; platform: string; node: string };
	callsPerOperation?: {
		cases: CallCaseRow[];
		tokens: { executions: number; nodes: number; items: number; tokenRequests: number; met: boolean };
		tokenOnFirstUse?: Array<{ requestsPerMinute: number; latencyMs: number; items: number; tokenRequests: number; met: boolean }>;
	};
	throughput?: Array<{
		nodeType: string;
		verifyWithRead?: boolean;
		/** a row kept from an earlier run (its date) */
		fromRun?: string;
		unit: string;
		count: number;
		speedUp?: number;
		atLimit?: RunRow;
		nodesRaised?: RunRow;
		guideRaised?: RunRow;
		targets?: Record<string, { target: number; met: boolean }>;
	}>;
	memory?: {
		runs: Array<{ queues: number; baselineMb: number; peakMb: number; overBaselineMb: number; mbPer1000OverBaseline: number; retainedHeapOverBaselineMb: number }>;
		mbPer1000Incremental: number;
		retainedPer1000Incremental: number;
		fromRun?: string;
	};
}

interface RunRow {
	wallMs: number;
	apiRequests: number;
	requestsPerMinute: number;
	percentOfBound?: number;
	rateLimited: number;
	tokenRequests: number;
	failedItems: number;
	notDoneInEmulator: number;
	nodeError?: string;
}

const NODE_NAMES: Record<string, string> = {
	genesysCloudUpdateDataActionTimeout: 'Update Data Action Timeout',
	genesysCloudSetAcwPolicy: 'Set ACW Policy',
	genesysCloudUpsertQueueOverride: 'Upsert Queue Override',
	genesysCloudEndAcw: 'End ACW',
};

const mark = (met: boolean) => (met ? 'yes' : '**no**');
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
const fmt = (n: number) => n.toLocaleString('en-US');

const perChange = (c: CallCaseRow) => c.apiCalls / c.writes;
const itemsAtLimit = (callsPerChange: number) => Math.round(PACED_PER_MINUTE / callsPerChange);

/** `results` beside `baseline` (an earlier results.json): the same case by node and label. */
export function renderMarkdown(results: Results, baseline?: Results): string {
	const before = (c: CallCaseRow) =>
		baseline?.callsPerOperation?.cases.find((b) => b.node === c.node && b.label === (c.baselineLabel ?? c.label));
	const baselineDate = baseline ? baseline.generatedAt.slice(0, 10) : undefined;
	const m = results.machine;
	const lines: string[] = [
		'## Benchmarks',
		'',
		`One run of \`npm run bench\` on ${m.cpuModel} (${m.cpuCount} CPUs), ${m.totalMemGb} GB RAM, ${m.platform}, Node ${m.node}; ` +
			`scale ${results.scale}${results.scale === 1 ? ' (full size)' : ' (BENCH_SCALE: item counts multiplied by it)'}; ${results.generatedAt.slice(0, 10)}. ` +
			'Emulator in its own process from the workload; raw figures in `bench/results.json`.',
		'',
	];

	const calls = results.callsPerOperation;
	if (calls) {
		lines.push('**API calls per operation** (counted in the emulator\'s request log, token request excluded)', '');
		lines.push(
			`| Node | Path | Case | API calls | before (${baselineDate ?? 'no baseline'}) | writes sent | Target |`,
			'|---|---|---|---:|---:|---:|---|',
		);
		for (const c of calls.cases) {
			const perItem = c.items > 1 ? ` (${c.items} items)` : '';
			const target = c.target ? `${c.target.apiCalls}: ${mark(c.target.met)}` : '';
			const old = before(c)?.apiCalls ?? '';
			lines.push(`| ${NODE_NAMES[c.node] ?? c.node} | ${c.path} | ${c.label}${perItem} | ${c.apiCalls} | ${old} | ${c.writes} | ${target} |`);
		}
		const changes = calls.cases.filter((c) => c.path === 'change' && c.writes > 0);
		lines.push(
			'',
			`**Calls per change and items a minute at the limit** (API calls ÷ writes sent, listing pages and look-ups included; items a minute = ${PACED_PER_MINUTE} paced requests a minute ÷ calls per change). ` +
				'Without the option the write\'s answer verifies the change; with "Verify With a Separate Read" a GET after the write does, as every change did before.',
			'',
			`| Node | Case | Calls per change: before → now | Items a minute at 300/min: before → now |`,
			'|---|---|---:|---:|',
		);
		for (const c of changes) {
			const old = before(c);
			const oldPer = old && old.writes > 0 ? perChange(old) : undefined;
			lines.push(
				`| ${NODE_NAMES[c.node] ?? c.node} | ${c.label} | ${oldPer !== undefined ? oldPer.toFixed(2) : '-'} → ${perChange(c).toFixed(2)} | ` +
					`${oldPer !== undefined ? itemsAtLimit(oldPer) : '-'} → **${itemsAtLimit(perChange(c))}** |`,
			);
		}
		const t = calls.tokens;
		lines.push(
			'',
			`Token: **${t.tokenRequests}** \`POST /oauth/token\` for ${t.executions} executions of ${t.nodes} nodes (${t.items} items) sharing one credential (target 1: ${mark(t.met)}).`,
		);
		if (calls.tokenOnFirstUse?.length) {
			const parts = calls.tokenOnFirstUse.map(
				(u) => `${u.requestsPerMinute}/min, ${u.latencyMs} ms latency: **${u.tokenRequests}**${u.met ? '' : ' (target 1: **no**)'}`,
			);
			lines.push('', `A new credential whose first execution starts ${calls.tokenOnFirstUse[0].items} items at once: ${parts.join('; ')}.`);
		}
		lines.push('');
	}

	const tp = results.throughput;
	if (tp) {
		lines.push(
			'**Throughput** through n8n\'s engine, 50 ms latency per request. "At the limit": Genesys\' default 300 requests/min per OAuth client ' +
				'(emulator and credential). "Speed-up": limit raised to 100,000/min so latency binds, wall time of the guides\' pattern ' +
				'(one item at a time, each call awaited, same calls) over the node\'s.',
			'',
		);
		lines.push(
			'| Node | Items | Requests/item | At the limit: % of 300/min | Items/min at the limit (before) | 429s | Failed items | Speed-up over guides\' pattern | Tokens fetched (at limit / raised) | Wall time at the limit |',
			'|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
		);
		const itemsPerMinute = (count: number, run?: RunRow) => (run ? Math.round(count / (run.wallMs / 60_000)) : undefined);
		for (const row of tp) {
			const a = row.atLimit;
			const runs = [a, row.nodesRaised].filter((r): r is RunRow => r !== undefined);
			const failed = runs.reduce((sum, r) => sum + r.failedItems, 0);
			const notDone = runs.reduce((sum, r) => sum + r.notDoneInEmulator, 0);
			const nodeError = runs.some((r) => r.nodeError);
			const perItem = (runs[0]?.apiRequests ?? 0) / row.count;
			const old = baseline?.throughput?.find((b) => b.nodeType === row.nodeType);
			const oldRate = old ? itemsPerMinute(old.count, old.atLimit) : undefined;
			const rate = itemsPerMinute(row.count, a);
			const name = `${NODE_NAMES[row.nodeType]}${row.verifyWithRead ? ' (Verify With a Separate Read)' : ''}${row.fromRun ? ` (run of ${row.fromRun})` : ''}`;
			lines.push(
				`| ${name} | ${fmt(row.count)} ${row.unit} | ${perItem.toFixed(2)} | ` +
					`${a ? `${a.percentOfBound?.toFixed(1)}% (${Math.round(a.requestsPerMinute)}/min)` : 'not run'} | ` +
					`${rate !== undefined ? `**${rate}**` : '-'} (${oldRate ?? '-'}) | ${a ? a.rateLimited : ''} | ` +
					`${failed}${notDone ? ` (+${notDone} not done)` : ''}${nodeError ? ' (node error)' : ''} | ` +
					`${row.speedUp !== undefined ? `**${row.speedUp.toFixed(1)}x**` : 'not run'} | ` +
					`${a?.tokenRequests ?? '-'} / ${row.nodesRaised?.tokenRequests ?? '-'} | ${a ? minutes(a.wallMs) : ''} |`,
			);
		}
		// rows run at the limit only (no speed-up half) are held to the same bound and failure targets
		const targetsOf = (row: (typeof tp)[number]) =>
			row.targets ??
			(row.atLimit
				? {
						percentOfBound: { target: 90, met: (row.atLimit.percentOfBound ?? 0) >= 90 },
						failedItems: { target: 0, met: row.atLimit.failedItems === 0 && row.atLimit.notDoneInEmulator === 0 && !row.atLimit.nodeError },
					}
				: {});
		const missed = tp.flatMap((row) =>
			Object.entries(targetsOf(row))
				.filter(([, t]) => !t.met)
				.map(([name, t]) => `${NODE_NAMES[row.nodeType]} ${name} (target ${t.target})`),
		);
		lines.push('', `Targets (>= 90% of the bound, 0 failed items, >= 6x where the speed-up ran): ${missed.length ? `missed: ${missed.join('; ')}` : 'all met'}.`, '');
	}

	const mem = results.memory;
	if (mem) {
		const [small, large] = mem.runs;
		lines.push(
			`**Memory**${mem.fromRun ? ` (run of ${mem.fromRun})` : ''}, Set ACW Policy, no latency, rate limit off: peak RSS ${Math.round(small.peakMb)} MB for ${fmt(small.queues)} queues and ` +
				`${Math.round(large.peakMb)} MB for ${fmt(large.queues)} (${Math.round(large.baselineMb)} MB before the run, n8n-core and the package loaded): ` +
				`**${mem.mbPer1000Incremental} MB of peak RSS per 1,000 queues** between the two runs. ` +
				`What stays in use (heap after a forced GC, the run's output still held) grows **${mem.retainedPer1000Incremental} MB per 1,000 queues** ` +
				`(${small.retainedHeapOverBaselineMb} MB at ${fmt(small.queues)}, ${large.retainedHeapOverBaselineMb} MB at ${fmt(large.queues)}): ` +
				'the rest of the peak is garbage (full queue bodies read and written) that V8 collects lazily.',
			'',
		);
	}
	return `${lines.join('\n')}\n`;
}
