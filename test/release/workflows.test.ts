/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * The GitHub workflows: valid YAML; CI runs the README's test command on pushes and pull requests
 * and caches the pinned n8n runtime by its pins; Publish runs on version tags only, tests first,
 * then publishes with provenance through npm trusted publishing (OIDC), with no npm token.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

import { PINS } from '../../scripts/n8n/runtime';
import { REPO_ROOT } from '../harness/loadPackage';

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown>; id?: string };
type Job = { steps: Step[]; permissions?: Record<string, string>; env?: Record<string, unknown> };
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const read = (name: string) => fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', name), 'utf8');
const load = (name: string): Workflow => parse(read(name), { strict: true, uniqueKeys: true });
const allSteps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);

/** The README's test command, from its first code block ("npm install && npm test  # ..."). */
function readmeTestCommand(): string {
	const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
	const line = readme.split('\n').find((l) => /^npm install && npm test\b/.test(l));
	if (!line) throw new Error('README has no "npm install && npm test" line');
	return line.replace(/#.*$/, '').trim();
}

/** The cache of the n8n runtime: path and a key built from every pin. */
function expectRuntimeCache(wf: Workflow) {
	const steps = allSteps(wf);
	const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'));
	expect(cache?.with?.path).toBe('.cache/n8n-runtime');
	const pins = steps.find((s) => s.id === 'pins');
	expect(String(cache?.with?.key)).toContain('${{ steps.pins.outputs.key }}');
	// the key step, run as the runner runs it, names every pin: a new pin means a new cache
	const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gc-gh-output-')), 'out');
	execFileSync('bash', ['-c', pins!.run!], { cwd: REPO_ROOT, env: { ...process.env, GITHUB_OUTPUT: output } });
	const key = /^key=(.+)$/m.exec(fs.readFileSync(output, 'utf8'))![1];
	for (const [name, version] of Object.entries(PINS as Record<string, string>)) expect(key).toContain(`${name}@${version}`);
	expect(key).not.toMatch(/,/); // GitHub refuses cache keys with commas
	// cached before the tests run
	expect(steps.indexOf(cache!)).toBeLessThan(steps.findIndex((s) => s.run === readmeTestCommand()));
}

describe('ci.yml', () => {
	const wf = load('ci.yml');

	test('is valid YAML that runs on every push and pull request', () => {
		expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
		expect(wf.on.push).toBeNull(); // every branch and tag
		expect(wf.on.pull_request).toBeNull();
	});

	test('runs the README\'s test command, with the n8n runtime cached by its pins', () => {
		expect(allSteps(wf).map((s) => s.run)).toContain(readmeTestCommand());
		expectRuntimeCache(wf);
	});

	test('only reads the repository', () => {
		expect(wf.permissions).toEqual({ contents: 'read' });
	});
});

describe('publish.yml', () => {
	const wf = load('publish.yml');
	const steps = allSteps(wf);

	test('is valid YAML that runs only on version tags', () => {
		expect(wf.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	test('may mint an OIDC token (id-token: write) and only read the repository', () => {
		expect(wf.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		for (const job of Object.values(wf.jobs)) expect(job.permissions).toBeUndefined();
	});

	test('checks the tag against package.json, runs the README\'s test command, then publishes with provenance', () => {
		const runs = steps.map((s) => s.run?.trim());
		const tagCheck = runs.findIndex((r) => r?.includes('"$GITHUB_REF_NAME" != "v$version"'));
		const tests = runs.indexOf(readmeTestCommand());
		const publish = runs.indexOf('npm publish --provenance --access public');
		expect(tagCheck).toBeGreaterThan(-1);
		expect(tests).toBeGreaterThan(tagCheck);
		expect(publish).toBeGreaterThan(tests);
		expect(runs.filter((r) => r?.includes('npm publish'))).toHaveLength(1);
		expectRuntimeCache(wf);
	});

	test('uses trusted publishing: npm 11.5.1 or later, the npm registry, and no npm token anywhere', () => {
		const npmInstall = runs(steps).find((r) => /^npm install -g npm@/.test(r));
		const [major, minor, patch] = /npm@(\d+)\.(\d+)\.(\d+)/.exec(npmInstall!)!.slice(1).map(Number);
		expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(11 * 1e6 + 5 * 1e3 + 1);
		expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['registry-url']).toBe('https://registry.npmjs.org');
		const text = read('publish.yml');
		expect(text).not.toMatch(/secrets\./);
		expect(text).not.toMatch(/NODE_AUTH_TOKEN|NPM_TOKEN|_authToken/);
	});
});

function runs(steps: Step[]): string[] {
	return steps.map((s) => s.run?.trim()).filter((r): r is string => Boolean(r));
}
