/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Child process of the bench: runs one workload (a node of the built package through n8n-core's
 * WorkflowExecute, or the guides' sequential client) against an emulator that lives in the parent,
 * so the emulator's CPU and memory are not counted against the workload, and samples this
 * process's RSS while it runs. Receives a WorkloadSpec over IPC, answers a WorkloadResult.
 */
process.env.N8N_ENCRYPTION_KEY ??= 'genesys-bench-not-a-secret';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { performance } from 'node:perf_hooks';

import { loadPackageTypes } from '../test/harness/loadPackage';
import { emulatorCredential, newCredentialStore, runNode } from '../test/harness/runNode';
import { runGuidePattern } from './guidePattern';
import type { WorkloadName } from './scenarios';
import { POLICY } from './scenarios';

export interface WorkloadSpec {
	kind: 'node' | 'guide';
	workload: WorkloadName;
	nodeType: string;
	emulatorUrl: string;
	parameters: INodeParameters;
	items: IDataObject[];
	credential: ICredentialDataDecryptedObject;
	/** RSS sampling period (ms) */
	sampleMs?: number;
}

export interface MemoryFigures {
	/** RSS after loading n8n-core and the package, after a GC, just before the run (MB) */
	baselineMb: number;
	/** highest RSS sampled during the run (MB) */
	peakMb: number;
	/** the kernel's max RSS of this process (MB), for cross-checking the sampled peak */
	maxRssMb: number;
	/** heap in use after the run and a forced GC, with the run's output still referenced (MB) */
	retainedHeapMb: number;
	/** heap in use before the run, after a forced GC (MB) */
	baselineHeapMb: number;
}

export interface WorkloadResult {
	ok: boolean;
	wallMs: number;
	/** outputs (node) or items handled (guide) */
	outputItems: number;
	outcomes: Record<string, number>;
	failedItems: number;
	/** the node's error when the whole node failed */
	nodeError?: string;
	errors: string[];
	/** API calls the node itself reported (sum of apiCalls on the outputs) */
	reportedApiCalls?: number;
	memory: MemoryFigures;
	/** CPU time this process used during the run (ms, user + system): near wallMs means CPU-bound */
	cpuMs: number;
	crash?: string;
}

const MB = 1024 * 1024;

function sampler(periodMs: number) {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => {
		const rss = process.memoryUsage().rss;
		if (rss > peak) peak = rss;
	}, periodMs);
	return {
		stop: () => {
			clearInterval(timer);
			peak = Math.max(peak, process.memoryUsage().rss);
			return peak / MB;
		},
	};
}

function outcomeOf(json: IDataObject): string {
	if (json.error !== undefined) return 'error';
	if (typeof json.outcome === 'string') return json.type === 'orgSettings' ? `orgSettings:${json.outcome}` : json.outcome;
	if (json.changed === true) return 'changed';
	if (json.changed === false) return 'unchanged';
	return 'other';
}

async function runWorkload(spec: WorkloadSpec): Promise<WorkloadResult> {
	await loadPackageTypes(); // n8n-core and the package, loaded before the clock starts
	const gc = (global as { gc?: () => void }).gc ?? (() => {});
	gc();
	const baseline = process.memoryUsage().rss / MB;
	const baselineHeap = process.memoryUsage().heapUsed / MB;
	const sample = sampler(spec.sampleMs ?? 25);
	const credential = emulatorCredential({ url: spec.emulatorUrl }, spec.credential);

	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	let result: Omit<WorkloadResult, 'memory' | 'wallMs' | 'cpuMs'>;
	const hold: { run?: unknown } = {}; // the run's output, held until the retained heap is measured
	if (spec.kind === 'node') {
		const run = await runNode({
			nodeType: spec.nodeType,
			parameters: spec.parameters,
			items: spec.items,
			credentialStore: newCredentialStore(credential),
			continueOnFail: true,
		});
		hold.run = run;
		const outcomes: Record<string, number> = {};
		const errors: string[] = [];
		let reported = 0;
		for (const json of run.items) {
			const outcome = outcomeOf(json);
			outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
			if (typeof json.apiCalls === 'number') reported += json.apiCalls;
			if ((outcome === 'error' || outcome === 'failed') && errors.length < 5) errors.push(String(json.error ?? json.reason));
		}
		result = {
			ok: !run.error,
			outputItems: run.items.length,
			outcomes,
			failedItems: (outcomes.error ?? 0) + (outcomes.failed ?? 0),
			nodeError: run.error?.message,
			errors,
			reportedApiCalls: reported,
		};
	} else {
		const guide = await runGuidePattern(
			spec.workload,
			spec.emulatorUrl,
			spec.items,
			{ clientId: credential.clientId as string, clientSecret: credential.clientSecret as string },
			POLICY,
		);
		result = { ok: true, outputItems: guide.items, outcomes: guide.outcomes, failedItems: guide.failed, errors: guide.errors };
	}
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	const peakMb = sample.stop();
	gc();
	const retainedHeap = process.memoryUsage().heapUsed / MB;
	delete hold.run;
	return {
		...result,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		memory: {
			baselineMb: baseline,
			peakMb,
			maxRssMb: process.resourceUsage().maxRSS / 1024,
			retainedHeapMb: retainedHeap,
			baselineHeapMb: baselineHeap,
		},
	};
}

process.once('message', (spec: WorkloadSpec) => {
	runWorkload(spec).then(
		(result) => process.send!(result, undefined, {}, () => process.exit(0)),
		(error: Error) => process.send!({ ok: false, crash: error?.stack ?? String(error) }, undefined, {}, () => process.exit(1)),
	);
});
