/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * What n8n's verification checks about the package's source: repository, homepage, bugs, author
 * and license agree with each other, with the LICENSE file and with the README.
 */
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../harness/loadPackage';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const license = fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const releasing = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'releasing.md'), 'utf8');

const match = /^git\+https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\.git$/.exec(pkg.repository?.url ?? '');
const [owner, repo] = match ? match.slice(1) : [];
const web = `https://github.com/${owner}/${repo}`;

test('repository is a public GitHub repository named like the package; homepage and bugs are its pages', () => {
	expect(pkg.repository.type).toBe('git');
	expect(match).not.toBeNull();
	expect(repo).toBe(pkg.name);
	expect(pkg.homepage).toBe(`${web}#readme`);
	expect(pkg.bugs).toEqual({ url: `${web}/issues` });
});

test('author is the LICENSE\'s copyright holder; the license is MIT in package.json and LICENSE', () => {
	expect(pkg.license).toBe('MIT');
	expect(license.split('\n')[0]).toBe('MIT License');
	const holder = /^Copyright \(c\) \d{4} (.+)$/m.exec(license)?.[1];
	expect(pkg.author.name).toBe(holder);
	expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
});

test('the releasing page names the same repository, and the README the license', () => {
	expect(releasing).toContain(`${owner}/${repo}`);
	expect(releasing).toContain('publish.yml');
	expect(readme).toMatch(new RegExp(`\\[LICENSE\\]\\(LICENSE\\)[^\\n]*${pkg.license}|${pkg.license}[^\\n]*\\[LICENSE\\]\\(LICENSE\\)`));
});
