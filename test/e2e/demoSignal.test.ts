/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 18 §3: `npm run demo` stops cleanly when SIGINT reaches npm alone (`kill -INT <npm pid>`,
 * as a process manager or an IDE's stop button sends it), not only the terminal's Ctrl-C, which
 * signals every process of the foreground group. npm forwards the signal to the script's shell; the
 * shell must not be left holding it while n8n and the emulator run on.
 *
 * The real `demo` script line from package.json runs under npm, in a folder whose `build` script is
 * a no-op (the suite has built dist/ already, and rebuilding it would pull it from under the other
 * test files); the demo's own scripts are the repository's (a symlink).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { STACK_START_TIMEOUT_MS } from './e2eStack';

const { freePort } = require('../../scripts/n8n/instance');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const STOP_TIMEOUT_MS = 60000;

let tmp: string;
const seen = new Set<number>();

afterAll(() => {
	// whatever the test saw and is still there (a failed run): end it by pid, with its group
	for (const pid of seen) {
		for (const target of [-pid, pid]) {
			try {
				process.kill(target, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	}
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** pid -> [ppid, pgid] of every process, from /proc. */
function processTable(): Map<number, [number, number]> {
	const table = new Map<number, [number, number]>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// fields after "(comm)": state ppid pgrp ...
			const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (state !== 'Z') table.set(Number(entry), [Number(ppid), Number(pgrp)]);
		} catch {
			/* exited meanwhile */
		}
	}
	return table;
}

/** The process and every descendant (n8n and the emulator run in process groups of their own). */
function descendants(root: number): number[] {
	const table = processTable();
	const out = [root];
	for (let i = 0; i < out.length; i++) for (const [pid, [ppid]] of table) if (ppid === out[i]) out.push(pid);
	return out;
}

/** Live processes among these pids, or in their process groups. */
function stillRunning(pids: number[]): number[] {
	const table = processTable();
	return [...table].filter(([pid, [, pgid]]) => pids.includes(pid) || pids.includes(pgid)).map(([pid]) => pid);
}

describe('npm run demo and signals', () => {
	it('npm run demo stops n8n and the emulator (no process left) when SIGINT reaches npm alone', async () => {
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-demo-signal-'));
		const demoScript = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts.demo;
		fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'demo-signal', private: true, scripts: { build: 'true', demo: demoScript } }));
		fs.symlinkSync(path.join(REPO_ROOT, 'scripts'), path.join(tmp, 'scripts'));
		const env: Record<string, string | undefined> = {
			...process.env,
			DEMO_N8N_PORT: String(await freePort()),
			DEMO_EMULATOR_PORT: String(await freePort()),
			DEMO_USER_FOLDER: path.join(tmp, 'n8n-user'),
		};
		for (const k of Object.keys(env)) if (k.startsWith('npm_') || k === 'NODE_OPTIONS' || k === 'JEST_WORKER_ID') delete env[k];

		// its own process group: nothing the test does reaches it but the one signal below
		const npm = spawn('npm', ['run', 'demo'], { cwd: tmp, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		const npmPid = npm.pid as number;
		seen.add(npmPid);
		let out = '';
		npm.stdout.on('data', (d) => (out += d));
		npm.stderr.on('data', (d) => (out += d));
		const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => npm.on('exit', (code, signal) => resolve({ code, signal })));

		await new Promise<void>((resolve, reject) => {
			const timer = setInterval(() => {
				if (out.includes('[demo] ready in')) resolve();
				else if (npm.exitCode !== null) reject(new Error(`npm run demo ended before it was ready:\n${out.slice(-4000)}`));
				else return;
				clearInterval(timer);
			}, 250);
		});
		const tree = descendants(npmPid);
		tree.forEach((p) => seen.add(p));
		// npm, its shell or node, the demo's node, the emulator, n8n (and n8n's task runner)
		expect(tree.length).toBeGreaterThanOrEqual(4);

		process.kill(npmPid, 'SIGINT');
		const result = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), STOP_TIMEOUT_MS))]);
		const left = stillRunning(tree);
		expect({ npm: result === 'still running' ? result : 'exited', left }).toEqual({ npm: 'exited', left: [] });
		expect(out).toContain('[demo] stopped');
	}, STACK_START_TIMEOUT_MS);
});
