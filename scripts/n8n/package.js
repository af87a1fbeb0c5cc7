'use strict';
/**
 * This repo's package as a user gets it: the `npm pack` tarball, and the node types n8n registers
 * for it (`<package name>.<node name>`), read from the built dist/ files package.json lists.
 *
 *   const tgz = packPackage(tmpDir);           // needs a build (npm run build) first
 *   packageNodeTypes()  // [{ type: 'n8n-nodes-genesys-cloud.genesysCloudEndAcw', name, displayName, file }]
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function packageJson() {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
}

/** Runs `npm pack` into destDir and returns the tarball's absolute path. */
function packPackage(destDir) {
  fs.mkdirSync(destDir, { recursive: true });
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k]; // not the caller's npm run context
  const r = spawnSync('npm', ['pack', '--silent', `--pack-destination=${destDir}`], { cwd: REPO_ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const name = r.stdout.trim().split('\n').pop();
  const tgz = path.join(destDir, name);
  if (!fs.existsSync(tgz)) throw new Error(`npm pack printed "${name}" but ${tgz} does not exist`);
  return tgz;
}

/**
 * The nodes the built package declares: requires each dist file in package.json's n8n.nodes and
 * reads its description, so a node added to package.json is covered without editing any list here.
 */
function packageNodeTypes() {
  const pkg = packageJson();
  return (pkg.n8n.nodes || []).map((rel) => {
    const file = path.join(REPO_ROOT, rel);
    if (!fs.existsSync(file)) throw new Error(`${rel} (package.json n8n.nodes) is not built: run npm run build`);
    const mod = require(file);
    const Cls = Object.values(mod).find((v) => typeof v === 'function');
    const d = new Cls().description;
    return { type: `${pkg.name}.${d.name}`, name: d.name, displayName: d.displayName, defaultName: d.defaults?.name, file };
  });
}

module.exports = { packPackage, packageNodeTypes, packageJson, REPO_ROOT };
