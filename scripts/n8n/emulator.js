'use strict';
/**
 * The Genesys emulator (test/emulator/cli.ts) as its own process, as the demo and the end-to-end
 * tests need it: n8n runs in another process and can only reach it over HTTP.
 *
 *   const emu = await startEmulatorProcess({ port: 8787, seed: 'demo' });   // port 0 = a free one
 *   await emu.control('POST', 'faults', { match: '...', status: 503, count: 'Infinity' });
 *   const { store } = await emu.state();
 *   await emu.stop();
 *
 * Runs with the machine's Node (ts-node, transpile only) from the repo root, in its own process group.
 */
const path = require('path');
const { spawn } = require('child_process');
const { freePort } = require('./instance');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
// The emulator's default OAuth client (test/emulator/server.ts DEFAULT_CLIENT).
const EMULATOR_CLIENT = Object.freeze({ clientId: 'test-client-id', clientSecret: 'test-client-secret-Sup3rS3cret' });

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/**
 * rateLimit: requests per minute per OAuth client (the emulator's 429s). Genesys's default is 300;
 * the stack raises it (with the credential's pacing) so a policy run over the demo org's 120 queues
 * takes seconds, not a minute. latencyMs: added to every API answer. queues: grow the org to at
 * least this many queues. acwBacklog: this many extra conversations in untimed ACW (ids in `acwBacklog`).
 */
async function startEmulatorProcess({
  port = 0,
  seed = 'demo',
  rateLimit = 300,
  latencyMs = 0,
  queues = 0,
  acwBacklog = 0,
  timeoutMs = 60000,
  logToStderr = false,
  onSpawn,
  // who may apply a wrap-up: 'permission' (default) or 'participant-user' (test/emulator/resources/wrapupAuth.ts)
  wrapupAuth = 'permission',
} = {}) {
  port = port || (await freePort());
  // --queues / --acw-backlog: load runs (scripts/cluster) need a bigger org than the demo seed
  const scale = ['--latency', String(latencyMs), '--queues', String(queues), '--acw-backlog', String(acwBacklog), '--wrapup-auth', wrapupAuth];
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // jest's options are not for this child
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'test/emulator/cli.ts', '--port', String(port), '--seed', seed, '--rate-limit', String(rateLimit), ...scale],
    { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (onSpawn && child.pid) onSpawn({ name: 'emulator', pid: child.pid });
  let out = '';
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  const onData = (d) => {
    out += d;
    if (logToStderr) process.stderr.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  async function stop() {
    if (exited) return exited;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    const res = await exitPromise;
    clearTimeout(timer);
    return res;
  }

  const deadline = Date.now() + timeoutMs;
  let url;
  let ready;
  while (!url) {
    const m = /^\{"url":.*\}$/m.exec(out);
    if (m) ({ url } = ready = JSON.parse(m[0]));
    else if (exited) throw new Error(`emulator exited (code ${exited.code}) before listening:\n${out}`);
    else if (Date.now() > deadline) {
      await stop();
      throw new Error(`emulator did not start within ${timeoutMs} ms:\n${out}`);
    } else await new Promise((r) => setTimeout(r, 100));
  }

  /** Calls /__emulator/<route>; resolves to the parsed JSON body (or null for 204). Throws on >= 400. */
  async function control(method, route, body) {
    const res = await fetch(`${url}/__emulator/${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`emulator ${method} ${route}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    url,
    port,
    pid: child.pid,
    /** ids of the --acw-backlog conversations (untimed ACW), in creation order */
    acwBacklog: ready.acwBacklog || [],
    process: child,
    logs: () => out,
    control,
    state: () => control('GET', 'state'),
    requests: () => control('GET', 'requests'),
    stop,
  };
}

module.exports = { startEmulatorProcess, EMULATOR_CLIENT };

/**
 * Ids of conversations whose last agent is in after-call work (afterCallWork.state 'pending', see
 * test/emulator/resources/conversationAcw.ts), from a GET /__emulator/state body.
 */
function conversationsInAcw(state) {
  const out = [];
  for (const [id, conv] of Object.entries((state.store && state.store.conversations) || {})) {
    const agent = [...(conv.participants || [])].reverse().find((p) => p.purpose === 'agent');
    if (agent && agentAcwState(agent) === 'pending') out.push(id);
  }
  return out;
}

/** afterCallWork.state of an agent participant's last communication (any media), or undefined. */
function agentAcwState(participant) {
  for (const key of ['calls', 'chats', 'messages', 'callbacks', 'emails']) {
    const comms = participant[key];
    if (Array.isArray(comms) && comms.length) return comms[comms.length - 1].afterCallWork?.state;
  }
  return undefined;
}

module.exports.conversationsInAcw = conversationsInAcw;
module.exports.agentAcwState = agentAcwState;
