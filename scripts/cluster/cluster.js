'use strict';
/**
 * n8n in queue mode on one machine, all on loopback: Postgres + Redis (./services.js), the Genesys
 * emulator (one process: one rate limit per OAuth client across every n8n process, as Genesys
 * does), one main (editor, API, schedules), one webhook processor (production webhooks), and N
 * workers (executions). The package is packed and installed as a user installs it; the demo's
 * credential and example workflows are imported (scripts/n8n/stack.js).
 *
 *   const cluster = await startCluster({ workers: 2 });
 *   cluster.webhookUrl('crm-case-saved'), cluster.main.url, cluster.emulator.url, cluster.session, cluster.api
 *   await cluster.workers[0].kill('SIGKILL');
 *   await cluster.stop();
 *
 * All or nothing: when a part fails to start, the parts already started are stopped before the
 * error is thrown. `signal` (AbortSignal) interrupts a start after the step under way; `onSpawn({name,
 * pid})` hears every server process at once; postgresPort / redisPort / postgresArgs are for tests.
 *
 * Every n8n process gets its own user folder (as separate machines would) whose `.n8n/nodes` is the
 * one install of the package, and the same QUEUE_ENV + DB + Redis + encryption key.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { startN8n, freePort } = require('../n8n/instance');
const { startEmulatorProcess } = require('../n8n/emulator');
const { DEFAULT_OWNER } = require('../n8n/rest');
const { installPackage, importExamples, setupOwnerAndApi, stepTimer } = require('../n8n/stack');
const { ensureDebianPackages, startServices, startAll } = require('./services');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_DIR = path.join(REPO_ROOT, '.cache', 'cluster');

/**
 * The queue-mode settings every n8n process of the cluster shares (besides DB_*, QUEUE_BULL_REDIS_*
 * and N8N_ENCRYPTION_KEY). docs/scaling-out.md lists them for users to copy.
 */
const QUEUE_ENV = Object.freeze({
  EXECUTIONS_MODE: 'queue',
  // manual runs (editor, "Execute workflow") go to the workers too, like production ones
  OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
  // the main does not answer production webhooks: the webhook processor does
  N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
  // workers answer /healthz (each on its own QUEUE_HEALTH_CHECK_PORT)
  QUEUE_HEALTH_CHECK_ACTIVE: 'true',
  N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
});

async function startCluster({
  dir = DEFAULT_DIR,
  workers = 2,
  workerConcurrency = 10,
  mainPort,
  webhookPort,
  emulatorPort = 0,
  postgresPort,
  redisPort,
  postgresArgs,
  onSpawn,
  signal,
  seed = 'demo',
  requestsPerMinute = 300,
  emulatorLatencyMs = 0,
  queues = 0,
  acwBacklog = 0,
  owner = DEFAULT_OWNER,
  log = () => {},
  logToStderr = false,
} = {}) {
  dir = path.resolve(dir);
  const timings = {};
  const timed = stepTimer(log, timings, signal);
  const tStart = Date.now();
  await timed('Debian packages (redis-server, postgresql)', async () => ensureDebianPackages());

  const parts = { postgres: undefined, redis: undefined, emulator: undefined, main: undefined, webhook: undefined, workers: [] };
  async function stop() {
    // clients before servers: webhook processor, workers, main, then emulator, Redis, Postgres
    const n8ns = [parts.webhook, ...parts.workers, parts.main].filter(Boolean);
    await Promise.all(n8ns.map((p) => p.stop().catch(() => {})));
    for (const key of ['emulator', 'redis', 'postgres']) if (parts[key]) await parts[key].stop().catch(() => {});
    parts.webhook = parts.main = parts.emulator = parts.redis = parts.postgres = undefined;
    parts.workers = [];
  }

  // The servers first, all or nothing (startAll stops those that started if one fails): a failed
  // start must not leave a Redis or an emulator running with nobody to stop it.
  const { services, emulator } = await startAll({
    services: () => timed('start Postgres and Redis', () => startServices({ dir, postgresPort, redisPort, postgresArgs, onSpawn, logToStderr })),
    emulator: () =>
      timed('start emulator', () =>
        startEmulatorProcess({ port: emulatorPort, seed, rateLimit: requestsPerMinute, latencyMs: emulatorLatencyMs, queues, acwBacklog, logToStderr, onSpawn }),
      ),
  });
  Object.assign(parts, { postgres: services.postgres, redis: services.redis, emulator });

  try {
    const folders = { main: path.join(dir, 'n8n', 'main') };
    fs.rmSync(path.join(dir, 'n8n'), { recursive: true, force: true });
    const { work, nodeTypes, expectedTypes, ready, waiting, tgz } = await installPackage({ userFolder: folders.main, timed, signal });
    mainPort = mainPort || (await freePort());
    webhookPort = webhookPort || (await freePort());
    const shared = {
      ...QUEUE_ENV,
      ...parts.postgres.env,
      ...parts.redis.env,
      N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
      // links n8n shows and registers point at the webhook processor
      WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
    };
    // The CLI's first call creates the schema in Postgres (n8n's migrations).
    await importExamples({ userFolder: folders.main, work, emulatorUrl: parts.emulator.url, requestsPerMinute, ready, env: shared, timed });

    parts.main = await timed('start main', () => startN8n({ userFolder: folders.main, port: mainPort, env: shared, logToStderr, label: 'main', onSpawn }));
    const { session, api, loadedNodes } = await setupOwnerAndApi({ n8n: parts.main, owner, expectedTypes, timed });

    const folderFor = (name) => {
      const folder = path.join(dir, 'n8n', name);
      fs.mkdirSync(path.join(folder, '.n8n'), { recursive: true });
      // one install of the package, seen by every process as its own ~/.n8n/nodes
      fs.symlinkSync(path.join(folders.main, '.n8n', 'nodes'), path.join(folder, '.n8n', 'nodes'));
      return folder;
    };
    const startWorker = async (i) => {
      const healthPort = await freePort();
      const env = { ...shared, QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_CONCURRENCY_PRODUCTION_LIMIT: String(workerConcurrency) };
      const name = `worker-${i}`;
      const w = await timed(`start ${name}`, () => startN8n({ userFolder: folderFor(name), command: 'worker', env, logToStderr, label: name, onSpawn }));
      return Object.assign(w, { name });
    };
    // allSettled: what did start is in `parts` (so stop() ends it) even if another part failed
    const started = await Promise.allSettled([
      timed('start webhook processor', () =>
        startN8n({ userFolder: folderFor('webhook'), command: 'webhook', port: webhookPort, env: shared, logToStderr, label: 'webhook', onSpawn }),
      ),
      ...Array.from({ length: workers }, (_, i) => startWorker(i + 1)),
    ]);
    const [webhook, ...ws] = started.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    parts.webhook = webhook;
    parts.workers = ws.filter(Boolean);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    timings.total = (Date.now() - tStart) / 1000;

    return {
      dir,
      tgz,
      get main() {
        return parts.main;
      },
      get webhook() {
        return parts.webhook;
      },
      get workers() {
        return parts.workers;
      },
      postgres: parts.postgres,
      redis: parts.redis,
      get emulator() {
        return parts.emulator;
      },
      /**
       * A fresh emulator (new org, empty record) on the same URL, so the next load run starts from the
       * same state; n8n keeps its credential (its cached token gets a 401 and is renewed).
       */
      async restartEmulator(opts = {}) {
        const port = parts.emulator.port;
        await parts.emulator.stop();
        parts.emulator = undefined;
        parts.emulator = await startEmulatorProcess({ seed, rateLimit: requestsPerMinute, latencyMs: emulatorLatencyMs, queues, acwBacklog, logToStderr, ...opts, port });
        return parts.emulator;
      },
      session,
      api,
      owner,
      nodeTypes,
      loadedNodes,
      examples: ready,
      waitingExamples: waiting,
      sharedEnv: shared,
      timings,
      /** Production URL of a webhook path, on the webhook processor. */
      webhookUrl: (webhookPath) => `${parts.webhook.url}/webhook/${webhookPath}`,
      /** pids of every process the cluster started (process group leaders), for a leak check. */
      pids: () =>
        [parts.postgres, parts.redis, parts.emulator, parts.main, parts.webhook, ...parts.workers].filter(Boolean).map((p) => p.pid),
      stop,
    };
  } catch (e) {
    for (const p of [parts.main, parts.webhook, ...parts.workers]) if (p) e.message += `\n--- ${p.command} output (last 3000) ---\n${p.logs().slice(-3000)}`;
    await stop();
    throw e;
  }
}

module.exports = { startCluster, QUEUE_ENV, DEFAULT_DIR };
