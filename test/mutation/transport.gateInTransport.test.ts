/**
 * Issue 17, mutation testing: the first-token gate as the transport uses it, through n8n's engine
 * against the emulator. A success marks the credential as holding a token, so later requests do not
 * queue behind one another; a lead that failed passes the lead on before its own wait; every
 * request sent is counted once.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { generateBulkActions, seedDataActions } from '../emulator/fixtures/dataActions';
import { apiRequests, probeOn, tokenRequests } from '../harness/probe';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ rateLimitPerMinute: 0, seed: (store) => seedDataActions(store) });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.clearFaults();
	emulator.clearRequests();
});

const probe = probeOn(() => emulator);

/** A dry run of Update Data Action Timeout over `count` actions: 8 items at a time, 1 GET each. */
async function readActions(count: number) {
	const actions = generateBulkActions(count);
	for (const action of actions) emulator.store.actions.set(action.id, action);
	const result = await runNode({
		nodeType: 'genesysCloudUpdateDataActionTimeout',
		parameters: { dataAction: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, timeoutSeconds: 30, mode: 'published', options: { dryRun: true } },
		items: actions.map((action) => ({ id: action.id })),
		credentialStore: newCredentialStore(emulatorCredential(emulator)),
		emulator,
	});
	return { result, ids: actions.map((action) => action.id) };
}

test('[safety] after a first successful answer, later requests go without waiting for one another', async () => {
	// Item 0 fetches the token and gets a 200. Item 2's read is held 4 s at the emulator. If a
	// success did not mark the credential as holding a token, every later item would take the lead
	// in turn and items 3-7 would wait behind item 2's answer: they would arrive 4 s after it. The
	// bound is half the hold (not a timing target: it tells the two orders apart on a loaded machine).
	const actions = generateBulkActions(8);
	emulator.injectFault({ match: `/api/v2/integrations/actions/${actions[2].id}`, latencyMs: 4000 });
	const { result, ids } = await readActions(8);
	expect(result.error).toBeUndefined();
	const calls = apiRequests(result.requests);
	const arrival = (id: string) => calls.find((call) => call.path.endsWith(id))!.at;
	for (const id of ids.slice(3)) expect(arrival(id) - arrival(ids[2])).toBeLessThan(2000);
});

test('[safety] a lead whose token request got a 429 hands the lead on before its own Retry-After wait', async () => {
	// the first token request is told to wait 4 s; the second item must not wait with it
	emulator.injectFault({ match: 'oauthToken', status: 429, retryAfter: 4 });
	const { result } = await readActions(2);
	expect(result.error).toBeUndefined();
	const tokens = tokenRequests(result.requests);
	expect(tokens.map((r) => r.status)).toEqual([429, 200]);
	expect(tokens[1].at - tokens[0].at).toBeLessThan(2000);
});

test('[safety] every request sent is counted once, retries included (the apiCalls outputs)', async () => {
	const once = await probe({});
	expect(once.items[0].calls).toBe(1);
	emulator.injectFault({ match: 'getTokensMe', status: 503 });
	const retried = await probe({});
	expect(apiRequests(retried.requests)).toHaveLength(2);
	expect(retried.items[0].calls).toBe(2);
});
