#!/usr/bin/env node
'use strict';
/**
 * Debian's chromium for playwright-core (executablePath), installed with apt if missing.
 *
 *   const { ensureChromium } = require('./scripts/n8n/chromium');
 *   const executablePath = ensureChromium();   // '/usr/bin/chromium'
 *
 * CLI: `node scripts/n8n/chromium.js` prints one JSON line {"chromium": "/usr/bin/chromium"}.
 * Env: CHROMIUM_PATH overrides the path (must exist).
 */
const fs = require('fs');
const { spawnSync } = require('child_process');

const DEFAULT_PATH = '/usr/bin/chromium';

function log(msg) {
  process.stderr.write(`[chromium] ${msg}\n`);
}

function sh(cmd, args) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const [c, a] = isRoot ? [cmd, args] : ['sudo', ['-n', cmd, ...args]];
  log(`$ ${c} ${a.join(' ')}`);
  // stdout of apt goes to our stderr, so a CLI caller's stdout stays one JSON line
  const r = spawnSync(c, a, {
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.error) throw r.error;
  return r.status;
}

function ensureChromium() {
  if (process.env.CHROMIUM_PATH) {
    if (!fs.existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    return process.env.CHROMIUM_PATH;
  }
  if (fs.existsSync(DEFAULT_PATH)) return DEFAULT_PATH;
  log('chromium not found; installing Debian package "chromium" with apt-get');
  // Try without an update first (fast if lists are fresh); on failure update the lists and retry.
  let status = sh('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (status !== 0) {
    if (sh('apt-get', ['update']) !== 0) throw new Error('apt-get update failed');
    status = sh('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  }
  if (status !== 0 || !fs.existsSync(DEFAULT_PATH)) throw new Error(`apt-get install chromium failed (status ${status})`);
  return DEFAULT_PATH;
}

module.exports = { ensureChromium, DEFAULT_PATH };

if (require.main === module) {
  try {
    const t0 = Date.now();
    const p = ensureChromium();
    process.stdout.write(JSON.stringify({ chromium: p, seconds: (Date.now() - t0) / 1000 }) + '\n');
  } catch (e) {
    log(`ERROR: ${e.stack || e}`);
    process.exit(1);
  }
}
