/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 20 §1 and §4: the cluster's services start from a checkout of any path length, and a start
 * that fails part-way leaves no process behind. Real Postgres and Redis (Debian packages, installed
 * by the script when missing) and the emulator process; no n8n needed, so this runs in seconds.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const { ensureDebianPackages, postgresBinDir } = require('../../scripts/cluster/services');
const { startCluster } = require('../../scripts/cluster/cluster');

// apt-get install of redis-server/postgresql on a machine that lacks them
const SETUP_TIMEOUT_MS = 10 * 60 * 1000;

let root: string;
let clone: string;

beforeAll(() => {
	ensureDebianPackages();
	// A clone under a deep folder, as a CI machine may place it. Mode 755 all the way: as root,
	// Postgres runs as the postgres user and must reach its data folder inside the clone.
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-deep-'));
	clone = path.join(root, 'ci-builds', 'a'.repeat(40), 'workspace-of-a-long-named-pipeline-job', 'b'.repeat(40), 'n8n-nodes-genesys-cloud');
	fs.mkdirSync(clone, { recursive: true });
	for (let d = clone; d !== path.dirname(root); d = path.dirname(d)) fs.chmodSync(d, 0o755);
	// the cluster's scripts as a clone has them (Node's standard library only: no node_modules needed)
	fs.cpSync(path.join(REPO_ROOT, 'scripts'), path.join(clone, 'scripts'), { recursive: true });
}, SETUP_TIMEOUT_MS);

afterAll(() => {
	if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** Processes still alive in any of these process groups (each server runs as its own group leader). */
function aliveInGroups(pgids: number[]): string[] {
	const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
	return out
		.split('\n')
		.map((l) => l.trim().split(/\s+/))
		.filter(([pid, pgid, stat]) => pid && pgids.includes(Number(pgid)) && !String(stat).startsWith('Z'))
		.map(([pid, , , ...args]) => `${pid} ${args.join(' ')}`);
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function redisPing(port: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const s = net.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
		s.once('data', (d) => {
			s.destroy();
			resolve(String(d).trim());
		});
		s.once('error', reject);
	});
}

describe('the cluster services start from any path and never leave a process behind', () => {
	it('[cluster] Postgres and Redis start from a clone path over 150 characters, answer on 127.0.0.1, and stop', async () => {
		const dir = path.join(clone, '.cache', 'cluster');
		// the path that broke: Postgres's socket file would be <dir>/postgres/run/.s.PGSQL.<port>
		expect(path.join(dir, 'postgres', 'run', '.s.PGSQL.54321').length).toBeGreaterThan(150);
		// the clone's own copy of the scripts, as `npm run cluster` in that clone would run them
		const { startServices } = require(path.join(clone, 'scripts', 'cluster', 'services.js'));
		const spawned: Array<{ name: string; pid: number }> = [];
		const services = await startServices({ dir, onSpawn: (p: { name: string; pid: number }) => spawned.push(p) });
		try {
			// the data lives in the clone (no fallback folder elsewhere)
			expect(services.postgres.dir.startsWith(clone)).toBe(true);
			const psql = spawnSync(
				path.join(postgresBinDir(), 'psql'),
				['-h', '127.0.0.1', '-p', String(services.postgres.port), '-U', 'n8n', '-d', 'n8n', '-tAc', 'select 40 + 2'],
				{ env: { ...process.env, PGPASSWORD: services.postgres.env.DB_POSTGRESDB_PASSWORD }, encoding: 'utf8' },
			);
			expect(psql.stderr).toBe('');
			expect(psql.stdout.trim()).toBe('42');
			expect(await redisPing(services.redis.port)).toBe('+PONG');
		} finally {
			await services.stop();
		}
		expect(spawned.map((p) => p.name).sort()).toEqual(['postgres', 'redis']);
		expect(aliveInGroups(spawned.map((p) => p.pid))).toEqual([]);
	}, SETUP_TIMEOUT_MS);

	it('[cluster] a cluster start whose Postgres cannot start (port taken) stops the Redis and emulator it had started', async () => {
		// someone else holds the port Postgres is told to use
		const blocker = net.createServer();
		await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
		const takenPort = (blocker.address() as net.AddressInfo).port;
		const spawned: Array<{ name: string; pid: number }> = [];
		try {
			await expect(
				startCluster({
					dir: path.join(clone, '.cache', 'cluster-fail'),
					workers: 1,
					postgresPort: takenPort,
					onSpawn: (p: { name: string; pid: number }) => spawned.push(p),
				}),
			).rejects.toThrow(/postgres exited during start[\s\S]*already in use/i);
		} finally {
			blocker.close();
		}
		// every part that the start had launched, by pid: Redis and the emulator ran, then were stopped
		expect(spawned.map((p) => p.name).sort()).toEqual(['emulator', 'postgres', 'redis']);
		const pids = spawned.map((p) => p.pid);
		expect(pids.filter(pidAlive)).toEqual([]);
		expect(aliveInGroups(pids)).toEqual([]);
	}, SETUP_TIMEOUT_MS);
});
