/**
 * Runs WorkerTasks in separate OS processes (n8n-core and the built package loaded in each, as in
 * n8n's queue mode where every worker is its own process with its own pacer), and collects their
 * reports. The emulator stays in the calling process, so one rate limit per OAuth client spans
 * every worker. All workers are told to go at once, after every one has loaded.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { REPO_ROOT } from '../harness/loadPackage';
import type { WorkerReport, WorkerTask } from './worker';

const WORKER = path.join(__dirname, 'worker.ts');

interface RunningWorker {
	child: ChildProcessByStdio<Writable, Readable, Readable>;
	ready: Promise<void>;
	report: Promise<WorkerReport>;
}

function startWorker(task: WorkerTask): RunningWorker {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', WORKER, JSON.stringify(task)], {
		cwd: REPO_ROOT,
		env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.test.json') },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	let markReady: () => void = () => {};
	const ready = new Promise<void>((resolve) => (markReady = resolve));
	child.stdout.on('data', (chunk) => {
		stdout += chunk;
		if (stdout.includes('{"ready":true}')) markReady();
	});
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const report = new Promise<WorkerReport>((resolve, reject) => {
		child.on('close', (code) => {
			const line = stdout.trim().split('\n').pop() ?? '';
			if (code !== 0 || !line.startsWith('{') || line.includes('"ready"')) {
				reject(new Error(`worker exited with ${code}: ${stderr.slice(-2000)}`));
			} else {
				resolve(JSON.parse(line) as WorkerReport);
			}
		});
	});
	// a worker that dies before it is ready must not leave the others waiting forever
	report.catch(() => markReady());
	return { child, ready, report };
}

/** Starts every task in its own process; once all have loaded, tells them to go at the same time. */
export async function runWorkers(tasks: WorkerTask[]): Promise<WorkerReport[]> {
	const workers = tasks.map(startWorker);
	try {
		await Promise.all(workers.map((worker) => worker.ready));
		for (const worker of workers) worker.child.stdin.end('go\n');
		return await Promise.all(workers.map((worker) => worker.report));
	} finally {
		for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill();
	}
}
