'use strict';
/**
 * Runs a saved workflow on a running n8n the way the editor's "Execute workflow" button does, and
 * waits for its result. The public API has no "run now", so the run goes through the internal
 * REST endpoint (cookie session) and the result is read back through the public API (plain JSON).
 *
 *   const exec = await runWorkflow({ session, api, workflowId, triggerName: 'Schedule Trigger' });
 *   exec.status                      // 'success' | 'error' | ...
 *   nodeOutput(exec, 'End ACW')      // [json, ...] of the node's first run, first output
 *   nodeError(exec)                  // {node, message, description} of the failed node, or undefined
 */

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

async function runWorkflow({ session, api, workflowId, triggerName, timeoutMs = 120000 }) {
  const body = triggerName ? { triggerToStartFrom: { name: triggerName } } : {};
  const r = await session.request('POST', `/rest/workflows/${workflowId}/run`, body, { expect: 200 });
  const executionId = r.data.data && r.data.data.executionId;
  if (!executionId) throw new Error(`run of ${workflowId} gave no executionId: ${JSON.stringify(r.data).slice(0, 500)}`);
  return await waitForExecution(api, executionId, timeoutMs);
}

/** Polls GET /api/v1/executions/<id>?includeData=true until the execution finished. */
async function waitForExecution(api, executionId, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await api('GET', `/executions/${executionId}?includeData=true`);
    if (r.status === 200 && FINISHED.has(r.data.status)) return r.data;
    if (Date.now() > deadline) throw new Error(`execution ${executionId} not finished after ${timeoutMs} ms: ${JSON.stringify(r.data).slice(0, 500)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/**
 * The newest finished execution of a workflow (e.g. one a webhook call started); with `newerThan`
 * (an execution id read before the call), only one started after it.
 */
async function latestExecution(api, workflowId, { newerThan, timeoutMs = 30000 } = {}) {
  // A webhook answered by Respond to Webhook reaches its caller before n8n has finished (and
  // saved) the execution: poll until the newest one exists and is finished.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await api('GET', `/executions?workflowId=${workflowId}&limit=1&includeData=true`);
    if (r.status !== 200) throw new Error(`GET /executions: ${r.status} ${JSON.stringify(r.data).slice(0, 300)}`);
    const newest = r.data.data[0];
    const isNew = newest && (newerThan === undefined || Number(newest.id) > Number(newerThan));
    if (isNew && FINISHED.has(newest.status)) return newest;
    if (Date.now() > deadline) throw new Error(`no finished execution of ${workflowId} after ${timeoutMs} ms: ${JSON.stringify(newest || null).slice(0, 300)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

function nodeOutput(execution, nodeName, { run = 0, output = 0 } = {}) {
  const runs = execution.data.resultData.runData[nodeName];
  if (!runs) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(execution.data.resultData.runData).join(', ')}`);
  const main = runs[run].data && runs[run].data.main;
  return ((main && main[output]) || []).map((item) => item.json);
}

function nodeError(execution) {
  const err = execution.data && execution.data.resultData && execution.data.resultData.error;
  if (!err) return undefined;
  return { node: err.node && err.node.name, message: err.message, description: err.description, httpCode: err.httpCode };
}

/** One line for assertion messages: status, failed node and message. */
function describeExecution(execution) {
  const e = nodeError(execution);
  return `execution ${execution.id} ${execution.status}${e ? `: node "${e.node}": ${e.message}${e.description ? ` (${e.description})` : ''}` : ''}`;
}

module.exports = { runWorkflow, waitForExecution, latestExecution, nodeOutput, nodeError, describeExecution };
