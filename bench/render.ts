/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * `node -r ts-node/register/transpile-only bench/render.ts`: writes bench/results.md again from
 * bench/results.json and the baseline, without running anything (after a change to the report).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { renderMarkdown } from './report';

const read = (file: string) => JSON.parse(readFileSync(path.join(__dirname, file), 'utf8'));
writeFileSync(path.join(__dirname, 'results.md'), renderMarkdown(read('results.json'), read('baseline-2026-11-25.json')));
