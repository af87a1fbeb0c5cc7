#!/usr/bin/env node
'use strict';
/**
 * `npm run cluster` (the npm script builds first): n8n 2.41.1 in queue mode on this machine —
 * Postgres, Redis, one main, one webhook processor, two workers — with this package installed from
 * its tarball, talking to the Genesys Cloud emulator at Genesys's default limit (300 requests a
 * minute per OAuth client). Installs Debian's redis-server/postgresql with apt-get when missing.
 * Ctrl-C, or SIGINT/SIGTERM to npm alone (the npm script `exec`s node, so npm's forwarded signal
 * reaches it rather than stopping at the shell), stops every process it started.
 *
 * Env: CLUSTER_WORKERS (2), CLUSTER_N8N_PORT (5678, main), CLUSTER_WEBHOOK_PORT (5679),
 * CLUSTER_EMULATOR_PORT (8787), CLUSTER_RATE_LIMIT (300), CLUSTER_LATENCY_MS (50),
 * CLUSTER_ACW_BACKLOG (50 conversations in ACW), CLUSTER_QUEUES (300), N8N_TEST_LOGS=1 (n8n's logs).
 */
const path = require('path');
const { execFileSync } = require('child_process');
const { startCluster, DEFAULT_DIR } = require('./cluster');
const { PINS } = require('../n8n/runtime');

const env = (name, fallback) => Number(process.env[name] || fallback);
const log = (msg) => process.stderr.write(`[cluster] ${msg}\n`);
// A fixed, printed login: everything listens on 127.0.0.1 only and holds nothing but demo data.
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'Admin', password: 'Demo-Passw0rd' };

/** Processes in the process groups the cluster started (each part runs in its own group). */
function leftovers(pgids) {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, pgid]) => pid && pgids.includes(Number(pgid)))
    .map(([pid, , ...args]) => `${pid} ${args.join(' ')}`);
}

// Ctrl-C while starting aborts the start: the step under way ends, then startCluster stops what it
// had started (and a runtime install under way is ended).
const startAborted = new AbortController();
let interruptedWhileStarting = false;
const onEarlySignal = (signal) => {
  interruptedWhileStarting = true;
  log(`${signal} during the start: stopping once the current step ends ...`);
  startAborted.abort(signal);
};
process.on('SIGINT', onEarlySignal);
process.on('SIGTERM', onEarlySignal);

async function main() {
  const cluster = await startCluster({
    dir: DEFAULT_DIR,
    workers: env('CLUSTER_WORKERS', 2),
    mainPort: env('CLUSTER_N8N_PORT', 5678),
    webhookPort: env('CLUSTER_WEBHOOK_PORT', 5679),
    emulatorPort: env('CLUSTER_EMULATOR_PORT', 8787),
    requestsPerMinute: env('CLUSTER_RATE_LIMIT', 300),
    emulatorLatencyMs: env('CLUSTER_LATENCY_MS', 50),
    acwBacklog: env('CLUSTER_ACW_BACKLOG', 50),
    queues: env('CLUSTER_QUEUES', 300),
    owner: OWNER,
    signal: startAborted.signal,
    log,
    logToStderr: process.env.N8N_TEST_LOGS === '1',
  });
  const pgids = cluster.pids();
  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping the cluster ...`);
    await cluster.stop();
    const left = leftovers(pgids);
    if (left.length) log(`still running (kill them by pid):\n  ${left.join('\n  ')}`);
    else log('stopped; no process of the cluster is left');
    process.exit(left.length ? 1 : 0);
  };
  process.off('SIGINT', onEarlySignal);
  process.off('SIGTERM', onEarlySignal);
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (interruptedWhileStarting) return stop('Ctrl-C during start');
  for (const p of [cluster.main, cluster.webhook, ...cluster.workers]) {
    p.process.on('exit', (code, signal) => !stopping && log(`${p.name || p.command} (pid ${p.pid}) exited (code ${code}, signal ${signal})`));
  }

  const hook = cluster.webhookUrl('crm-case-saved');
  const id = cluster.emulator.acwBacklog[0] || '<conversation id>';
  const lines = [
    '',
    `  n8n ${PINS.n8n} in queue mode is running (${path.relative(process.cwd(), cluster.dir) || cluster.dir}), started in ${cluster.timings.total} s:`,
    '',
    `  Main (editor, API):   ${cluster.main.url}     login ${OWNER.email} / ${OWNER.password}`,
    `  Webhook processor:    ${cluster.webhook.url}`,
    ...cluster.workers.map((w) => `  ${w.name}:${' '.repeat(Math.max(1, 21 - w.name.length))}pid ${w.pid}, health ${w.url}/healthz`),
    `  Postgres:             127.0.0.1:${cluster.postgres.port} (database n8n)`,
    `  Redis:                127.0.0.1:${cluster.redis.port}`,
    `  Emulator:             ${cluster.emulator.url}  (${env('CLUSTER_RATE_LIMIT', 300)} requests/min per OAuth client, state: ${cluster.emulator.url}/__emulator/state)`,
    '',
    '  End a conversation\'s after-call work through the webhook processor (a worker runs it):',
    `    curl -s -X POST ${hook} -H 'content-type: application/json' -d '{"conversationId":"${id}","caseId":"CASE-1042"}'`,
    `  ${cluster.emulator.acwBacklog.length} conversations wait in ACW (ids: ${cluster.emulator.url}/__emulator/state).`,
    '  Executions (which worker ran what): the editor\'s Executions list.',
    '',
    '  Ctrl-C stops every process. The next run starts from fresh databases.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e) => {
  if (startAborted.signal.aborted) {
    log('stopped during the start; nothing of it is left running');
    process.exit(130);
  }
  log(`failed: ${e.stack || e}`);
  process.exit(1);
});
