'use strict';
/**
 * Load on a running cluster, and what the emulator's record says about it. Shared by the [cluster]
 * test (test/cluster) and `npm run bench:cluster` (bench/cluster).
 *
 *   const calls = await postWebhooks(cluster.webhookUrl('crm-case-saved'), ids);          // all at once
 *   const calls = await postWebhooks(url, ids, { intervalMs: 1000 });                       // 1 a second
 *   const run = analyseRun({ requests: await emulator.requests(), state: await emulator.state(), ids, calls });
 */
const http = require('http');
const { agentAcwState } = require('../n8n/emulator');

/**
 * POSTs one CRM "case saved" call per conversation id to a production webhook: all at once (as fast
 * as the webhook takes them) or one every `intervalMs`. Each call waits for n8n's answer (the
 * example answers when its last node ran). Resolves to [{conversationId, status, body, sentAt, answeredAt, error}].
 */
async function postWebhooks(url, conversationIds, { intervalMs = 0, timeoutMs = 30 * 60 * 1000 } = {}) {
  const one = async (conversationId, i) => {
    if (intervalMs) await new Promise((r) => setTimeout(r, i * intervalMs));
    const sentAt = Date.now();
    try {
      const { status, text } = await postJson(url, { conversationId, caseId: `CASE-${1000 + i}` }, timeoutMs);
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return { conversationId, status, body, sentAt, answeredAt: Date.now() };
    } catch (e) {
      return { conversationId, status: 0, error: String(e && e.message), sentAt, answeredAt: Date.now() };
    }
  };
  return Promise.all(conversationIds.map(one));
}

// One connection per call, no client-side limit on how long n8n takes to answer (a queued webhook
// answers when a worker finished it, minutes into a burst). Node's fetch would give up after 300 s.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function postJson(url, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

const WRAPUP_WRITE = /^\/api\/v2\/conversations\/(?:[a-z]+\/)?([^/]+)\/participants\/[^/]+(?:\/communications\/[^/]+\/wrapup)?$/;

/** Accepted (2xx) wrap-up writes per conversation id: [{at, handledAt}] each. */
function wrapupWrites(requests) {
  const byConversation = new Map();
  for (const r of requests) {
    if (r.method === 'GET' || !r.handlerStatus || r.handlerStatus >= 300) continue;
    const m = WRAPUP_WRITE.exec(r.path);
    if (!m) continue;
    if (!byConversation.has(m[1])) byConversation.set(m[1], []);
    byConversation.get(m[1]).push({ at: r.at, handledAt: r.handledAt });
  }
  return byConversation;
}

/** Is the conversation's last agent out of after-call work (wrapped up, skipped or timed out)? */
function wrappedUp(state, conversationId) {
  const conv = state.store.conversations[conversationId];
  const agent = conv && [...conv.participants].reverse().find((p) => p.purpose === 'agent');
  return Boolean(agent) && agentAcwState(agent) !== 'pending';
}

const percentile = (values, p) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/**
 * Figures of one run from the emulator's record (`requests`: GET /__emulator/requests, `state`:
 * GET /__emulator/state) for the conversations `ids` the webhook `calls` targeted.
 * - lost: a conversation still in ACW whose call got no error answer (nothing says it failed)
 * - failedWithError: still in ACW, but its call answered with an error (n8n said so)
 * - doubleWrites: conversations whose wrap-up was accepted more than once
 * - requestsPerMinute: API requests (429s included) from the first to the last, per minute;
 *   percentOfBound: the accepted ones against the limit
 * - latency: from the webhook POST to the wrap-up taking effect in the emulator (ms)
 */
function analyseRun({ requests, state, ids, calls = [], limitPerMinute = 300 }) {
  const api = requests.filter((r) => r.path.startsWith('/api/'));
  const rateLimited = api.filter((r) => r.status === 429).length;
  const writes = wrapupWrites(requests);
  const callById = new Map(calls.map((c) => [c.conversationId, c]));
  const notWrappedUp = ids.filter((id) => !wrappedUp(state, id));
  const failedWithError = notWrappedUp.filter((id) => {
    const c = callById.get(id);
    return c && (c.status >= 400 || c.status === 0);
  });
  const first = api.length ? Math.min(...api.map((r) => r.at)) : 0;
  const last = api.length ? Math.max(...api.map((r) => r.handledAt || r.at)) : 0;
  const minutes = (last - first) / 60000;
  const latencies = calls
    .map((c) => {
      const w = writes.get(c.conversationId);
      return w && w[0].handledAt ? w[0].handledAt - c.sentAt : undefined;
    })
    .filter((v) => v !== undefined);
  return {
    conversations: ids.length,
    webhookCalls: calls.length,
    webhookAnswers: countBy(calls.map((c) => String(c.status))),
    wrappedUp: ids.length - notWrappedUp.length,
    lost: notWrappedUp.length - failedWithError.length,
    failedWithError: failedWithError.length,
    doubleWrites: [...writes.values()].filter((w) => w.length > 1).length,
    apiRequests: api.length,
    rateLimited,
    share429: api.length ? rateLimited / api.length : 0,
    seconds: (last - first) / 1000,
    requestsPerMinute: minutes > 0 ? api.length / minutes : 0,
    // accepted requests a minute (a 429 takes no slot of the limit) against the limit
    percentOfBound: minutes > 0 ? (100 * (api.length - rateLimited)) / minutes / limitPerMinute : 0,
    // the calls needed at the limit: accepted requests (a 429 is not needed) / limit
    boundSeconds: ((api.length - rateLimited) / limitPerMinute) * 60,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: percentile(latencies, 100), n: latencies.length },
    byOperation: countBy(api.map((r) => `${r.operationId || r.path} ${r.status}`)),
  };
}

function countBy(keys) {
  const out = {};
  for (const k of keys) out[k] = (out[k] || 0) + 1;
  return out;
}

/** 429s per 10-second window (from the first API request): where in the run they happened. */
function rateLimitTimeline(requests, bucketMs = 10000) {
  const api = requests.filter((r) => r.path.startsWith('/api/'));
  if (!api.length) return [];
  const first = Math.min(...api.map((r) => r.at));
  const buckets = [];
  for (const r of api) {
    const i = Math.floor((r.at - first) / bucketMs);
    buckets[i] = buckets[i] || { fromSecond: (i * bucketMs) / 1000, requests: 0, rateLimited: 0 };
    buckets[i].requests++;
    if (r.status === 429) buckets[i].rateLimited++;
  }
  return buckets.filter(Boolean);
}

module.exports = { postWebhooks, analyseRun, wrapupWrites, wrappedUp, rateLimitTimeline, percentile };
