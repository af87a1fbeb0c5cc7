#!/usr/bin/env node
'use strict';
/**
 * End-to-end check of the real-n8n groundwork on this machine:
 *   runtime + chromium, CLI (import:credentials plain data, export --decrypted, import:workflow,
 *   execute --rawOutput, user-management:reset), start n8n, /healthz, owner setup, login,
 *   API key over /rest/api-keys, public API /api/v1 (credential + workflow), headless chromium
 *   loading the editor, stop.
 * Usage: node scripts/n8n/smoke.js [--keep]   (--keep leaves the temp user folder)
 * Prints timings; exits non-zero on the first failure.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { ensureRuntime } = require('./runtime');
const { ensureChromium } = require('./chromium');
const { startN8n, n8nCli, parseRawOutput, installPackageTgz } = require('./instance');
const { setupOwner, login, createApiKey, publicApi, DEFAULT_OWNER } = require('./rest');

const t = {};
async function step(name, fn) {
  const t0 = Date.now();
  process.stderr.write(`[smoke] ${name} ...\n`);
  const r = await fn();
  t[name] = (Date.now() - t0) / 1000;
  process.stderr.write(`[smoke] ${name} ok (${t[name]} s)\n`);
  return r;
}
function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}
function cliOk(r, what) {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r;
}

(async () => {
  const rt = await step('ensureRuntime', ensureRuntime);
  const chromium = await step('ensureChromium', async () => ensureChromium());
  const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-smoke-'));
  const work = path.join(userFolder, 'work');
  fs.mkdirSync(work);
  let n8n;
  try {
    // --- CLI, before the server runs (sqlite: one writer at a time) ---
    const credsFile = path.join(work, 'creds.json');
    fs.writeFileSync(
      credsFile,
      JSON.stringify([
        {
          id: 'smokeCred1',
          name: 'Smoke header auth',
          type: 'httpHeaderAuth',
          data: { name: 'X-Smoke', value: 'plain-secret-123' }, // plain object: n8n encrypts it
        },
      ]),
    );
    await step('cli import:credentials (plain data)', async () =>
      cliOk(await n8nCli(['import:credentials', `--input=${credsFile}`], { userFolder }), 'import:credentials'),
    );
    await step('cli export:credentials --decrypted', async () => {
      const out = path.join(work, 'creds-out.json');
      cliOk(await n8nCli(['export:credentials', '--id=smokeCred1', '--decrypted', `--output=${out}`], { userFolder }), 'export');
      const exp = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert(exp[0].data.value === 'plain-secret-123', `decrypted export gave ${JSON.stringify(exp[0].data)}`);
    });
    const wfFile = path.join(work, 'wf.json');
    fs.writeFileSync(
      wfFile,
      JSON.stringify({
        id: 'smokeWf1',
        name: 'Smoke workflow',
        active: false,
        settings: {},
        nodes: [
          {
            id: 'a1',
            name: 'Start',
            type: 'n8n-nodes-base.manualTrigger',
            typeVersion: 1,
            position: [0, 0],
            parameters: {},
          },
          {
            id: 'a2',
            name: 'Set',
            type: 'n8n-nodes-base.set',
            typeVersion: 3.4,
            position: [200, 0],
            parameters: {
              assignments: { assignments: [{ id: 'x1', name: 'sum', value: '={{ 1 + 2 }}', type: 'number' }] },
              options: {},
            },
          },
        ],
        connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
      }),
    );
    await step('cli import:workflow', async () =>
      cliOk(await n8nCli(['import:workflow', `--input=${wfFile}`], { userFolder }), 'import:workflow'),
    );
    await step('cli execute --id --rawOutput', async () => {
      const r = cliOk(await n8nCli(['execute', '--id=smokeWf1', '--rawOutput'], { userFolder }), 'execute');
      const run = parseRawOutput(r.stdout);
      const sum = run.data.resultData.runData.Set[0].data.main[0][0].json.sum;
      assert(sum === 3, `execute output: ${r.stdout.slice(0, 1000)}`);
    });

    // --- a packed community package, installed as a user's install would be ---
    await step('installPackageTgz + execute its node', async () => {
      const pkg = path.join(work, 'pkg');
      fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
      fs.writeFileSync(
        path.join(pkg, 'package.json'),
        JSON.stringify({
          name: 'n8n-nodes-smokehello',
          version: '0.0.1',
          keywords: ['n8n-community-node-package'],
          files: ['dist'],
          n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: ['dist/Hello.node.js'] },
          peerDependencies: { 'n8n-workflow': '*' },
        }),
      );
      fs.writeFileSync(
        path.join(pkg, 'dist', 'Hello.node.js'),
        `class Hello { constructor() { this.description = { displayName: 'Smoke Hello', name: 'hello',
          group: ['transform'], version: 1, description: 'x', defaults: { name: 'Smoke Hello' },
          inputs: ['main'], outputs: ['main'], properties: [] }; }
          async execute() { return [this.getInputData().map(() => ({ json: { hello: 'world' } }))]; } }
        module.exports = { Hello };`,
      );
      const packed = spawnSync('npm', ['pack', '--silent', `--pack-destination=${work}`], { cwd: pkg, encoding: 'utf8' });
      assert(packed.status === 0, `npm pack: ${packed.stderr}`);
      const tgz = path.join(work, packed.stdout.trim().split('\n').pop());
      await installPackageTgz(userFolder, tgz);
      const wf = path.join(work, 'wf-hello.json');
      fs.writeFileSync(
        wf,
        JSON.stringify({
          id: 'smokeWf2',
          name: 'Smoke hello',
          active: false,
          settings: {},
          nodes: [
            { id: 'h1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
            { id: 'h2', name: 'Hi', type: 'n8n-nodes-smokehello.hello', typeVersion: 1, position: [200, 0], parameters: {} },
          ],
          connections: { Start: { main: [[{ node: 'Hi', type: 'main', index: 0 }]] } },
        }),
      );
      cliOk(await n8nCli(['import:workflow', `--input=${wf}`], { userFolder }), 'import:workflow');
      const r = cliOk(await n8nCli(['execute', '--id=smokeWf2', '--rawOutput'], { userFolder }), 'execute');
      const out = parseRawOutput(r.stdout).data.resultData.runData.Hi[0].data.main[0][0].json;
      assert(out.hello === 'world', `community node output ${JSON.stringify(out)}`);
    });

    // --- server ---
    n8n = await step('startN8n', () => startN8n({ userFolder }));
    t.n8nStartReported = n8n.startSeconds;
    await step('healthz', async () => {
      const r = await fetch(`${n8n.url}/healthz`);
      assert(r.status === 200, `/healthz ${r.status}`);
    });
    const s = await step('owner setup', () => setupOwner(n8n.url));
    await step('login', async () => {
      const s2 = await login(n8n.url, DEFAULT_OWNER);
      const me = await s2.request('GET', '/rest/login', undefined, { expect: 200 });
      assert(me.data.data.email === DEFAULT_OWNER.email, `GET /rest/login: ${JSON.stringify(me.data).slice(0, 200)}`);
    });
    const apiKey = await step('create api key', () => createApiKey(s));
    const api = publicApi(n8n.url, apiKey);
    await step('public api', async () => {
      let r = await api('GET', '/workflows');
      assert(r.status === 200, `GET /api/v1/workflows ${r.status} ${JSON.stringify(r.data).slice(0, 300)}`);
      assert(r.data.data.some((w) => w.id === 'smokeWf1'), 'imported workflow listed');
      r = await api('POST', '/credentials', { name: 'Api cred', type: 'httpHeaderAuth', data: { name: 'X-A', value: 'b' } });
      assert(r.status === 200, `POST /api/v1/credentials ${r.status} ${JSON.stringify(r.data).slice(0, 300)}`);
      r = await api('POST', '/workflows', {
        name: 'Api workflow',
        nodes: [{ id: 'b1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
        connections: {},
        settings: {},
      });
      assert(r.status === 200, `POST /api/v1/workflows ${r.status} ${JSON.stringify(r.data).slice(0, 300)}`);
      r = await fetch(`${n8n.url}/api/v1/workflows`, { headers: { 'X-N8N-API-KEY': 'wrong' } });
      assert(r.status === 401, `bad key gave ${r.status}`);
    });
    await step('chromium loads editor', async () => {
      const r = spawnSync(
        chromium,
        ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=15000', '--dump-dom', `${n8n.url}/signin`],
        { encoding: 'utf8', timeout: 90000 },
      );
      assert(r.status === 0 && /<div id="app"|data-test-id/.test(r.stdout), `chromium dump-dom: ${r.status} ${r.stderr.slice(-500)}`);
    });
    await step('stop', () => n8n.stop());
    n8n = null;

    await step('cli user-management:reset', async () =>
      cliOk(await n8nCli(['user-management:reset'], { userFolder }), 'user-management:reset'),
    );
    process.stdout.write(JSON.stringify({ ok: true, runtime: rt.dir, userFolder, seconds: t }, null, 1) + '\n');
  } catch (e) {
    if (n8n) {
      process.stderr.write(`--- n8n logs (tail) ---\n${n8n.logs().slice(-6000)}\n`);
      await n8n.stop();
    }
    throw e;
  } finally {
    if (!process.argv.includes('--keep')) fs.rmSync(userFolder, { recursive: true, force: true });
  }
})().catch((e) => {
  process.stderr.write(`[smoke] FAILED: ${e.stack || e}\n`);
  process.exit(1);
});
