/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * n8n's community package scanner (@n8n/scan-community-package) on the packed tarball and on the
 * source, offline, through scripts/scan-package.mjs: the same ESLint rule set n8n's gate runs.
 * The negative control proves the scan really lints what it is given.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from '../harness/loadPackage';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'scan-package.mjs');

function scan(args: string[] = []) {
	const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 5 * 60 * 1000 });
	if (r.status === 2 || !r.stdout.trim()) throw new Error(`scan-package did not run (exit ${r.status}):\n${r.stderr}`);
	return { status: r.status, result: JSON.parse(r.stdout.trim().split('\n').pop()!) };
}

let work: string;
beforeAll(() => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-scan-test-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the packed tarball and the source pass n8n\'s community package scanner', () => {
	const { status, result } = scan();
	expect(result).toEqual({
		passed: true,
		tarball: { passed: true, message: null, details: null },
		source: { passed: true, message: null, details: null },
	});
	expect(status).toBe(0);
}, 5 * 60 * 1000);

test('the scan fails a package with a runtime dependency and a node that uses timers, on both legs', () => {
	// the shipped package as npm packs it, then broken the way the scanner's rules forbid
	const packed = JSON.parse(spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout)[0];
	const pkgDir = path.join(work, 'package');
	fs.mkdirSync(pkgDir);
	spawnSync('tar', ['-xzf', path.join(work, packed.filename), '-C', pkgDir, '--strip-components=1']);
	const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	manifest.dependencies = { axios: '1.13.2' };
	fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2));
	const nodeFile = path.join(pkgDir, manifest.n8n.nodes[0]);
	fs.appendFileSync(nodeFile, '\nsetTimeout(() => undefined, 1);\n');

	const sourceDir = path.join(work, 'source');
	fs.mkdirSync(path.join(sourceDir, 'nodes', 'Broken'), { recursive: true });
	fs.writeFileSync(path.join(sourceDir, 'package.json'), JSON.stringify(manifest, null, 2));
	fs.writeFileSync(path.join(sourceDir, 'nodes', 'Broken', 'Broken.node.ts'), 'export const wait = () => setTimeout(() => undefined, 1);\n');

	const { status, result } = scan(['--package', pkgDir, '--source', sourceDir]);
	expect(status).toBe(1);
	expect(result.passed).toBe(false);
	for (const leg of [result.tarball, result.source]) {
		expect(leg.passed).toBe(false);
		expect(leg.details).toContain('@n8n/community-nodes/no-runtime-dependencies');
		expect(leg.details).toContain('@n8n/community-nodes/no-restricted-globals');
	}
}, 5 * 60 * 1000);
