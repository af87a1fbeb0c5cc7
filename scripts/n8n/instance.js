'use strict';
/**
 * Start/stop a real n8n (pinned runtime from ./runtime.js) and run its CLI, for integration tests.
 *
 *   const { startN8n, n8nCli, installPackageTgz } = require('./scripts/n8n/instance');
 *   await installPackageTgz(userFolder, 'n8n-nodes-foo-0.1.0.tgz');
 *   await n8nCli(['import:workflow', '--input=wf.json'], { userFolder });
 *   const n8n = await startN8n({ userFolder });            // port picked if not given
 *   ... fetch(n8n.url + '/healthz') ...
 *   await n8n.stop();
 *
 * Only Node's standard library is used (Node >= 20: global fetch).
 */
const fs = require('fs');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');
const { ensureRuntime, envWithNode24 } = require('./runtime');

const READY_LINE = 'Editor is now accessible';
// What each n8n command prints once it serves (n8n 2.41.1): `start` (main), `webhook`, `worker`.
const READY_LINES = Object.freeze({
  start: READY_LINE,
  webhook: 'Webhook listener waiting for requests',
  worker: 'n8n worker is now ready',
});

/** A free TCP port on 127.0.0.1 (best effort: another process may take it before n8n does). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The encryption key for a user folder: the one n8n already saved in <folder>/.n8n/config if any,
 * else one derived from the folder's absolute path (stable across runs, CLI calls and restarts).
 */
function encryptionKeyFor(userFolder) {
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(userFolder, '.n8n', 'config'), 'utf8'));
    if (cfg.encryptionKey) return cfg.encryptionKey;
  } catch {
    /* no config yet */
  }
  return crypto.createHash('sha256').update(`n8n-test-key:${path.resolve(userFolder)}`).digest('hex').slice(0, 32);
}

/** Environment for n8n (server or CLI) on a throwaway user folder. `env` entries win. */
function n8nEnv({ userFolder, port, env = {}, customExtensions, runtimeDir }) {
  const folder = path.resolve(userFolder);
  const base = {
    N8N_USER_FOLDER: folder,
    N8N_ENCRYPTION_KEY: encryptionKeyFor(folder),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
    DB_TYPE: 'sqlite',
    DB_SQLITE_DATABASE: path.join(folder, '.n8n', 'database.sqlite'),
    EXTERNAL_FRONTEND_HOOKS_URLS: '',
    N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
    N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
    GENERIC_TIMEZONE: 'UTC',
    TZ: 'UTC',
    NODE_ENV: 'production',
  };
  if (port) {
    base.N8N_PORT = String(port);
    base.WEBHOOK_URL = `http://127.0.0.1:${port}/`;
  }
  if (customExtensions && customExtensions.length) {
    base.N8N_CUSTOM_EXTENSIONS = [].concat(customExtensions).map((p) => path.resolve(p)).join(';');
  }
  // Drop variables of the calling test process that would confuse n8n (e.g. jest's NODE_OPTIONS).
  const parent = { ...process.env };
  for (const k of ['NODE_OPTIONS', 'NODE_PATH', 'TS_NODE_PROJECT', 'JEST_WORKER_ID']) delete parent[k];
  for (const k of Object.keys(parent)) if (k.startsWith('npm_')) delete parent[k];
  return envWithNode24({ ...base, ...env }, parent, runtimeDir);
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

/**
 * Starts `n8n start` (or, with `command`, `n8n webhook` / `n8n worker` for queue mode) on userFolder.
 * Resolves to {url, port, stop(), kill(signal), logs(), process} once the command's ready line
 * appeared (READY_LINES) and, when it serves HTTP, /healthz answered 200.
 * Options: userFolder (required), command ('start' | 'webhook' | 'worker'), port (HTTP port of
 * start/webhook, default a free one; a worker serves none unless env sets QUEUE_HEALTH_CHECK_PORT),
 * env (extra/overriding env), customExtensions (folder or list of folders with built custom nodes),
 * timeoutMs (default 180 s), logToStderr (mirror n8n's output to this process' stderr; default env
 * N8N_TEST_LOGS=1), label (prefix of mirrored lines), onSpawn({name, pid}) (told the pid at once).
 */
async function startN8n({ userFolder, command = 'start', port, env = {}, customExtensions, timeoutMs = 180000, logToStderr, label, onSpawn } = {}) {
  if (!userFolder) throw new Error('startN8n: userFolder is required');
  const readyLine = READY_LINES[command];
  if (!readyLine) throw new Error(`startN8n: unknown command ${command}; known: ${Object.keys(READY_LINES).join(', ')}`);
  const rt = await ensureRuntime();
  fs.mkdirSync(userFolder, { recursive: true });
  if (command !== 'worker') port = port || (await freePort());
  const brokerPort = env.N8N_RUNNERS_BROKER_PORT || (await freePort());
  const fullEnv = n8nEnv({
    userFolder,
    port,
    env: { N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env },
    customExtensions,
    runtimeDir: rt.dir,
  });
  const mirror = logToStderr ?? process.env.N8N_TEST_LOGS === '1';
  const healthPort = port || (fullEnv.QUEUE_HEALTH_CHECK_ACTIVE === 'true' ? Number(fullEnv.QUEUE_HEALTH_CHECK_PORT) : 0);
  const url = healthPort ? `http://127.0.0.1:${healthPort}` : undefined;
  const t0 = Date.now();
  const child = spawn(rt.node24, [rt.n8nBin, command], {
    cwd: userFolder,
    env: fullEnv,
    detached: true, // own process group: stop() kills n8n and its task runners together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (onSpawn && child.pid) onSpawn({ name: label || `n8n ${command}`, pid: child.pid });
  let out = '';
  const onData = (d) => {
    out += d;
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    if (mirror) process.stderr.write(label ? String(d).replace(/^(?=.)/gm, `[${label}] `) : d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  async function stop({ timeoutMs: stopTimeout = 20000 } = {}) {
    if (exited) {
      killGroup(child, 'SIGKILL'); // a task runner that outlived its n8n, if any
      return exited;
    }
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), stopTimeout);
    const res = await exitPromise;
    clearTimeout(timer);
    killGroup(child, 'SIGKILL'); // leftovers in the group (task runner), if any
    return res;
  }

  /** Signals the whole process group at once (SIGKILL: the machine died); resolves on exit. */
  async function kill(signal = 'SIGKILL') {
    killGroup(child, signal);
    return exitPromise;
  }

  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exited) throw new Error(`n8n ${command} exited during start (code ${exited.code}, signal ${exited.signal})`);
      if (Date.now() > deadline) throw new Error(`n8n ${command} did not become ready within ${timeoutMs} ms`);
      if (out.includes(readyLine)) {
        if (!url) break;
        const r = await fetch(`${url}/healthz`).catch(() => null);
        if (r && r.status === 200) break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await stop();
    e.message += `\n--- n8n output (last 8000 chars) ---\n${out.slice(-8000)}`;
    throw e;
  }
  return {
    command,
    url,
    port,
    pid: child.pid,
    userFolder: path.resolve(userFolder),
    startSeconds: (Date.now() - t0) / 1000,
    process: child,
    logs: () => out,
    exited: () => exited,
    stop,
    kill,
  };
}

/**
 * Runs an n8n CLI command on a user folder (no server needed; do not run it against the folder of
 * a running instance unless the command is read-only). Resolves to {code, signal, stdout, stderr}.
 * Example: await n8nCli(['execute', '--id=wf1', '--rawOutput'], { userFolder })
 */
async function n8nCli(args, { userFolder, env = {}, timeoutMs = 180000, cwd } = {}) {
  if (!userFolder) throw new Error('n8nCli: userFolder is required');
  const rt = await ensureRuntime();
  fs.mkdirSync(userFolder, { recursive: true });
  const fullEnv = n8nEnv({
    userFolder,
    env: { N8N_RUNNERS_BROKER_PORT: String(env.N8N_RUNNERS_BROKER_PORT || (await freePort())), ...env },
    runtimeDir: rt.dir,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(rt.node24, [rt.n8nBin, ...args], {
      cwd: cwd || userFolder,
      env: fullEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[n8nCli] timeout after ${timeoutMs} ms: killing\n`;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(child, 'SIGKILL'); // task runner children, if any were left
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Installs a packed community-node package (.tgz from `npm pack`) into
 * <userFolder>/.n8n/nodes, an npm project there, as n8n's own community-package install would.
 * n8n loads it at the next start with node types named `<package name>.<node name>`.
 * Resolves to the installed package's folder.
 */
async function installPackageTgz(userFolder, tgzPath) {
  const rt = await ensureRuntime();
  const tgz = path.resolve(tgzPath);
  if (!fs.existsSync(tgz)) throw new Error(`installPackageTgz: ${tgz} not found`);
  const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
  fs.mkdirSync(nodesDir, { recursive: true });
  const pj = path.join(nodesDir, 'package.json');
  if (!fs.existsSync(pj)) {
    fs.writeFileSync(pj, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2) + '\n');
  }
  const args = ['install', tgz, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'];
  const env = envWithNode24({}, process.env, rt.dir);
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  const res = await new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: nodesDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
  if (res.code !== 0) throw new Error(`npm ${args.join(' ')} failed in ${nodesDir} (code ${res.code}):\n${res.out}`);
  // The package's name, from the tarball's package.json as npm recorded it in nodes/package.json.
  const deps = JSON.parse(fs.readFileSync(pj, 'utf8')).dependencies || {};
  const name = Object.keys(deps).find((k) => String(deps[k]).includes(path.basename(tgz)));
  return name ? path.join(nodesDir, 'node_modules', name) : nodesDir;
}

/**
 * The run data from `n8n execute --id=X --rawOutput` stdout. n8n prints a few log lines first
 * ("n8n Task Broker ready...", the Python runner warning, license SDK lines), then the JSON
 * pretty-printed from a line that is just "{". Throws if there is no such JSON.
 */
function parseRawOutput(stdout) {
  const m = /^\{\s*$/m.exec(stdout);
  if (!m) throw new Error(`no JSON in n8n execute output:\n${stdout.slice(0, 2000)}`);
  const end = stdout.lastIndexOf('\n}');
  return JSON.parse(stdout.slice(m.index, end + 2));
}

module.exports = {
  startN8n,
  n8nCli,
  installPackageTgz,
  parseRawOutput,
  n8nEnv,
  encryptionKeyFor,
  freePort,
  READY_LINE,
  READY_LINES,
  killGroup,
};
