'use strict';
/**
 * The example workflows (examples/*.json) and the ready credential they use.
 *
 * Every example refers to the credential by the fixed id CREDENTIAL.id, so one import of
 * `emulatorCredential(url)` makes them all runnable. An example whose Genesys node is not (yet) in
 * the built package is reported as unavailable instead of being imported as an unknown node:
 * adding a node's example is adding a JSON file.
 */
const fs = require('fs');
const path = require('path');
const { EMULATOR_CLIENT } = require('./emulator');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const CREDENTIAL = Object.freeze({ id: 'gcEmulatorCred01', name: 'Genesys Cloud (local emulator)', type: 'genesysCloudOAuth2Api' });
const PACKAGE_PREFIX = 'n8n-nodes-genesys-cloud.';

/** The credential as `n8n import:credentials` takes it: plain data, which n8n encrypts on import. */
function emulatorCredential(emulatorUrl, { client = EMULATOR_CLIENT, requestsPerMinute = 300 } = {}) {
  return {
    ...CREDENTIAL,
    data: {
      grantType: 'clientCredentials',
      region: 'custom',
      customLoginUrl: emulatorUrl,
      customApiUrl: emulatorUrl,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      requestsPerMinute,
    },
  };
}

/** [{file, slug, workflow, packageNodeTypes: [...], hasWebhook}] for every examples/*.json, sorted. */
function loadExamples(dir = EXAMPLES_DIR) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const workflow = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const types = [...new Set(workflow.nodes.map((n) => n.type))];
      return {
        file: path.join(dir, f),
        slug: f.replace(/\.json$/, ''),
        workflow,
        packageNodeTypes: types.filter((t) => t.startsWith(PACKAGE_PREFIX)),
        hasWebhook: types.includes('n8n-nodes-base.webhook'),
      };
    });
}

/** Splits examples into those whose package nodes all exist in `availableTypes` and the rest. */
function partitionExamples(examples, availableTypes) {
  const have = new Set(availableTypes);
  const ready = [];
  const waiting = [];
  for (const ex of examples) {
    const missing = ex.packageNodeTypes.filter((t) => !have.has(t));
    (missing.length ? waiting : ready).push(missing.length ? { ...ex, missing } : ex);
  }
  return { ready, waiting };
}

module.exports = { loadExamples, partitionExamples, emulatorCredential, CREDENTIAL, EXAMPLES_DIR, PACKAGE_PREFIX };
