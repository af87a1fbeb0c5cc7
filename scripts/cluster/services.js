'use strict';
/**
 * Redis and Postgres for n8n's queue mode, from Debian's packages, each run as a plain child
 * process on loopback with its data under a folder of ours (no system service, no systemd).
 *
 *   ensureDebianPackages();                                  // apt-get installs what is missing
 *   const pg = await startPostgres({ dir: '.cache/cluster/postgres' });   // pg.env: DB_* for n8n
 *   const redis = await startRedis({ dir: '.cache/cluster/redis' });      // redis.env: QUEUE_BULL_REDIS_*
 *   await redis.stop(); await pg.stop();
 *
 * Every start is fresh (the data folder is recreated): the cluster is a test bench, not a store.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawn, spawnSync } = require('child_process');
const { freePort, killGroup } = require('../n8n/instance');

const log = (msg) => process.stderr.write(`[cluster] ${msg}\n`);
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Debian package -> a file it installs that we run. */
const PACKAGES = Object.freeze({
  'redis-server': () => '/usr/bin/redis-server',
  postgresql: () => postgresBinDir() && path.join(postgresBinDir(), 'postgres'),
});

/** /usr/lib/postgresql/<newest major>/bin, or undefined when no server is installed. */
function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const majors = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

function sudo(cmd, args) {
  const [c, a] = isRoot() ? [cmd, args] : ['sudo', ['-n', cmd, ...args]];
  log(`$ ${c} ${a.join(' ')}`);
  const r = spawnSync(c, a, { stdio: ['ignore', process.stderr, process.stderr], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) throw r.error;
  return r.status;
}

/** Installs the Debian packages whose programs are missing: `apt-get update` once, then one install. */
function ensureDebianPackages(names = Object.keys(PACKAGES)) {
  const missing = names.filter((n) => {
    const file = PACKAGES[n]();
    return !file || !fs.existsSync(file);
  });
  if (!missing.length) return { installed: [], seconds: 0 };
  const t0 = Date.now();
  log(`missing Debian packages: ${missing.join(', ')}; installing with apt-get`);
  if (sudo('apt-get', ['update']) !== 0) throw new Error('apt-get update failed');
  const status = sudo('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
  const still = missing.filter((n) => !PACKAGES[n]() || !fs.existsSync(PACKAGES[n]()));
  if (status !== 0 || still.length) throw new Error(`apt-get install ${missing.join(' ')} failed (status ${status}; missing: ${still.join(', ')})`);
  return { installed: missing, seconds: (Date.now() - t0) / 1000 };
}

/**
 * Spawns a long-running server in its own process group and waits until `ready()` is true.
 * `user`: run as this system user (Postgres refuses to run as root).
 */
async function spawnServer(name, cmd, args, { ready, user, cwd, env = process.env, timeoutMs = 60000, logToStderr = false, onSpawn }) {
  const ids = user ? userIds(user) : {};
  const child = spawn(cmd, args, { cwd, env, ...ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (onSpawn && child.pid) onSpawn({ name, pid: child.pid });
  let out = '';
  const onData = (d) => {
    out += d;
    if (out.length > 200000) out = out.slice(-100000);
    if (logToStderr) process.stderr.write(String(d).replace(/^(?=.)/gm, `[${name}] `));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  child.on('error', (e) => (out += `\nspawn error: ${e.message}`));

  /** `signal` first (each server's own clean shutdown), SIGKILL to the group after 10 s. */
  async function stop(signal = 'SIGTERM') {
    if (!exited) {
      killGroup(child, signal);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10000);
      await exitPromise;
      clearTimeout(timer);
    }
    killGroup(child, 'SIGKILL'); // children left in the group, if any
    return exited;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop('SIGKILL'); // whatever it forked before it died
      throw new Error(`${name} exited during start (code ${exited.code}, signal ${exited.signal}):\n${out}`);
    }
    // its own "ready" log line first: a port someone else holds would answer the TCP probe too
    if (await ready(out).catch(() => false)) break;
    if (Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(`${name} not ready within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { pid: child.pid, process: child, logs: () => out, stop };
}

function userIds(user) {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`system user ${user} does not exist (the Debian postgresql package creates it)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
function tcpOpen(port) {
  const net = require('net');
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** True if every existing ancestor of `dir` lets other users through (mode o+x). */
function othersCanEnter(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d) && !(fs.statSync(d).mode & 0o001)) return false;
    if (d === path.dirname(d)) return true;
  }
}

/**
 * A fresh Postgres cluster in `dir` (initdb), served by `postgres` on 127.0.0.1:port with a user
 * and database `n8n` (password auth). As root it runs as the `postgres` system user.
 * `onSpawn({name, pid})`: told each server process as soon as it exists (a test's leak check).
 * Returns {port, env (DB_* settings for n8n), stop()}.
 */
async function startPostgres({ dir, port, logToStderr = false, onSpawn, extraArgs = [] } = {}) {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL server in /usr/lib/postgresql/*/bin: run ensureDebianPackages() first');
  port = port || (await freePort());
  dir = path.resolve(dir);
  const requested = dir;
  const user = isRoot() ? 'postgres' : undefined;
  if (user && !othersCanEnter(path.dirname(dir))) {
    // e.g. a checkout under /root (mode 700): the postgres user could not reach its data there
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-gc-postgres-'));
    log(`${dir} is not reachable for the postgres user; using ${tmp}`);
    dir = tmp;
  }
  try {
    return await initAndServe({ bin, dir, port, user, logToStderr, onSpawn, extraArgs });
  } catch (e) {
    if (dir !== requested) fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function initAndServe({ bin, dir, port, user, logToStderr, onSpawn, extraArgs }) {
  const data = path.join(dir, 'data');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const password = crypto.randomBytes(12).toString('hex');
  const pwFile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    const { uid, gid } = userIds(user);
    for (const p of [dir, pwFile]) fs.chownSync(p, uid, gid);
  }
  const ids = user ? userIds(user) : {};
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'n8n', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { ...ids, encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  fs.rmSync(pwFile);
  const server = await spawnServer(
    'postgres',
    path.join(bin, 'postgres'),
    // No Unix-domain socket (-k ''): its path, <dir>/.s.PGSQL.<port>, must fit in 107 bytes, which a
    // deep checkout exceeds; everyone connects over TCP on 127.0.0.1 anyway. fsync off: a throwaway
    // bench database; max_connections for 4 n8n processes' pools. `extraArgs`: tests' own options.
    ['-D', data, '-p', String(port), '-k', '', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200', ...extraArgs],
    { user, ready: async (out) => /ready to accept connections/.test(out) && tcpOpen(port), logToStderr, onSpawn },
  );
  const env = { PGPASSWORD: password, PATH: process.env.PATH };
  const created = spawnSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'], { env, encoding: 'utf8' });
  if (created.status !== 0) {
    await server.stop('SIGINT');
    throw new Error(`createdb n8n failed:\n${created.stderr}`);
  }
  return {
    port,
    dir,
    pid: server.pid,
    logs: server.logs,
    env: {
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: '127.0.0.1',
      DB_POSTGRESDB_PORT: String(port),
      DB_POSTGRESDB_DATABASE: 'n8n',
      DB_POSTGRESDB_USER: 'n8n',
      DB_POSTGRESDB_PASSWORD: password,
    },
    // SIGINT = Postgres's "fast" shutdown: ends sessions, writes a checkpoint, removes its pid file.
    // A temporary folder of ours (see startPostgres) goes with it.
    stop: async () => {
      const r = await server.stop('SIGINT');
      if (dir.startsWith(path.join(os.tmpdir(), 'n8n-gc-postgres-'))) fs.rmSync(dir, { recursive: true, force: true });
      return r;
    },
  };
}

/** redis-server on 127.0.0.1:port, working dir `dir`, no persistence. Returns {port, env, stop()}. */
async function startRedis({ dir, port, logToStderr = false, onSpawn } = {}) {
  port = port || (await freePort());
  dir = path.resolve(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const server = await spawnServer(
    'redis',
    '/usr/bin/redis-server',
    // TCP only (no unixsocket, no pidfile: the defaults when not daemonized)
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'],
    { cwd: dir, ready: async (out) => /Ready to accept connections/.test(out) && tcpOpen(port), logToStderr, onSpawn },
  );
  return {
    port,
    dir,
    pid: server.pid,
    logs: server.logs,
    env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
    stop: () => server.stop('SIGTERM'),
  };
}

/**
 * Starts several parts at once, all or nothing: when one fails, the ones that did start (or were
 * still starting) are stopped before the error is thrown, so a failed start leaves no process behind.
 * `starts`: {key: () => Promise<{stop()}>}. Resolves to {key: part}.
 */
async function startAll(starts) {
  const keys = Object.keys(starts);
  const settled = await Promise.allSettled(keys.map((k) => starts[k]()));
  const parts = {};
  keys.forEach((k, i) => settled[i].status === 'fulfilled' && (parts[k] = settled[i].value));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(Object.values(parts).map((p) => p.stop().catch(() => {})));
    throw failed.reason;
  }
  return parts;
}

/**
 * The cluster's services: Postgres in <dir>/postgres and Redis in <dir>/redis, started together,
 * all or nothing (startAll). Options: postgresPort, redisPort (default: free ones), postgresArgs
 * (extra server options), onSpawn, logToStderr. Resolves to {postgres, redis, stop()}.
 */
async function startServices({ dir, postgresPort, redisPort, postgresArgs, onSpawn, logToStderr = false } = {}) {
  const parts = await startAll({
    postgres: () => startPostgres({ dir: path.join(dir, 'postgres'), port: postgresPort, extraArgs: postgresArgs, onSpawn, logToStderr }),
    redis: () => startRedis({ dir: path.join(dir, 'redis'), port: redisPort, onSpawn, logToStderr }),
  });
  return { ...parts, stop: async () => (await parts.redis.stop().catch(() => {}), await parts.postgres.stop()) };
}

module.exports = { ensureDebianPackages, startPostgres, startRedis, startServices, startAll, postgresBinDir, spawnServer };
