/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in Node and jest, outside n8n */
/**
 * The README stays a newcomer's page (short, the two commands first) and every relative link in it
 * and in docs/ leads to a file that exists: moving a section must not leave a dead link behind.
 */
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../harness/loadPackage';

const readmePath = path.join(REPO_ROOT, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const docPages = fs
	.readdirSync(path.join(REPO_ROOT, 'docs'))
	.filter((name) => name.endsWith('.md'))
	.map((name) => path.join(REPO_ROOT, 'docs', name));

test('the README is at most 250 lines, with the prerequisites before the two commands', () => {
	expect(readme.split('\n').length).toBeLessThanOrEqual(250);
	const prerequisites = readme.indexOf('## Before you start');
	const commands = readme.indexOf('npm install && npm test');
	expect(prerequisites).toBeGreaterThan(0);
	expect(commands).toBeGreaterThan(prerequisites);
});

test.each([readmePath, ...docPages].map((file) => [path.relative(REPO_ROOT, file), file]))(
	'every relative link in %s leads to an existing file',
	(_name, file) => {
		const text = fs.readFileSync(file, 'utf8');
		const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
			.map((match) => match[1].split('#')[0])
			.filter((target) => target !== '' && !/^[a-z]+:/.test(target));
		const missing = targets.filter((target) => !fs.existsSync(path.resolve(path.dirname(file), target)));
		expect(missing).toEqual([]);
	},
);
