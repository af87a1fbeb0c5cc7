/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 3 acceptance: the credential and the shared transport, driven through n8n's engine by the
 * test-only probe node, against the emulator.
 */
import type { Emulator } from '../emulator/server';
import { DEFAULT_CLIENT, startEmulator } from '../emulator/server';
import { apiRequests, probeOn, tokenRequests } from '../harness/probe';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.clearFaults();
	emulator.clearRequests();
});

const probe = probeOn(() => emulator);

test('one token fetch serves many requests, items and executions', async () => {
	const credentialStore = newCredentialStore(emulatorCredential(emulator));
	const first = await probe({}, { items: Array.from({ length: 5 }, () => ({})), credentialStore });
	const second = await probe({}, { items: [{}, {}], credentialStore });
	expect(first.error).toBeUndefined();
	expect(second.error).toBeUndefined();
	expect(first.items).toHaveLength(5);
	expect(tokenRequests([...first.requests, ...second.requests])).toHaveLength(1);
	expect(apiRequests([...first.requests, ...second.requests])).toHaveLength(7);
	expect(credentialStore.tokenWrites).toBe(1);
	// the token request used HTTP Basic, as Genesys documents, not the secret in the body
	const tokenRequest = tokenRequests(first.requests)[0];
	expect(JSON.stringify(tokenRequest.body)).not.toContain(DEFAULT_CLIENT.clientSecret);
	expect(tokenRequest.body).toEqual({ grant_type: 'client_credentials' });
});

test('a token the emulator expired is renewed and the request succeeds', async () => {
	const credentialStore = newCredentialStore(emulatorCredential(emulator));
	await probe({}, { credentialStore });
	emulator.expireAllTokens();
	const result = await probe({}, { credentialStore });
	expect(result.error).toBeUndefined();
	expect(result.items[0].status).toBe(200);
	expect(result.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
		'/api/v2/tokens/me 401',
		'/oauth/token 200',
		'/api/v2/tokens/me 200',
	]);
	expect(credentialStore.tokenWrites).toBe(2);
});

test('[review] 429 with Retry-After: 7 waits 7 s (not the 3 s default), then succeeds', async () => {
	// 7 s is far from the 3 s used when Retry-After is absent: a transport that ignores the header
	// retries after ~3 s and fails the lower bound. Timers fire late, never early, so the lower
	// bound is exact; the upper one leaves room for a loaded machine and still excludes 14 s (twice).
	emulator.injectFault({ match: 'getTokensMe', status: 429, retryAfter: 7 });
	const result = await probe({});
	expect(result.error).toBeUndefined();
	const calls = apiRequests(result.requests);
	expect(calls.map((r) => r.status)).toEqual([429, 200]);
	const waited = calls[1].at - calls[0].at;
	expect(waited).toBeGreaterThanOrEqual(7000);
	expect(waited).toBeLessThan(12_000);
}, 30_000);

test('503 twice, then 200, succeeds', async () => {
	emulator.injectFault({ match: 'getTokensMe', status: 503, count: 2 });
	const result = await probe({});
	expect(result.error).toBeUndefined();
	expect(apiRequests(result.requests).map((r) => r.status)).toEqual([503, 503, 200]);
});

test('a dropped connection on a GET is retried', async () => {
	emulator.injectFault({ match: 'getTokensMe', drop: true });
	const result = await probe({});
	expect(result.error).toBeUndefined();
	expect(apiRequests(result.requests).map((r) => r.status)).toEqual([0, 200]);
});

test('retries exhausted gives a NodeApiError with the Genesys message and correlation ID', async () => {
	emulator.injectFault({ match: 'getTokensMe', status: 503, count: Infinity });
	const result = await probe({});
	const calls = apiRequests(result.requests);
	expect(calls).toHaveLength(4);
	expect(result.error?.name).toBe('NodeApiError');
	expect(result.error?.message).toMatch(/^Genesys Cloud answered 503 \(service\.unavailable\): /);
	expect(result.error?.description).toContain('gave up after 4 attempts');
	expect(result.error?.description).toContain('correlation ID ');
	expect(result.error?.description).toMatch(/correlation ID [0-9a-f-]{36}/);
});

test('a POST is not repeated blindly after a 503', async () => {
	emulator.injectFault({ match: 'postConversationsCallParticipantCommunicationWrapup', status: 503, count: Infinity });
	const result = await probe({
		method: 'POST',
		path: '/api/v2/conversations/calls/c1/participants/p1/communications/k1/wrapup',
		body: '{"code":"x"}',
	});
	expect(apiRequests(result.requests)).toHaveLength(1);
	expect(result.error?.description).toContain('not repeated blindly');
});

test('a 429 asking for more than 180 s is not waited for', async () => {
	emulator.injectFault({ match: 'getTokensMe', status: 429, retryAfter: 3600 });
	const result = await probe({});
	expect(apiRequests(result.requests)).toHaveLength(1);
	expect(result.error?.message).toContain('429');
	expect(result.error?.description).toContain('more than the 180 s');
});

test('a wrong secret gives a clear credential error, and the secret appears nowhere', async () => {
	const secret = 'Wr0ng-S3cret-Never-Shown';
	const result = await probe(
		{},
		{ credentialStore: newCredentialStore(emulatorCredential(emulator, { clientSecret: secret })) },
	);
	expect(result.error?.message).toMatch(/^Genesys rejected the client ID or secret for region 127\.0\.0\.1:\d+$/);
	expect(apiRequests(result.requests)).toHaveLength(0);
	const everything = JSON.stringify({ error: result.error, description: result.error?.description, run: result.run });
	expect(everything).not.toContain(secret);
	expect(everything).not.toContain(Buffer.from(`${DEFAULT_CLIENT.clientId}:${secret}`).toString('base64'));
});

test('a login host hiccup (503 on the token endpoint) is retried, and the request succeeds', async () => {
	emulator.injectFault({ match: 'oauthToken', status: 503 });
	const result = await probe({});
	expect(result.error).toBeUndefined();
	expect(result.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
		'/oauth/token 503',
		'/oauth/token 200',
		'/api/v2/tokens/me 200',
	]);
});

test('a login host that stays down gives a clear error, not a wrong-secret one', async () => {
	emulator.injectFault({ match: 'oauthToken', status: 503, count: Infinity });
	const result = await probe({});
	expect(result.error?.message).toMatch(/^Could not get an access token from the Genesys Cloud login host for region 127\.0\.0\.1:\d+$/);
	expect(result.error?.description).toContain('No API request was sent');
	expect(apiRequests(result.requests)).toHaveLength(0);
});

test('the real secret and token appear in no output or error', async () => {
	emulator.injectFault({ match: 'getTokensMe', status: 500, count: Infinity });
	const credentialStore = newCredentialStore(emulatorCredential(emulator));
	const ok = await probe({ path: '/api/v2/authorization/divisions' }, { credentialStore });
	const failed = await probe({}, { credentialStore });
	const token = String((credentialStore.get('genesys-credential-1')?.data.oauthTokenData as { access_token?: string })?.access_token);
	expect(token.length).toBeGreaterThan(10);
	const everything = JSON.stringify([ok.run, failed.run, failed.error, failed.error?.description]);
	expect(everything).not.toContain(DEFAULT_CLIENT.clientSecret);
	expect(everything).not.toContain(token);
});

test('the emulator answers a request that breaks the spec with 400, an unknown path with 404', async () => {
	const badEnum = await probe({ path: '/api/v2/integrations/actions', qs: '{"sortOrder":"sideways"}' });
	expect(badEnum.error?.message).toMatch(/^Genesys Cloud answered 400 \(bad\.request\)/);
	const badBody = await probe({
		method: 'PATCH',
		path: '/api/v2/integrations/actions/custom_-_x',
		body: '{"config":{"timeoutSeconds":"ten"}}',
		safeToRepeat: 'false',
	});
	expect(badBody.error?.message).toMatch(/^Genesys Cloud answered 400/);
	const unknown = await probe({ path: '/api/v2/routing/nowhere/at/all' });
	expect(unknown.error?.message).toMatch(/^Genesys Cloud answered 404 \(not\.found\)/);
	expect(emulator.responseValidationErrors).toEqual([]);
});

test('items that start at once on a credential with no token yet fetch one token, not one each', async () => {
	const { seedDataActions, generateBulkActions } = await import('../emulator/fixtures/dataActions');
	seedDataActions(emulator.store);
	const actions = generateBulkActions(16);
	for (const action of actions) emulator.store.actions.set(action.id, action);
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
	expect(tokenRequests(result.requests)).toHaveLength(1);
	expect(credentialStore.tokenWrites).toBe(1);
});

test('[review] a login host failure with Continue On Fail gives the login host\'s status, never NaN', async () => {
	emulator.injectFault({ match: 'oauthToken', status: 503, count: Infinity });
	const result = await runNode({
		nodeType: 'genesysCloudUpdateDataActionTimeout',
		parameters: { dataAction: { __rl: true, mode: 'id', value: 'custom_-_0b7d4f7e-0000-4000-8000-000000000000' }, timeoutSeconds: 30, mode: 'published', options: {} },
		continueOnFail: true,
		credentialStore: newCredentialStore(emulatorCredential(emulator)),
		emulator,
	});
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	expect(result.items[0].error).toMatch(/^Could not get an access token from the Genesys Cloud login host/);
	expect(result.items[0].httpStatus).toBe(503);
	expect(Object.values(result.items[0]).some((value) => typeof value === 'number' && Number.isNaN(value))).toBe(false);
});

test('[review] after a first answer that is an error (404), later requests do not wait for one another', async () => {
	// 16 unknown actions (404 each), 8 items at a time, on a credential with no token yet. Item 0
	// fetches the token and gets the first 404 while items 1-7 wait at the first-token gate. Item 8
	// starts when item 0 ends; its request is held 20 s at the emulator. Items 9-15 start when items
	// 1-7 end. If a 404 did not count as "a token is there", item 8 would hold the gate again and
	// items 9-15 would wait for its answer: they would arrive 20 s after it. The bound below is half
	// that hold, so it tells the two orders apart on a loaded machine too (not a timing target).
	const ids = Array.from({ length: 16 }, (_, n) => `custom_-_0b7d4f7e-0000-4000-8000-${String(n).padStart(12, '0')}`);
	const slowPath = `/api/v2/integrations/actions/${ids[8]}`;
	emulator.setLatency(100);
	emulator.injectFault({ match: slowPath, latencyMs: 20_000 });
	try {
		const result = await runNode({
			nodeType: 'genesysCloudUpdateDataActionTimeout',
			parameters: { dataAction: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, timeoutSeconds: 30, mode: 'published', options: {} },
			items: ids.map((id) => ({ id })),
			continueOnFail: true,
			credentialStore: newCredentialStore(emulatorCredential(emulator)),
			emulator,
		});
		expect(result.error).toBeUndefined();
		const calls = apiRequests(result.requests);
		expect(calls).toHaveLength(16);
		expect(calls.every((r) => r.status === 404)).toBe(true);
		const arrival = (id: string) => calls.find((call) => call.path.endsWith(id))!.at;
		const slowArrival = arrival(ids[8]);
		for (const id of ids.slice(9)) expect(arrival(id) - slowArrival).toBeLessThan(10_000);
	} finally {
		emulator.setLatency(0);
	}
});
