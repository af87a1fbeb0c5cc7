/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * CHANGELOG.md (Keep a Changelog): an entry for the version in package.json, the version policy,
 * and release links to this package's repository.
 */
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../harness/loadPackage';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const changelog = fs.readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
const repoUrl = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** "## [0.1.0] - 2026-11-26" → {version, date} for each release heading, in file order. */
const releases = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+(?:-[\w.]+)?)\] - (\d{4}-\d{2}-\d{2})$/gm)].map((m) => ({ version: m[1], date: m[2] }));

test('CHANGELOG.md has an entry for package.json\'s version, newest first, under an Unreleased section', () => {
	expect(releases.map((r) => r.version)).toContain(pkg.version);
	expect(releases[0].version).toBe(pkg.version);
	expect(changelog.indexOf('## [Unreleased]')).toBeLessThan(changelog.indexOf(`## [${pkg.version}]`));
	expect(changelog).toContain('[Keep a Changelog](https://keepachangelog.com/');
	const entry = changelog.slice(changelog.indexOf(`## [${pkg.version}]`)).split(/^## /m)[1];
	expect(entry).toMatch(/^### (Added|Changed|Deprecated|Removed|Fixed|Security)$/m);
});

test('the version policy says when a node\'s version goes up and that the package follows semver', () => {
	const policy = changelog.slice(changelog.indexOf('## Version policy'), changelog.indexOf('## [Unreleased]'));
	expect(policy).toMatch(/Semantic Versioning/);
	expect(policy).toMatch(/node's `version`[\s\S]*goes up when a workflow saved with the current version would behave differently/);
});

test('release links point at this package\'s repository and tags', () => {
	expect(changelog).toContain(`[Unreleased]: ${repoUrl}/compare/v${pkg.version}...HEAD`);
	for (const { version } of releases) expect(changelog).toContain(`[${version}]: ${repoUrl}/releases/tag/v${version}`);
});
