#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:cluster`: the package in n8n 2.41.1 queue mode (scripts/cluster), emulator at 50 ms
 * API latency and 300 requests/min per OAuth client, for 1 worker and for 2 workers:
 * - burst: N CRM webhooks to the End ACW example at once, while Set ACW Policy runs over N queues
 *   on the same credential
 * - latency: webhooks at 1 a second for 2 minutes; webhook POST -> wrap-up applied in the emulator
 * - kill (2+ workers): the burst, with `kill -9` of one worker a third of the way in; what n8n did
 *   with its executions, and what re-sending the failed webhook calls gives
 * Every case starts from a fresh emulator org. Figures go to bench/cluster-results.json (under the
 * run's label, so runs of different code sit side by side; within a label, by worker count, so a
 * 1-worker run keeps the 2-worker run's figures) and a table to stdout.
 *
 * Options (env or --flag=value): BENCH_CLUSTER_SCALE / --scale (1 = 300 webhooks and 300 queues,
 * 2 minutes of latency calls), BENCH_CLUSTER_WORKERS / --workers ("1,2"), BENCH_CLUSTER_CASES /
 * --cases ("burst,latency,kill"), BENCH_CLUSTER_LABEL / --label (default: the git commit).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { startCluster } = require('../../scripts/cluster/cluster');
const { postWebhooks, analyseRun, rateLimitTimeline, percentile } = require('../../scripts/cluster/load');
const { runWorkflow, nodeOutput, describeExecution } = require('../../scripts/n8n/run-workflow');
const { keepRun } = require('./results');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(REPO_ROOT, 'bench', 'cluster-results.json');
const LIMIT = 300;
const LATENCY_MS = 50;
const POLICY_WORKFLOW = { id: 'gcExAcwPolicyAll', trigger: 'Every night at 06:00', node: 'Set ACW Policy: 120 s time-boxed' };
const POLICY = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120000 };
const CRM_HOOK = 'crm-case-saved';
const END_ACW_WORKFLOW = 'gcExCrmEndAcw001';

function option(flag, envName, fallback) {
  const arg = process.argv.find((a) => a.startsWith(`--${flag}=`));
  return arg ? arg.slice(flag.length + 3) : process.env[envName] || fallback;
}
const SCALE = Number(option('scale', 'BENCH_CLUSTER_SCALE', '1'));
const WORKERS = option('workers', 'BENCH_CLUSTER_WORKERS', '1,2').split(',').map(Number);
const CASES = option('cases', 'BENCH_CLUSTER_CASES', 'burst,latency,kill').split(',');
const COMMIT = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
const LABEL = option('label', 'BENCH_CLUSTER_LABEL', COMMIT);
const BURST = Math.round(300 * SCALE);
const QUEUES = Math.round(300 * SCALE);
const LATENCY_CALLS = Math.round(120 * SCALE);

const log = (msg) => process.stderr.write(`[bench:cluster] ${new Date().toISOString().slice(11, 19)} ${msg}\n`);

/** Queues whose ACW settings are not the policy's (excluded ones aside), from the emulator state. */
function queuesNotCompliant(state, excluded) {
  return Object.values(state.store.queues).filter(
    (q) => !excluded.includes(q.id) && (q.acwSettings?.wrapupPrompt !== POLICY.wrapupPrompt || q.acwSettings?.timeoutMs !== POLICY.timeoutMs),
  ).length;
}

/** Accepted PUTs per queue, and how many queues were written more than once. */
function queueWrites(requests) {
  const counts = new Map();
  for (const r of requests) {
    if (r.method !== 'PUT' || !/^\/api\/v2\/routing\/queues\/[^/]+$/.test(r.path) || !r.handlerStatus || r.handlerStatus >= 300) continue;
    counts.set(r.path, (counts.get(r.path) || 0) + 1);
  }
  return { queuesWritten: counts.size, writtenTwice: [...counts.values()].filter((c) => c > 1).length };
}

/** Executions of a workflow by status, from the public API (Postgres). */
async function executionsByStatus(api, workflowId) {
  const out = {};
  let cursor;
  do {
    const r = await api('GET', `/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${cursor}` : ''}`);
    if (r.status !== 200) throw new Error(`GET /executions: ${r.status}`);
    for (const e of r.data.data) out[e.status] = (out[e.status] || 0) + 1;
    cursor = r.data.nextCursor;
  } while (cursor);
  return out;
}

/** The burst: webhooks for every backlog conversation at once + the policy over all queues. */
async function burst(cluster, { killAfterMs } = {}) {
  const emulator = cluster.emulator;
  const ids = emulator.acwBacklog;
  const excluded = (await excludedQueues(cluster)) || [];
  await emulator.control('DELETE', 'requests');
  const t0 = Date.now();
  const policyRun = runWorkflow({ session: cluster.session, api: cluster.api, workflowId: POLICY_WORKFLOW.id, triggerName: POLICY_WORKFLOW.trigger, timeoutMs: 60 * 60 * 1000 }).then(
    (execution) => ({ execution, at: Date.now() }),
    (error) => ({ error: String(error.message).slice(0, 500), at: Date.now() }),
  );
  const callsRun = postWebhooks(cluster.webhookUrl(CRM_HOOK), ids, { timeoutMs: 20 * 60 * 1000 }).then((calls) => ({ calls, at: Date.now() }));
  let killed;
  if (killAfterMs) {
    await new Promise((r) => setTimeout(r, killAfterMs));
    const victim = cluster.workers[cluster.workers.length - 1];
    const running = (victim.logs().match(/Worker started execution/g) || []).length - (victim.logs().match(/Worker finished execution/g) || []).length;
    log(`kill -9 ${victim.name} (pid ${victim.pid}) with ${running} executions running`);
    killed = { worker: victim.name, atSeconds: (Date.now() - t0) / 1000, runningExecutions: running };
    await victim.kill('SIGKILL');
  }
  const [policy, { calls, at: callsDone }] = await Promise.all([policyRun, callsRun]);
  const drainSeconds = (Math.max(policy.at, callsDone) - t0) / 1000;
  const [requests, state] = await Promise.all([emulator.requests(), emulator.state()]);
  const run = analyseRun({ requests, state, ids, calls, limitPerMinute: LIMIT });
  const summary = policy.execution ? safeOutput(policy.execution) : undefined;
  return {
    ...run,
    drainSeconds,
    drainVsBound: run.boundSeconds ? drainSeconds / run.boundSeconds : null,
    policy: {
      status: policy.execution ? policy.execution.status : 'not finished',
      error: policy.error || (policy.execution && policy.execution.status !== 'success' ? describeExecution(policy.execution) : undefined),
      summary: summary && { considered: summary.considered, changed: summary.changed, unchanged: summary.unchanged, excluded: summary.excluded, failed: summary.failed },
      queuesNotCompliant: queuesNotCompliant(state, excluded),
      ...queueWrites(requests),
    },
    perWorker: Object.fromEntries(cluster.workers.map((w) => [w.name, (w.logs().match(/Worker started execution/g) || []).length])),
    timeline: rateLimitTimeline(requests),
    // what n8n answered the calls that failed (a few, to tell a node's error from n8n's own)
    failedCallAnswers: calls.filter((c) => c.status !== 200).slice(0, 5).map((c) => ({ status: c.status, body: c.body, error: c.error })),
    responseValidationErrors: state.responseValidationErrors.length,
    killed,
    calls,
    requests,
    state,
  };
}

function safeOutput(execution) {
  try {
    return nodeOutput(execution, POLICY_WORKFLOW.node)[0];
  } catch {
    return undefined;
  }
}

async function excludedQueues(cluster) {
  const ex = cluster.examples.find((e) => e.workflow.id === POLICY_WORKFLOW.id);
  return ex && ex.workflow.nodes.find((n) => n.name === POLICY_WORKFLOW.node).parameters.excludeQueueIds;
}

/** Keep the JSON small: drop the raw record a case carried for later steps. */
function figures(result) {
  const { calls, requests, state, byOperation, ...rest } = result;
  return rest;
}

async function latency(cluster) {
  const ids = cluster.emulator.acwBacklog;
  await cluster.emulator.control('DELETE', 'requests');
  const calls = await postWebhooks(cluster.webhookUrl(CRM_HOOK), ids, { intervalMs: 1000 });
  const [requests, state] = await Promise.all([cluster.emulator.requests(), cluster.emulator.state()]);
  const run = analyseRun({ requests, state, ids, calls, limitPerMinute: LIMIT });
  return { ...run, timeline: undefined, breakdownMs: latencyBreakdown(requests, calls) };
}

/**
 * Where the time from the webhook POST to the wrap-up applied goes, per call, from the emulator's
 * record of the conversation's API requests (up to the accepted wrap-up write):
 * - n8nPath: POST -> the first API request (n8n's webhook -> Redis -> worker path, node start-up);
 * - emulator: the API requests' own time (the emulator's latency);
 * - between: from one answer to the next request (the pacer's waits and the node's own code).
 * p50 and p95 of each part, and of the whole.
 */
function latencyBreakdown(requests, calls) {
  const parts = { n8nPath: [], emulator: [], between: [], total: [] };
  for (const call of calls) {
    const mine = requests.filter((r) => r.path.startsWith('/api/') && r.path.includes(call.conversationId)).sort((a, b) => a.at - b.at);
    const end = mine.findIndex((r) => r.method !== 'GET' && r.handlerStatus && r.handlerStatus < 300);
    if (end < 0) continue;
    const used = mine.slice(0, end + 1);
    parts.n8nPath.push(used[0].at - call.sentAt);
    parts.emulator.push(used.reduce((sum, r) => sum + (r.handledAt - r.at), 0));
    parts.between.push(used.slice(1).reduce((sum, r, i) => sum + (r.at - used[i].handledAt), 0));
    parts.total.push(used[used.length - 1].handledAt - call.sentAt);
  }
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, { p50: percentile(v, 50), p95: percentile(v, 95) }]));
}

/** Burst with a worker killed, then what n8n recorded and what re-sending the failed calls gives. */
async function killCase(cluster, boundGuessMs) {
  const first = await burst(cluster, { killAfterMs: Math.round(boundGuessMs / 3) });
  const executions = await executionsByStatus(cluster.api, END_ACW_WORKFLOW);
  const failed = first.calls.filter((c) => c.status !== 200).map((c) => c.conversationId);
  log(`kill case: ${failed.length} webhook calls failed; n8n executions by status ${JSON.stringify(executions)}; re-sending them`);
  const retry = await postWebhooks(cluster.webhookUrl(CRM_HOOK), failed, { timeoutMs: 20 * 60 * 1000 });
  let policyRerun;
  if (first.policy.status !== 'success') {
    const execution = await runWorkflow({ session: cluster.session, api: cluster.api, workflowId: POLICY_WORKFLOW.id, triggerName: POLICY_WORKFLOW.trigger, timeoutMs: 60 * 60 * 1000 });
    policyRerun = { status: execution.status, summary: safeOutput(execution) };
  }
  const [requests, state] = await Promise.all([cluster.emulator.requests(), cluster.emulator.state()]);
  const ids = cluster.emulator.acwBacklog;
  const after = analyseRun({ requests, state, ids, calls: [...first.calls.filter((c) => c.status === 200), ...retry], limitPerMinute: LIMIT });
  return {
    firstRun: figures(first),
    n8nExecutions: executions,
    failedCalls: failed.length,
    failedCallAnswers: first.calls.filter((c) => c.status !== 200).slice(0, 5).map((c) => ({ status: c.status, body: c.body, error: c.error })),
    rerunAnswers: after.webhookAnswers && countAnswers(retry),
    policyRerun,
    afterRerun: {
      wrappedUp: after.wrappedUp,
      lost: after.lost,
      failedWithError: after.failedWithError,
      doubleWrites: after.doubleWrites,
      queuesNotCompliant: queuesNotCompliant(state, (await excludedQueues(cluster)) || []),
      queueWrites: queueWrites(requests),
    },
  };
}

function countAnswers(calls) {
  const out = {};
  for (const c of calls) out[c.status] = (out[c.status] || 0) + 1;
  return out;
}

const pct = (v) => (v === null || v === undefined ? '—' : `${(100 * v).toFixed(1)}%`);
const sec = (v) => (v === null || v === undefined ? '—' : `${Math.round(v)} s`);

function table(byWorkers) {
  const rows = [
    ['', ...Object.keys(byWorkers).map((w) => `${w} worker${w === '1' ? '' : 's'}`)],
    ['Burst: requests/min (% of 300/min bound)', (r) => r.burst && `${Math.round(r.burst.requestsPerMinute)} (${r.burst.percentOfBound.toFixed(0)}%)`],
    ['Burst: 429s / all requests', (r) => r.burst && `${r.burst.rateLimited} / ${r.burst.apiRequests} (${pct(r.burst.share429)})`],
    ['Burst: lost webhook calls / double writes', (r) => r.burst && `${r.burst.lost} / ${r.burst.doubleWrites}`],
    ['Burst: drain time (bound)', (r) => r.burst && `${sec(r.burst.drainSeconds)} (${sec(r.burst.boundSeconds)}, ×${r.burst.drainVsBound.toFixed(2)})`],
    ['Latency at 1/s: p50 / p95', (r) => r.latency && `${r.latency.latencyMs.p50} ms / ${r.latency.latencyMs.p95} ms`],
    ['Latency p50: n8n path / emulator / pacer+node between requests', (r) => r.latency && r.latency.breakdownMs && `${r.latency.breakdownMs.n8nPath.p50} / ${r.latency.breakdownMs.emulator.p50} / ${r.latency.breakdownMs.between.p50} ms`],
    ['Worker killed: failed calls, after re-run lost / double writes', (r) => r.kill && `${r.kill.failedCalls}, ${r.kill.afterRerun.lost} / ${r.kill.afterRerun.doubleWrites}`],
  ];
  const [head, ...body] = rows;
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const [name, f] of body) lines.push(`| ${name} | ${Object.values(byWorkers).map((r) => f(r) || '—').join(' | ')} |`);
  return lines.join('\n');
}

let current; // the running cluster, stopped on Ctrl-C
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    log(`${signal}: stopping the cluster`);
    if (current) await current.stop().catch(() => {});
    process.exit(130);
  });
}

async function main() {
  const settings = { limitPerMinute: LIMIT, apiLatencyMs: LATENCY_MS, scale: SCALE, burstWebhooks: BURST, policyQueues: QUEUES, latencyCalls: LATENCY_CALLS, n8n: '2.41.1', commit: COMMIT };
  log(`label ${LABEL}: ${JSON.stringify(settings)}; workers ${WORKERS.join(', ')}; cases ${CASES.join(', ')}`);
  const byWorkers = {};
  for (const workers of WORKERS) {
    const r = (byWorkers[workers] = {});
    log(`starting a cluster with ${workers} worker(s) ...`);
    const cluster = (current = await startCluster({
      dir: path.join(REPO_ROOT, '.cache', 'cluster-bench'),
      workers,
      requestsPerMinute: LIMIT,
      emulatorLatencyMs: LATENCY_MS,
      queues: QUEUES,
      acwBacklog: BURST,
      log: (m) => log(`  ${m}`),
    }));
    r.clusterStartSeconds = cluster.timings.total;
    try {
      let boundGuessMs = ((BURST * 3 + QUEUES * 3) / LIMIT) * 60000;
      if (CASES.includes('burst')) {
        log(`burst: ${BURST} webhooks + Set ACW Policy over ${QUEUES} queues`);
        const b = await burst(cluster);
        r.burst = figures(b);
        boundGuessMs = b.boundSeconds * 1000;
        log(`burst: ${JSON.stringify({ ...r.burst, timeline: undefined })}`);
      }
      if (CASES.includes('latency')) {
        await cluster.restartEmulator({ queues: 0, acwBacklog: LATENCY_CALLS });
        log(`latency: ${LATENCY_CALLS} webhooks at 1/s`);
        r.latency = await latency(cluster);
        log(`latency: ${JSON.stringify(r.latency.latencyMs)} 429s ${r.latency.rateLimited}`);
      }
      if (CASES.includes('kill') && workers >= 2) {
        await cluster.restartEmulator({ queues: QUEUES, acwBacklog: BURST });
        log('worker killed: burst, kill -9 one worker a third of the way in');
        r.kill = await killCase(cluster, boundGuessMs);
        log(`kill: ${JSON.stringify({ ...r.kill, firstRun: { ...r.kill.firstRun, timeline: undefined } })}`);
      }
    } finally {
      await cluster.stop();
      current = undefined;
    }
  }
  const before = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, 'utf8')) : { runs: {} };
  const all = keepRun(before, { label: LABEL, generatedAt: new Date().toISOString(), settings, byWorkers });
  fs.writeFileSync(RESULTS, JSON.stringify(all, null, 2) + '\n');
  process.stdout.write(`\n${LABEL} (scale ${SCALE}):\n${table(byWorkers)}\n\nfigures: ${path.relative(REPO_ROOT, RESULTS)}\n`);
}

main().catch((e) => {
  log(`failed: ${e.stack || e}`);
  process.exit(1);
});
