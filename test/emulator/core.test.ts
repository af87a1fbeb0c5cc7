/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Emulator core: OAuth, spec validation, faults, rate limit, request log, control endpoints, CLI.
 * Plain HTTP (axios) against real emulator instances; all of them share one openapi-backend init.
 */
import axios, { AxiosInstance } from 'axios';
import { spawn } from 'child_process';
import path from 'path';
import { startEmulator, Emulator, DEFAULT_CLIENT } from './server';
import { seedTestOrg } from './fixtures';
import { DATA_ACTION_IDS } from './fixtures/dataActions';

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function clientToken(emu: Emulator, secret = DEFAULT_CLIENT.clientSecret) {
	return http.post(`${emu.url}/oauth/token`, 'grant_type=client_credentials', {
		headers: {
			Authorization: basic(DEFAULT_CLIENT.clientId, secret),
			'Content-Type': 'application/x-www-form-urlencoded',
		},
	});
}

async function apiClient(emu: Emulator): Promise<AxiosInstance> {
	const token = (await clientToken(emu)).data.access_token;
	return axios.create({ baseURL: emu.url, validateStatus: () => true, headers: { Authorization: `Bearer ${token}` } });
}

function expectErrorBody(res: { status: number; data: any; headers: any }, status: number, code: string) {
	expect(res.status).toBe(status);
	expect(res.data).toEqual({
		message: expect.any(String),
		code,
		status,
		messageParams: expect.any(Object),
		contextId: expect.stringMatching(/^[0-9a-f-]{36}$/),
		details: [],
		errors: [],
	});
	expect(res.headers['inin-correlation-id']).toBe(res.data.contextId);
}

describe('emulator core', () => {
	let emu: Emulator;
	let api: AxiosInstance;

	beforeAll(async () => {
		emu = await startEmulator({ seed: seedTestOrg });
		api = await apiClient(emu);
	});
	afterAll(() => emu.close());
	beforeEach(() => {
		emu.clearFaults();
		emu.clearRequests();
		emu.setRateLimit(300);
	});
	afterEach(() => expect(emu.responseValidationErrors).toEqual([]));

	describe('OAuth', () => {
		it('issues a client-credentials token via HTTP Basic that works on the API', async () => {
			const res = await clientToken(emu);
			expect(res.status).toBe(200);
			expect(res.data).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86400 });
			const me = await http.get(`${emu.url}/api/v2/tokens/me`, {
				headers: { Authorization: `Bearer ${res.data.access_token}` },
			});
			expect(me.status).toBe(200);
			expect(me.data.OAuthClient).toMatchObject({ id: DEFAULT_CLIENT.clientId, name: expect.any(String) });
			expect(me.data.organization).toEqual({ id: expect.any(String), name: expect.any(String) });
			expect(me.headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
		});

		it('answers 401 invalid_client for a wrong secret or a missing Basic header', async () => {
			const wrong = await clientToken(emu, 'nope');
			expect(wrong.status).toBe(401);
			expect(wrong.data).toMatchObject({ error: 'invalid_client', description: 'client not found' });
			const inBody = await http.post(
				`${emu.url}/oauth/token`,
				`grant_type=client_credentials&client_id=${DEFAULT_CLIENT.clientId}&client_secret=${DEFAULT_CLIENT.clientSecret}`,
				{ headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
			);
			expect(inBody.status).toBe(401);
			expect(inBody.data.error).toBe('invalid_client');
		});

		it('rejects missing, unknown and expired tokens with 401, and a new token works', async () => {
			expectErrorBody(await http.get(`${emu.url}/api/v2/tokens/me`), 401, 'authentication.required');
			expectErrorBody(
				await http.get(`${emu.url}/api/v2/tokens/me`, { headers: { Authorization: 'Bearer bogus' } }),
				401,
				'bad.credentials',
			);
			const before = emu.tokensIssued.client_credentials;
			const mine = await apiClient(emu);
			emu.expireAllTokens();
			expectErrorBody(await mine.get('/api/v2/tokens/me'), 401, 'bad.credentials');
			const renewed = await apiClient(emu);
			expect((await renewed.get('/api/v2/tokens/me')).status).toBe(200);
			expect(emu.tokensIssued.client_credentials).toBe(before + 2);
			api = renewed; // the suite's shared client was expired too
		});

		it('expires tokens after tokenTtlSeconds on the emulator clock', async () => {
			let clock = 1_000_000;
			const short = await startEmulator({ tokenTtlSeconds: 300, now: () => clock });
			try {
				const client = await apiClient(short);
				expect((await client.get('/api/v2/tokens/me')).status).toBe(200);
				clock += 301_000;
				expect((await client.get('/api/v2/tokens/me')).status).toBe(401);
			} finally {
				await short.close();
			}
		});

		it('runs the authorization-code flow with refresh', async () => {
			const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
			const query = { response_type: 'code', client_id: DEFAULT_CLIENT.clientId, redirect_uri: redirect, state: 'xyz' };
			// the login page lists the org's users; its form signs the chosen one in
			const page = await http.get(`${emu.url}/oauth/authorize`, { params: query });
			expect(page.status).toBe(200);
			const userId = /name="user_id" value="([^"]+)"/.exec(page.data)![1];
			const auth = await http.post(`${emu.url}/oauth/authorize`, new URLSearchParams({ ...query, user_id: userId }).toString(), {
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			expect(auth.status).toBe(302);
			const location = new URL(auth.headers.location);
			expect(`${location.origin}${location.pathname}`).toBe(redirect);
			expect(location.searchParams.get('state')).toBe('xyz');
			const code = location.searchParams.get('code')!;

			// client auth in the body this time (n8n's "Send auth data in body")
			const form = new URLSearchParams({
				grant_type: 'authorization_code',
				code,
				redirect_uri: redirect,
				client_id: DEFAULT_CLIENT.clientId,
				client_secret: DEFAULT_CLIENT.clientSecret,
			});
			const tok = await http.post(`${emu.url}/oauth/token`, form.toString(), {
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			expect(tok.status).toBe(200);
			expect(tok.data).toMatchObject({ token_type: 'bearer', refresh_token: expect.any(String) });

			const again = await http.post(`${emu.url}/oauth/token`, form.toString(), {
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			expect(again.status).toBe(400);
			expect(again.data.error).toBe('invalid_grant'); // codes are one-time

			const refreshed = await http.post(
				`${emu.url}/oauth/token`,
				`grant_type=refresh_token&refresh_token=${tok.data.refresh_token}`,
				{
					headers: {
						'Content-Type': 'application/x-www-form-urlencoded',
						Authorization: basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret),
					},
				},
			);
			expect(refreshed.status).toBe(200);
			expect(refreshed.data.access_token).not.toBe(tok.data.access_token);
			const me = await http.get(`${emu.url}/api/v2/tokens/me`, {
				headers: { Authorization: `Bearer ${refreshed.data.access_token}` },
			});
			expect(me.data.OAuthClient.authorizedGrantType).toBe('CODE');

			const badRefresh = await http.post(`${emu.url}/oauth/token`, 'grant_type=refresh_token&refresh_token=nope', {
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					Authorization: basic(DEFAULT_CLIENT.clientId, DEFAULT_CLIENT.clientSecret),
				},
			});
			expect(badRefresh.status).toBe(400);
			expect(badRefresh.data.error).toBe('invalid_grant');

			const unknownClient = await http.get(`${emu.url}/oauth/authorize`, {
				params: { response_type: 'code', client_id: 'who', redirect_uri: redirect },
			});
			expect(unknownClient.status).toBe(400);
		});
	});

	describe('spec routing and validation', () => {
		it('answers 400 naming the field for a body that breaks the spec', async () => {
			const res = await api.patch(`/api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`, {
				version: 4,
				config: { timeoutSeconds: 'ten' },
			});
			expectErrorBody(res, 400, 'bad.request');
			expect(res.data.message).toContain('config.timeoutSeconds');
			const missing = await api.patch(`/api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`, { name: 'x' });
			expectErrorBody(missing, 400, 'bad.request');
			expect(missing.data.message).toContain("'version'");
		});

		it('answers 400 for a wrong enum and for an unknown query parameter', async () => {
			const badEnum = await api.get('/api/v2/integrations/actions', { params: { sortOrder: 'sideways' } });
			expectErrorBody(badEnum, 400, 'bad.request');
			expect(badEnum.data.message).toContain('sortOrder');
			const unknown = await api.get('/api/v2/integrations/actions', { params: { timeout: 5 } });
			expectErrorBody(unknown, 400, 'bad.request');
			expect(unknown.data.message).toContain("'timeout'");
			const badType = await api.get('/api/v2/integrations/actions', { params: { pageSize: 'many' } });
			expectErrorBody(badType, 400, 'bad.request');
		});

		it('answers 404 for unknown paths and for methods the spec lacks, 415 for non-JSON bodies', async () => {
			// The guide's invented path: no operation matches it.
			const unknown = await api.get('/api/v2/conversationsettings');
			expectErrorBody(unknown, 404, 'not.found');
			expect(unknown.data.message).toBe('No resource found for path /api/v2/conversationsettings');
			// The guide's other invented path now matches GET /api/v2/integrations/{integrationId} (audit §8): a 404
			// from the integration handler, not from the router.
			const dataactions = await api.get('/api/v2/integrations/dataactions');
			expectErrorBody(dataactions, 404, 'not.found');
			expect(dataactions.data.message).toBe('Integration dataactions not found');
			const put = await api.put(`/api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`, {});
			expectErrorBody(put, 404, 'not.found');
			expect(put.data.message).toContain('PATCH');
			const text = await api.patch(`/api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`, 'version=4', {
				headers: { 'Content-Type': 'text/plain' },
			});
			expectErrorBody(text, 415, 'unsupported.media.type');
		});

		it('answers 501 for spec operations without a handler', async () => {
			const res = await api.post(`/api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}/execute`, {});
			expectErrorBody(res, 501, 'not.implemented');
		});

		it('reports a handler response that breaks the spec as a 500 and records it', async () => {
			const bad = await startEmulator({
				handlers: [{ getRoutingSettings: () => ({ status: 200, body: { resetAgentScoreOnPresenceChange: 'yes' } }) }],
			});
			try {
				const res = await (await apiClient(bad)).get('/api/v2/routing/settings');
				expectErrorBody(res, 500, 'internal.server.error');
				expect(res.data.message).toContain('emulator response does not match spec');
				expect(bad.responseValidationErrors).toHaveLength(1);
			} finally {
				await bad.close();
			}
		});
	});

	describe('faults', () => {
		it('injects a status with Retry-After, once by default', async () => {
			emu.injectFault({ match: 'getTokensMe', status: 503, retryAfter: 2 });
			const faulted = await api.get('/api/v2/tokens/me');
			expectErrorBody(faulted, 503, 'service.unavailable');
			expect(faulted.headers['retry-after']).toBe('2');
			expect((await api.get('/api/v2/tokens/me')).status).toBe(200);
			expect(emu.requests.map((r) => [r.status, r.faulted])).toEqual([
				[503, true],
				[200, false],
			]);
		});

		it('honours count, method and RegExp matching', async () => {
			emu.injectFault({ match: /^\/api\/v2\/integrations\/actions/, method: 'GET', status: 429, retryAfter: 1, count: 2 });
			const a = await api.get('/api/v2/integrations/actions');
			const b = await api.get(`/api/v2/integrations/actions/${DATA_ACTION_IDS.crmLookup}`);
			const c = await api.get('/api/v2/integrations/actions');
			expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
			expect(a.data.code).toBe('too.many.requests.retry.after');
			expect(a.data.message).toBe('Rate limit exceeded the maximum. Retry the request in [1] seconds');
		});

		it('lets `skip` matching requests through first, counted beside another armed fault', async () => {
			emu.injectFault({ match: 'getTokensMe', status: 502 });
			emu.injectFault({ match: 'getTokensMe', status: 503, skip: 2 });
			const statuses = [];
			for (let n = 0; n < 4; n++) statuses.push((await api.get('/api/v2/tokens/me')).status);
			expect(statuses).toEqual([502, 200, 503, 200]);
		});

		it('drops the connection', async () => {
			emu.injectFault({ match: '/api/v2/tokens/me', drop: true });
			await expect(api.get('/api/v2/tokens/me')).rejects.toThrow();
			expect(emu.requests[0]).toMatchObject({ status: 0, faulted: true, operationId: 'getTokensMe' });
		});

		it('applies an afterHandler fault after the write happened', async () => {
			const id = DATA_ACTION_IDS.getCustomerByPhone;
			const before = emu.store.actions.get(id)!.version;
			emu.injectFault({ match: 'patchIntegrationsAction', status: 504, afterHandler: true });
			const res = await api.patch(`/api/v2/integrations/actions/${id}`, { version: before, name: 'Get Customer By Phone' });
			expectErrorBody(res, 504, 'request.timeout');
			expect(emu.store.actions.get(id)!.version).toBe(before + 1);
		});

		it('adds latency alone without failing', async () => {
			emu.injectFault({ match: 'getTokensMe', latencyMs: 150 });
			const started = Date.now();
			expect((await api.get('/api/v2/tokens/me')).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		});
	});

	describe('rate limit', () => {
		it('answers 429 with Retry-After once the per-client window is full', async () => {
			emu.setRateLimit(3);
			const statuses = [];
			for (let i = 0; i < 4; i++) statuses.push((await api.get('/api/v2/tokens/me')).status);
			expect(statuses).toEqual([200, 200, 200, 429]);
			const limited = await api.get('/api/v2/tokens/me');
			expectErrorBody(limited, 429, 'too.many.requests.retry.after');
			const retryAfter = Number(limited.headers['retry-after']);
			expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
			expect(limited.data.message).toBe(`Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`);
			expect(emu.stats.rateLimited).toBeGreaterThanOrEqual(2);
			// the login host is not rate limited
			expect((await clientToken(emu)).status).toBe(200);
		});
	});

	describe('request log', () => {
		it('records method, path, query, body, operation, token, client, status and host', async () => {
			const started = Date.now();
			await clientToken(emu);
			await api.get('/api/v2/integrations/actions', { params: { name: 'CRM', pageSize: 5 } });
			await api.get('/api/v2/nothing/here');
			const [token, list, unknown] = emu.requests;
			expect(token).toMatchObject({ method: 'POST', path: '/oauth/token', operationId: 'oauthToken', status: 200 });
			expect(token.body).toEqual({ grant_type: 'client_credentials' });
			expect(list).toMatchObject({
				method: 'GET',
				path: '/api/v2/integrations/actions',
				query: { name: 'CRM', pageSize: '5' },
				operationId: 'getIntegrationsActions',
				token: expect.any(String),
				clientId: DEFAULT_CLIENT.clientId,
				status: 200,
				faulted: false,
				host: `127.0.0.1:${emu.port}`,
			});
			expect(list.at).toBeGreaterThanOrEqual(started);
			expect(list.seq).toBeGreaterThan(token.seq);
			expect(unknown.status).toBe(404);
			expect(unknown.operationId).toBeUndefined();
		});

		it('keeps repeated query keys as arrays', async () => {
			await api.get('/api/v2/integrations/actions?name=a&name=b');
			expect(emu.requests[0].query).toEqual({ name: ['a', 'b'] });
		});
	});

	describe('control endpoints', () => {
		it('drives faults, tokens, rate limit, latency, log and state over HTTP', async () => {
			const ctl = (p: string) => `${emu.url}/__emulator/${p}`;
			expect((await http.get(ctl('health'))).data).toMatchObject({ status: 'ok' });

			expect((await http.post(ctl('faults'), { match: { regex: '^/api/v2/tokens' }, status: 502 })).status).toBe(201);
			expect((await api.get('/api/v2/tokens/me')).status).toBe(502);
			await http.post(ctl('faults'), { match: 'getTokensMe', status: 500, count: 'Infinity' });
			await http.delete(ctl('faults'));
			expect((await api.get('/api/v2/tokens/me')).status).toBe(200);

			const log = await http.get(ctl('requests'));
			expect(log.data.map((r: any) => r.status)).toEqual([502, 200]);
			await http.delete(ctl('requests'));
			expect((await http.get(ctl('requests'))).data).toEqual([]);

			await http.post(ctl('rate-limit'), { perMinute: 1 });
			expect((await api.get('/api/v2/tokens/me')).status).toBe(200);
			expect((await api.get('/api/v2/tokens/me')).status).toBe(429);
			await http.post(ctl('rate-limit'), { perMinute: 0 });
			expect((await api.get('/api/v2/tokens/me')).status).toBe(200);

			await http.post(ctl('latency'), { ms: 100, jitterMs: 0 });
			const t0 = Date.now();
			await api.get('/api/v2/tokens/me');
			expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
			await http.post(ctl('latency'), { ms: 0 });

			const state = await http.get(ctl('state'));
			expect(state.data.store.actions[DATA_ACTION_IDS.crmLookup].name).toBe('CRM Lookup');
			expect(state.data.store.behaviour).toEqual({ staleVersionStatus: 409, wrapupAuth: 'permission' });

			await http.post(ctl('expire-tokens'));
			expect((await api.get('/api/v2/tokens/me')).status).toBe(401);
			api = await apiClient(emu);
		});
	});
});

describe('emulator CLI', () => {
	it('starts, answers /__emulator/health and stops on SIGTERM', async () => {
		const cli = path.join(__dirname, 'cli.ts');
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', cli, '--port', '0', '--seed', 'test'], {
			cwd: path.resolve(__dirname, '../..'),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const url = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (d) => {
					out += d;
					const line = out.split('\n')[0];
					if (out.includes('\n')) resolve(JSON.parse(line).url);
				});
				child.stderr.on('data', (d) => (out += d));
				child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)));
			});
			const health = await http.get(`${url}/__emulator/health`);
			expect(health.status).toBe(200);
			expect(health.data.status).toBe('ok');
			const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});
});
