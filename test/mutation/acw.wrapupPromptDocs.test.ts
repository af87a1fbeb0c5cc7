/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in Node and jest, outside n8n */
/**
 * Issue 17, mutation testing: the Wrap-up Prompt options the editor shows (their names and
 * descriptions are the only place a user learns what each Genesys prompt does) are the ones
 * docs/nodes.md documents, word for word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// the built module, as the nodes use it (loaded at run time: the lint of a fresh clone has no dist/)
const { WRAPUP_PROMPT_OPTIONS } = jest.requireActual<typeof import('../../nodes/shared/acw/acwSettings')>('../../dist/nodes/shared/acw/acwSettings');

const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'nodes.md'), 'utf8');
const documented = [...docs.matchAll(/^ {2}\| (.+?) \| `([A-Z_]+)` \| (.+?) \|$/gm)].map(([, name, value, description]) => ({ name, value, description }));

test('[safety] the editor offers exactly the five Wrap-up Prompts docs/nodes.md documents, with the same names and meanings', () => {
	expect(documented).toHaveLength(5);
	expect(WRAPUP_PROMPT_OPTIONS.map(({ name, value, description }) => ({ name, value, description }))).toEqual(documented);
});
