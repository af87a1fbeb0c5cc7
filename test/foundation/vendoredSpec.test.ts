/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * The repo carries copies of the spec and the path checker (vendor/) so CI needs nothing outside
 * it. Where the originals are present (../shared/), the copies must be identical, and the original
 * checker must pass too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../harness/loadPackage';

const SHARED = path.join(REPO_ROOT, '..', 'shared');
const pairs = [
	['vendor/genesys/platform-api-subset.json', 'genesys/platform-api-subset.json'],
	['vendor/genesys/API-NOTES.md', 'genesys/API-NOTES.md'],
	['vendor/tools/check-api-paths.mjs', 'tools/check-api-paths.mjs'],
];

const describeIfShared = existsSync(SHARED) ? describe : describe.skip;

describeIfShared('vendored copies match ../shared', () => {
	test.each(pairs)('%s is identical to ../shared/%s', (copy, original) => {
		expect(readFileSync(path.join(REPO_ROOT, copy), 'utf8')).toBe(readFileSync(path.join(SHARED, original), 'utf8'));
	});

	test('node ../shared/tools/check-api-paths.mjs reports no path outside the spec', () => {
		const output = execFileSync(process.execPath, [path.join(SHARED, 'tools', 'check-api-paths.mjs')], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		});
		expect(output).toMatch(/[1-9]\d* API paths in source, 0 not in the spec/);
	});
});
