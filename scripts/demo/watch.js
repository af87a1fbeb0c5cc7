'use strict';
/**
 * `npm run dev` (`scripts/demo/run.js --watch`): once the demo stack runs, every change under
 * nodes/, credentials/ or to package.json rebuilds the package, installs the new tarball into the
 * demo's n8n user folder (as a user's update would) and restarts n8n, which loads community
 * packages only at start. The emulator keeps running with its state; n8n keeps its database (the
 * login, the credential, the workflows). A failed build is reported and the running n8n stays.
 *
 * Not `n8n-node dev`: it runs `npx n8n@latest` (this project pins n8n 2.41.1, and `latest` does
 * not install offline), starts no emulator, and its TypeScript watch does not copy codex files.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { startN8n, installPackageTgz } = require('../n8n/instance');
const { packPackage } = require('../n8n/package');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WATCHED_TREES = ['nodes', 'credentials'];
const SETTLE_MS = 400; // editors write a file in several steps: wait for the burst to end

/**
 * Watches every directory of a tree, each on its own: Node 20's recursive fs.watch on Linux stops
 * reporting a file once an editor saved it by replacing it (write a temp file, rename), while a
 * directory's watch keeps seeing its entries. New directories are picked up on the next change.
 */
function watchTree(root, onChange) {
  const watchers = new Map();
  function walk(dir) {
    if (!watchers.has(dir)) {
      try {
        watchers.set(dir, fs.watch(dir, (event, file) => {
          if (event === 'rename') walk(root);
          onChange(file ? String(file) : '');
        }));
      } catch {
        return; // removed meanwhile
      }
    }
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) walk(path.join(dir, entry.name));
  }
  walk(root);
  return { close: () => watchers.forEach((w) => w.close()) };
}

/** `npm run build`, output kept for the report; resolves true when it succeeded. */
function build(log) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      if (code !== 0) log(`build failed (exit ${code}); n8n keeps the previous version:\n${output.trim().split('\n').slice(-25).join('\n')}`);
      resolve(code === 0);
    });
  });
}

/**
 * Starts watching. `n8n` is the running instance from startStack; `onBeforeRestart(old)` is called
 * before an instance is stopped on purpose, `onRestart(new)` with each new one (the caller watches
 * its process). Returns {current(), stop()}: stop() closes
 * the watchers and stops the n8n this watcher started, if any.
 */
function watchAndReload({ userFolder, port, n8n, log, logToStderr = false, onBeforeRestart = () => {}, onRestart = () => {} }) {
  let current = n8n;
  let timer;
  let running = false;
  let again = false;
  let stopped = false;
  const work = path.join(userFolder, 'setup');

  async function reload() {
    if (running) return void (again = true);
    running = true;
    try {
      const t0 = Date.now();
      log('change seen: rebuilding ...');
      if (!(await build(log)) || stopped) return;
      fs.mkdirSync(work, { recursive: true });
      const tgz = await packPackage(work);
      await installPackageTgz(userFolder, tgz);
      if (stopped) return;
      log('restarting n8n with the new build ...');
      onBeforeRestart(current);
      await current.stop();
      current = await startN8n({ userFolder, port, logToStderr });
      onRestart(current);
      log(`reloaded in ${((Date.now() - t0) / 1000).toFixed(1)} s: reload the editor (${current.url})`);
    } catch (e) {
      log(`reload failed: ${e.message}`);
    } finally {
      running = false;
      if (again && !stopped) {
        again = false;
        reload();
      }
    }
  }

  const schedule = (file) => {
    if (file && /(^|[/\\])\.|~$|\.swp$/.test(String(file))) return; // editor temp files
    clearTimeout(timer);
    timer = setTimeout(reload, SETTLE_MS);
  };
  const watchers = [
    ...WATCHED_TREES.map((name) => watchTree(path.join(REPO_ROOT, name), schedule)),
    fs.watch(REPO_ROOT, (_event, file) => String(file) === 'package.json' && schedule(file)),
  ];
  log(`watching ${WATCHED_TREES.join('/, ')}/ and package.json: a change rebuilds and reloads the package`);

  return {
    current: () => current,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
      if (current !== n8n) await current.stop().catch(() => {});
    },
  };
}

module.exports = { watchAndReload };
