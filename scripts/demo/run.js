#!/usr/bin/env node
'use strict';
/**
 * `npm run demo` (after `npm install`; the npm script builds first): a real n8n with this package,
 * talking to the Genesys Cloud emulator, no Genesys org needed.
 *
 * Installs the pinned n8n runtime on first use (about 4 minutes, into .cache/n8n-runtime), packs the
 * package and installs the tarball into a fresh demo user folder (.cache/demo/n8n-user) as a user's
 * install would, starts the emulator (demo org, http://127.0.0.1:8787) and n8n (http://127.0.0.1:5678),
 * creates the owner, a ready credential and the example workflows (examples/*.json), then prints
 * the login and what to try. Ctrl-C stops both processes.
 *
 * `--watch` (`npm run dev`): then rebuild and reload the package on every change (scripts/demo/watch.js).
 *
 * Env: DEMO_N8N_PORT (5678), DEMO_EMULATOR_PORT (8787), DEMO_USER_FOLDER (.cache/demo/n8n-user; emptied
 * at start), N8N_TEST_LOGS=1 to see n8n's own log.
 *
 * Ctrl-C, or SIGINT/SIGTERM to this process alone (the npm script `exec`s node so that npm's forwarded
 * signal reaches it and not only the shell, which would hold it until node exited), stops both
 * processes; during the start, once the step under way ends.
 */
const path = require('path');
const { startStack } = require('../n8n/stack');
const { conversationsInAcw } = require('../n8n/emulator');
const { CREDENTIAL } = require('../n8n/examples');
const { watchAndReload } = require('./watch');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const USER_FOLDER = path.resolve(process.env.DEMO_USER_FOLDER || path.join(REPO_ROOT, '.cache', 'demo', 'n8n-user'));
const N8N_PORT = Number(process.env.DEMO_N8N_PORT || 5678);
const EMULATOR_PORT = Number(process.env.DEMO_EMULATOR_PORT || 8787);
// A fixed, printed login: this n8n listens on 127.0.0.1 only and holds nothing but demo data.
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'Admin', password: 'Demo-Passw0rd' };
const WATCH = process.argv.includes('--watch');
// --wrapup-auth participant-user: the emulator lets only the conversation's own agent (signed in with an
// Authorization Code credential) apply its wrap-up (test/emulator/resources/wrapupAuth.ts)
const WRAPUP_AUTH = (() => {
  const at = process.argv.indexOf('--wrapup-auth');
  const value = at >= 0 ? process.argv[at + 1] : 'permission';
  if (!['permission', 'participant-user'].includes(value)) {
    process.stderr.write(`--wrapup-auth must be permission or participant-user, got ${value}\n`);
    process.exit(2);
  }
  return value;
})();

const log = (msg) => process.stderr.write(`[demo] ${msg}\n`);

/** The production webhook URL of the first webhook node of an example. */
function webhookUrls(stack) {
  return stack.examples
    .filter((ex) => ex.hasWebhook)
    .map((ex) => {
      const hook = ex.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
      return { name: ex.workflow.name, url: `${stack.n8n.url}/webhook/${hook.parameters.path}` };
    });
}

async function printTryIt(stack) {
  const state = await stack.emulator.state();
  const inAcw = conversationsInAcw(state);
  const lines = [
    '',
    '  n8n with the Genesys Cloud nodes is running (emulated Genesys Cloud org, no real org needed).',
    '',
    `  Editor:    ${stack.n8n.url}`,
    `  Login:     ${OWNER.email}  /  ${OWNER.password}`,
    `  Emulator:  ${stack.emulator.url}  (state: ${stack.emulator.url}/__emulator/state)`,
    `  Credential "${CREDENTIAL.name}" is ready and points at the emulator.`,
    ...(WRAPUP_AUTH === 'participant-user'
      ? [
          "  Wrap-up rule: participant-user. Only the conversation's own agent may apply its wrap-up: create a",
          '  Genesys Cloud credential with Grant Type "Authorization Code" (the emulator\'s client: Client ID and Secret',
          `  as in scripts/n8n/emulator.js; Region Custom, both URLs ${stack.emulator.url}), click Connect, and pick`,
          "  the conversation's agent on the emulator's sign-in page.",
        ]
      : []),
    '',
    '  Try it:',
    '  1. Open Overview: the example workflows are there. Open one and click "Execute workflow";',
    '     click a node to see what it changed in the emulated org.',
  ];
  for (const ex of stack.examples) lines.push(`       - ${ex.workflow.name}`);
  let n = 2;
  for (const hook of webhookUrls(stack)) {
    const id = inAcw[0] || '<conversation id>';
    lines.push(
      `  ${n++}. Play the CRM: a saved case ends the agent's after-call work ("${hook.name}"):`,
      `       curl -s -X POST ${hook.url} -H 'content-type: application/json' -d '{"conversationId":"${id}","caseId":"CASE-1042"}'`,
    );
    if (inAcw.length > 1) lines.push(`     Other conversations in ACW: ${inAcw.slice(1, 4).join(', ')}`);
  }
  lines.push(
    `  ${n++}. Build your own: new workflow, "+" and type "Genesys"; pick queues and data actions from the list.`,
    `  ${n++}. Break it on purpose: make the emulator fail every data-action read, then run the timeout example:`,
    `       curl -s -X POST ${stack.emulator.url}/__emulator/faults -H 'content-type: application/json' \\`,
    `            -d '{"match":{"regex":"^/api/v2/integrations/actions"},"status":503,"count":"Infinity"}'`,
    `       (undo: curl -s -X DELETE ${stack.emulator.url}/__emulator/faults)`,
  );
  if (stack.waitingExamples.length) {
    lines.push('', `  Not imported (their node is not in this build yet): ${stack.waitingExamples.map((e) => e.slug).join(', ')}`);
  }
  lines.push('', '  Ctrl-C stops n8n and the emulator. The next run starts from a fresh demo folder.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

// Ctrl-C during the start aborts it: the step under way ends, then startStack stops what it had started.
const startAborted = new AbortController();

async function main() {
  let stack;
  let watcher;
  let stopping = false;
  const shutdown = async (signal, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    if (!stack) {
      log(`${signal} during the start: stopping once the current step ends ...`);
      return startAborted.abort(signal);
    }
    log(`${signal}: stopping n8n and the emulator ...`);
    if (watcher) await watcher.stop();
    if (stack) await stack.stop();
    log('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const t0 = Date.now();
  stack = await startStack({
    userFolder: USER_FOLDER,
    n8nPort: N8N_PORT,
    emulatorPort: EMULATOR_PORT,
    seed: 'demo',
    wrapupAuth: WRAPUP_AUTH,
    owner: OWNER,
    log,
    logToStderr: process.env.N8N_TEST_LOGS === '1',
    signal: startAborted.signal,
  });
  if (stopping) {
    // the signal came while the last step ran: that step finished, so stop what is up
    await stack.stop();
    log('stopped');
    process.exit(130);
  }
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await printTryIt(stack);
  // If either child dies on its own, the demo is broken: say so and stop the other one. An n8n
  // that --watch replaced on purpose is not watched any more.
  let n8nProcess = stack.n8n.process;
  const watchExit = (name, child) =>
    child.on('exit', (code, sig) => {
      if (stopping || (name === 'n8n' && child !== n8nProcess)) return;
      log(`${name} exited unexpectedly (code ${code}, signal ${sig})`);
      shutdown('exit', 1);
    });
  watchExit('n8n', n8nProcess);
  watchExit('emulator', stack.emulator.process);
  if (WATCH) {
    watcher = watchAndReload({
      userFolder: USER_FOLDER,
      port: N8N_PORT,
      n8n: stack.n8n,
      log,
      logToStderr: process.env.N8N_TEST_LOGS === '1',
      onBeforeRestart: () => (n8nProcess = undefined),
      onRestart: (n8n) => watchExit('n8n', (n8nProcess = n8n.process)),
    });
  }
}

main().catch((e) => {
  if (startAborted.signal.aborted) {
    log('stopped during the start; nothing of it is left running');
    process.exit(130);
  }
  process.stderr.write(`[demo] failed: ${e.stack || e}\n`);
  if (/EADDRINUSE|port/i.test(String(e.message))) {
    process.stderr.write(`[demo] Is another demo or n8n running? Set DEMO_N8N_PORT / DEMO_EMULATOR_PORT to use other ports.\n`);
  }
  process.exit(1);
});
