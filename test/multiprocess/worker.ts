/**
 * One "n8n worker" in its own OS process: loads the built package through n8n-core and runs node
 * executions with WorkflowExecute (test/harness/runNode), against an emulator another process
 * started. The parent (childProcesses.ts) passes a WorkerTask as JSON in argv[2]. The worker loads
 * n8n-core and the package, prints {"ready":true}, waits for a "go" line on stdin (so every worker
 * starts at the same moment however long its start-up took), runs, prints one JSON line
 * (WorkerReport) and exits.
 *   node -r ts-node/register/transpile-only test/multiprocess/worker.ts '<task json>'
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { loadPackageTypes } from '../harness/loadPackage';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

async function readyThenWaitForGo(): Promise<void> {
	await loadPackageTypes();
	process.stdout.write('{"ready":true}\n');
	await new Promise<void>((resolve) => {
		let input = '';
		process.stdin.on('data', (chunk) => {
			input += chunk;
			if (input.includes('go')) resolve();
		});
	});
	process.stdin.pause();
}

export interface WorkerTask {
	emulatorUrl: string;
	/** credential fields over the emulator default (client ID, Requests per Minute, ...) */
	credential?: IDataObject;
	/** run these executions once, all at the same time */
	executions?: Array<{ nodeType: string; parameters: INodeParameters; items?: IDataObject[]; continueOnFail?: boolean }>;
	/** or: keep `loops` probe executions (GET /api/v2/tokens/me, `itemsPerExecution` items each) going for `durationMs` after "go" */
	probeLoad?: { durationMs: number; loops: number; itemsPerExecution: number };
}

export interface WorkerReport {
	pid: number;
	executions: Array<{ items: IDataObject[]; error?: { message: string; description?: string } }>;
	/** probe load: items answered 2xx, items that failed */
	succeeded: number;
	failed: number;
}

async function main() {
	const task = JSON.parse(process.argv[2]) as WorkerTask;
	await readyThenWaitForGo();
	const credentialStore = newCredentialStore(emulatorCredential({ url: task.emulatorUrl }, task.credential ?? {}));
	const report: WorkerReport = { pid: process.pid, executions: [], succeeded: 0, failed: 0 };
	const summarise = (result: Awaited<ReturnType<typeof runNode>>) => ({
		items: result.items,
		error: result.error && { message: result.error.message, description: result.error.description ?? undefined },
	});
	if (task.executions) {
		const results = await Promise.all(task.executions.map((execution, n) => runNode({ ...execution, credentialStore, executionId: `worker-${process.pid}-${n}` })));
		report.executions = results.map(summarise);
	}
	if (task.probeLoad) {
		const { durationMs, loops, itemsPerExecution } = task.probeLoad;
		const untilMs = Date.now() + durationMs;
		await Promise.all(
			Array.from({ length: loops }, async () => {
				while (Date.now() < untilMs) {
					const result = await runNode({
						nodeType: 'genesysProbe',
						parameters: {},
						items: Array.from({ length: itemsPerExecution }, () => ({})),
						continueOnFail: true,
						credentialStore,
					});
					for (const item of result.items) {
						if (item.status === 200) report.succeeded++;
						else report.failed++;
					}
					if (result.error) report.failed++;
				}
			}),
		);
	}
	process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error?.stack ?? error}\n`);
		process.exit(1);
	},
);
