/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: test code runs in Node and jest, outside n8n */
/**
 * Issue 17: the transport's safety rules through n8n's engine against the emulator. Which requests
 * are repeated blindly (reads only, by default), what a login-host failure costs at the first-token
 * gate, what a 408 means, what the error says after the budget is spent, and what stopping an
 * execution does to a request in flight.
 */
import { inspect } from 'node:util';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, generateBulkActions, seedDataActions } from '../emulator/fixtures/dataActions';
import type { RecordedRequest } from '../emulator/types';
import { apiRequests, probeOn, tokenRequests } from '../harness/probe';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ rateLimitPerMinute: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.clearFaults();
	emulator.clearRequests();
});

const probe = probeOn(() => emulator);

/** Resolves once the emulator has received a request matching `match` (it records a request as it arrives). */
async function received(match: (request: RecordedRequest) => boolean): Promise<void> {
	while (!emulator.requests.some(match)) await new Promise((resolve) => setTimeout(resolve, 10));
}

test('[safety] 16 items on a fresh credential meeting one login-host 503 make 2 token requests, not one per item', async () => {
	seedDataActions(emulator.store);
	const actions = generateBulkActions(16);
	for (const action of actions) emulator.store.actions.set(action.id, action);
	emulator.injectFault({ match: 'oauthToken', status: 503 });
	const credentialStore = newCredentialStore(emulatorCredential(emulator));
	const result = await runNode({
		nodeType: 'genesysCloudUpdateDataActionTimeout',
		parameters: { dataAction: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, timeoutSeconds: 30, mode: 'published', options: { dryRun: true } },
		items: actions.map((action) => ({ id: action.id })),
		credentialStore,
		emulator,
	});
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(16);
	expect(tokenRequests(result.requests).map((r) => r.status)).toEqual([503, 200]);
	expect(credentialStore.tokenWrites).toBe(1);
}, 60_000);

test('[safety] a PUT and a DELETE are not resent blindly after a 503 by default', async () => {
	emulator.injectFault({ match: /^\/api\/v2\//, status: 503, count: Infinity });
	const put = await probe({ method: 'PUT', path: '/api/v2/routing/queues/q-1', body: '{"name":"q"}' });
	expect(apiRequests(put.requests)).toHaveLength(1);
	expect(put.error?.description).toContain('not repeated blindly');
	const remove = await probe({ method: 'DELETE', path: '/api/v2/integrations/actions/custom_-_x/draft' });
	expect(apiRequests(remove.requests)).toHaveLength(1);
	expect(remove.error?.description).toContain('not repeated blindly');
});

test('[fidelity] 408 is retried for a read (Terraform retries it with the 5xx family, API-NOTES §8.10)', async () => {
	emulator.injectFault({ match: 'getTokensMe', status: 408 });
	const result = await probe({});
	expect(result.error).toBeUndefined();
	expect(apiRequests(result.requests).map((r) => r.status)).toEqual([408, 200]);
});

test('[fidelity] 408 on a write that is not safe to repeat is not resent blindly', async () => {
	emulator.injectFault({ match: /^\/api\/v2\/routing\/queues\//, status: 408, count: Infinity });
	const result = await probe({ method: 'PUT', path: '/api/v2/routing/queues/q-1', body: '{"name":"q"}' });
	expect(apiRequests(result.requests)).toHaveLength(1);
	expect(result.error?.message).toMatch(/^Genesys Cloud answered 408/);
	expect(result.error?.description).toContain('not repeated blindly');
});

test('[safety] after a 429 and a spent server-error budget, the error counts every attempt, once', async () => {
	emulator.injectFault({ match: 'getTokensMe', status: 429, retryAfter: 1 });
	emulator.injectFault({ match: 'getTokensMe', status: 503, count: Infinity });
	const result = await probe({});
	expect(apiRequests(result.requests).map((r) => r.status)).toEqual([429, 503, 503, 503, 503]);
	expect(result.error?.description).toContain('gave up after 5 attempts');
	expect(result.error?.description).not.toMatch(/\d attempts · gave up/);
}, 30_000);

test('[safety] a request in flight when the execution is cancelled raises the one cancellation error', async () => {
	const credentialStore = newCredentialStore(emulatorCredential(emulator));
	await probe({}, { credentialStore }); // the token is there: only the slow request is in flight
	emulator.clearRequests();
	emulator.injectFault({ match: 'getTokensMe', latencyMs: 20_000 });
	const result = await probe({}, { credentialStore, cancelWhen: received((r) => r.path === '/api/v2/tokens/me') });
	expect(result.error?.message).toBe('The execution was cancelled');
	expect(apiRequests(result.requests)).toHaveLength(1);
}, 15_000);

/** Every layer of an error: itself, its `cause` chain, what util.inspect shows (hidden fields too), and JSON. */
function everythingIn(error: unknown): string {
	const layers: string[] = [];
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		layers.push(inspect(current, { depth: 6, showHidden: true }));
		try {
			layers.push(JSON.stringify(current));
		} catch {
			// circular: inspect above has it
		}
		current = (current as { cause?: unknown }).cause;
	}
	return layers.join('\n');
}

test('[safety] no secret, Basic header or token anywhere in an error: its cause chain and util.inspect included', async () => {
	const { DEFAULT_CLIENT } = await import('../emulator/server');
	const secret = 'Wr0ng-S3cret-Never-Shown';
	const rejected = await probe({}, { credentialStore: newCredentialStore(emulatorCredential(emulator, { clientSecret: secret })) });
	expect(rejected.error).toBeDefined();
	const rejectedText = everythingIn(rejected.error);
	expect(rejectedText).not.toContain(secret);
	expect(rejectedText).not.toContain(Buffer.from(`${DEFAULT_CLIENT.clientId}:${secret}`).toString('base64'));

	emulator.injectFault({ match: 'getTokensMe', status: 500, count: Infinity });
	const credentialStore = newCredentialStore(emulatorCredential(emulator));
	const failed = await probe({}, { credentialStore });
	const token = String((credentialStore.get('genesys-credential-1')?.data.oauthTokenData as { access_token?: string })?.access_token);
	expect(token.length).toBeGreaterThan(10);
	expect(failed.error).toBeDefined();
	const failedText = everythingIn(failed.error);
	expect(failedText).not.toContain(token);
	expect(failedText).not.toContain(DEFAULT_CLIENT.clientSecret);
}, 30_000);

test('[safety] a login-host 429 is waited out and the token asked for again, not a failed item', async () => {
	// n8n's OAuth2 client reports a login host's 4xx with its status only (no headers, so no
	// Retry-After): the SDKs' default 3 s wait applies. The API request itself was never sent.
	emulator.injectFault({ match: 'oauthToken', status: 429, retryAfter: 1 });
	const result = await probe({});
	expect(result.error).toBeUndefined();
	const tokens = tokenRequests(result.requests);
	expect(tokens.map((r) => r.status)).toEqual([429, 200]);
	expect(tokens[1].at - tokens[0].at).toBeGreaterThanOrEqual(2900);
	expect(apiRequests(result.requests).map((r) => r.status)).toEqual([200]);
});

// ---- The first-token gate inside the transport: a success marks the credential as holding a token,
// so later requests do not queue behind one another; a lead that failed passes the lead on before
// its own wait; every request sent is counted once.

/** A dry run of Update Data Action Timeout over `count` actions: 8 items at a time, 1 GET each. */
async function readActions(count: number) {
	seedDataActions(emulator.store);
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

test('[safety] the package reads the credential once per run, not once per request (in n8n each read decrypts it from the database)', async () => {
	// n8n's own OAuth2 request helper reads it for every request too: that share is the same per
	// request, so what a run of n requests costs is ours + n × n8n's, and ours is the difference
	const reads = async (count: number) => {
		const credentialStore = newCredentialStore(emulatorCredential(emulator));
		await probe({}, { credentialStore, items: Array.from({ length: count }, () => ({})) });
		await probe({}, { credentialStore, items: Array.from({ length: count }, () => ({})) }); // with a token now
		const before = credentialStore.decryptedReads;
		const result = await probe({}, { credentialStore, items: Array.from({ length: count }, () => ({})) });
		expect(result.error).toBeUndefined();
		return credentialStore.decryptedReads - before;
	};
	const one = await reads(1);
	const perRequest = (await reads(5)) - one;
	expect(perRequest % 4).toBe(0);
	expect(one - perRequest / 4).toBe(1);
});

// ---- A text/plain answer (a data action's template file) comes back as the exact text, even when that
// text is itself valid JSON: parsed, a JSON-looking Velocity template would be written back changed.

test('[safety] a template file that is valid JSON comes back as its exact text, not parsed', async () => {
	seedDataActions(emulator.store);
	const path = `/api/v2/integrations/actions/${DATA_ACTION_IDS.createCase}/templates/requesttemplate.vm`;
	const result = await probe({ path, responseType: 'text' });
	expect(result.error).toBeUndefined();
	expect(apiRequests(result.requests).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET ${path} 200`]);
	// the seeded template, byte for byte (its spacing included): a parsed answer would be an object
	expect(result.items[0].body).toBe('{"subject": "${input.subject}", "priority": "normal"}');
});
