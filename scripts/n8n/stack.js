'use strict';
/**
 * The whole local setup, shared by `npm run demo`, the e2e tests and the browser check:
 * emulator process + a real n8n with this package installed from its tarball, a ready credential
 * pointing at the emulator, the example workflows imported (webhook ones published), an owner.
 *
 *   const stack = await startStack({ userFolder, n8nPort: 5678, emulatorPort: 8787 });
 *   stack.n8n.url, stack.emulator.url, stack.session (owner cookie), stack.api (public API)
 *   await stack.stop();
 *
 * Needs a built package (npm run build). The user folder is emptied first: every start is fresh.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureRuntime } = require('./runtime');
const { startN8n, n8nCli, installPackageTgz } = require('./instance');
const { setupOwner, createApiKey, publicApi, DEFAULT_OWNER } = require('./rest');
const { startEmulatorProcess } = require('./emulator');
const { packPackage, packageNodeTypes } = require('./package');
const { loadExamples, partitionExamples, emulatorCredential } = require('./examples');

function cliOk(r, what) {
  if (r.code !== 0) throw new Error(`n8n ${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r;
}

/**
 * Fails unless n8n registered every node of the package, by the type name a user's install gets.
 * /types/nodes.json is what the editor loads; it needs the auth cookie.
 */
async function assertNodesLoaded(session, expectedTypes) {
  const r = await session.request('GET', '/types/nodes.json', undefined, { expect: 200 });
  const loaded = new Set(r.data.map((d) => d.name));
  const missing = expectedTypes.filter((t) => !loaded.has(t));
  if (missing.length) throw new Error(`n8n did not load these nodes of the package: ${missing.join(', ')}`);
  return r.data.filter((d) => expectedTypes.includes(d.name));
}

/**
 * What every setup does before its n8n serves: ensure the runtime, pack this package and install the
 * tarball into userFolder (emptied first) as a user's install would. `timed(name, fn)` records
 * each step. Resolves to {tgz, work, nodeTypes, expectedTypes, ready, waiting} (ready/waiting:
 * examples whose nodes are / are not in this build).
 */
async function installPackage({ userFolder, timed, signal }) {
  await timed('n8n runtime', () => ensureRuntime({ signal }));
  const nodeTypes = packageNodeTypes();
  const expectedTypes = nodeTypes.map((n) => n.type);
  const { ready, waiting } = partitionExamples(loadExamples(), expectedTypes);
  fs.rmSync(userFolder, { recursive: true, force: true });
  const work = path.join(userFolder, 'setup');
  fs.mkdirSync(work, { recursive: true });
  const tgz = await timed('npm pack', async () => packPackage(work));
  await timed('install package into n8n', () => installPackageTgz(userFolder, tgz));
  return { tgz, work, nodeTypes, expectedTypes, ready, waiting };
}

/**
 * Imports the credential pointing at the emulator and the ready examples through n8n's CLI, and
 * publishes the webhook examples (production webhooks only listen for published workflows).
 * Runs before any server uses the database. `env`: n8n settings (e.g. Postgres for queue mode).
 */
async function importExamples({ userFolder, work, emulatorUrl, requestsPerMinute, ready, env = {}, timed }) {
  const cli = async (args, what) => cliOk(await n8nCli(args, { userFolder, env }), what);
  const credFile = path.join(work, 'credentials.json');
  fs.writeFileSync(credFile, JSON.stringify([emulatorCredential(emulatorUrl, { requestsPerMinute })], null, 2));
  await timed('import credential', () => cli(['import:credentials', `--input=${credFile}`], 'import:credentials'));
  if (ready.length) {
    const wfFile = path.join(work, 'workflows.json');
    fs.writeFileSync(wfFile, JSON.stringify(ready.map((ex) => ex.workflow), null, 2));
    await timed('import workflows', () => cli(['import:workflow', `--input=${wfFile}`], 'import:workflow'));
  }
  for (const ex of ready.filter((e) => e.hasWebhook)) {
    await timed(`publish ${ex.slug}`, () => cli(['publish:workflow', `--id=${ex.workflow.id}`], 'publish:workflow'));
  }
}

/** On a fresh main instance: the owner, a public-API key, and the check that every node loaded. */
async function setupOwnerAndApi({ n8n, owner, expectedTypes, timed }) {
  const session = await timed('owner setup', () => setupOwner(n8n.url, owner));
  const api = publicApi(n8n.url, await createApiKey(session, { label: 'stack' }));
  const loadedNodes = await timed('check node types', () => assertNodesLoaded(session, expectedTypes));
  return { session, api, loadedNodes };
}

/**
 * A `timed(name, fn)` that logs each step and records its seconds in `timings`. Once `signal` (an
 * AbortSignal: Ctrl-C) is aborted, the next step throws instead of running; a step already running
 * finishes, so what it started is known to the caller's cleanup.
 */
function stepTimer(log, timings, signal) {
  return async (name, fn) => {
    if (signal && signal.aborted) throw new Error(`start interrupted (${signal.reason || 'aborted'}) before: ${name}`);
    const t0 = Date.now();
    log(`${name} ...`);
    const r = await fn();
    timings[name] = (Date.now() - t0) / 1000;
    return r;
  };
}

async function startStack({
  userFolder,
  n8nPort,
  emulatorPort = 0,
  seed = 'demo',
  // Emulator limit and credential pacing together (the credential allows at most 6000/min).
  requestsPerMinute = 6000,
  owner = DEFAULT_OWNER,
  log = () => {},
  logToStderr = false,
  onSpawn,
  signal,
  // the emulator's rule for who may apply a wrap-up ('permission' or 'participant-user')
  wrapupAuth = 'permission',
} = {}) {
  // A folder of our own (no userFolder given) is removed again by stop().
  const ownFolder = !userFolder;
  userFolder = userFolder || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-gc-'));
  const timings = {};
  const timed = stepTimer(log, timings, signal);

  let emulator;
  let n8n;
  async function stop() {
    // n8n first: it is the emulator's client
    if (n8n) await n8n.stop().catch(() => {});
    if (emulator) await emulator.stop().catch(() => {});
    n8n = emulator = undefined;
    if (ownFolder) fs.rmSync(userFolder, { recursive: true, force: true });
  }
  try {
    const { tgz, work, nodeTypes, expectedTypes, ready, waiting } = await installPackage({ userFolder, timed, signal });
    emulator = await timed('start emulator', () =>
      startEmulatorProcess({ port: emulatorPort, seed, rateLimit: requestsPerMinute, logToStderr, onSpawn, wrapupAuth }),
    );
    // Imports run through the CLI before the server starts (sqlite: one writer at a time).
    await importExamples({ userFolder, work, emulatorUrl: emulator.url, requestsPerMinute, ready, timed });
    n8n = await timed('start n8n', () => startN8n({ userFolder, port: n8nPort, logToStderr, onSpawn }));
    const { session, api, loadedNodes } = await setupOwnerAndApi({ n8n, owner, expectedTypes, timed });
    return {
      userFolder,
      tgz,
      emulator,
      n8n,
      session,
      api,
      owner,
      nodeTypes,
      loadedNodes,
      examples: ready,
      waitingExamples: waiting,
      timings,
      stop,
    };
  } catch (e) {
    if (n8n) e.message += `\n--- n8n output (last 4000 chars) ---\n${n8n.logs().slice(-4000)}`;
    await stop();
    throw e;
  }
}

module.exports = { startStack, assertNodesLoaded, installPackage, importExamples, setupOwnerAndApi, stepTimer };
