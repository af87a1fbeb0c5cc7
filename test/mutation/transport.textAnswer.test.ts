/**
 * Issue 17, mutation testing: a text/plain answer (a data action's template file) comes back as
 * the exact text, even when that text is itself valid JSON. The transport asks for it as text
 * (encoding and Accept); parsed, a JSON-looking Velocity template would be written back as an
 * object or re-serialised, and the action's template would change.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import { apiRequests, probeOn } from '../harness/probe';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ seed: (store) => seedDataActions(store) });
});
afterAll(async () => {
	await emulator.close();
});

const probe = probeOn(() => emulator);

test('[safety] a template file that is valid JSON comes back as its exact text, not parsed', async () => {
	const path = `/api/v2/integrations/actions/${DATA_ACTION_IDS.createCase}/templates/requesttemplate.vm`;
	const result = await probe({ path, responseType: 'text' });
	expect(result.error).toBeUndefined();
	expect(apiRequests(result.requests).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET ${path} 200`]);
	// the seeded template, byte for byte (its spacing included): a parsed answer would be an object
	expect(result.items[0].body).toBe('{"subject": "${input.subject}", "priority": "normal"}');
});
