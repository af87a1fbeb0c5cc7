/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets, @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Local Genesys Cloud emulator for the package's tests: one http server that plays both the login host
 * (/oauth/*) and the API host (/api/v2/*), routes and validates API requests with the real spec subset
 * (openapi-backend), dispatches to resource HandlerMaps by operationId, and lets tests inject faults,
 * latency and rate limits and read back every request.
 *
 * Pipeline of an API request: route (404) -> armed fault -> bearer token (401) -> rate limit (429)
 * -> content type / JSON (415/400) -> spec validation (400) -> handler (501 if none) -> response validation
 * (500 on mismatch) -> after-handler fault.
 *
 * Strict query mode (default on): a query parameter the spec does not define for the operation is a 400.
 * Real Genesys ignores unknown parameters; for this package one means we sent something not in the spec.
 */
import http from 'http';
import { randomUUID } from 'crypto';
import type { AddressInfo } from 'net';
import type { Operation } from 'openapi-backend';
import {
	FaultSpec,
	GenesysError,
	HandlerMap,
	OrgStore,
	RecordedRequest,
	RouteContext,
	RouteResult,
	WrapupAuth,
} from './types';
import { createEmptyStore } from './store';
import { getSpecBackend } from './core/spec';
import { AuthService, Grant, OAuthClient, TokenRecord } from './core/auth';
import type { RateLimiter } from './core/rateLimit';
import { SlidingWindowLimiter, TokenBucketLimiter } from './core/rateLimit';
import type { ChaosOptions } from './core/faults';
import { FaultList } from './core/faults';
import { describeValidationErrors, errorBody, rateLimitMessage } from './core/errors';
import { headerValue, parseQuery, readBody, sendJson, sleep } from './core/http';
import { handleControl } from './core/control';
import { tokensMe } from './core/tokensMe';
import { orgUsers } from './core/signInPage';
import { BUILT_IN_HANDLERS } from './builtInHandlers';

export interface EmulatorClient extends OAuthClient {
	/** shown as OAuthClient.name by /api/v2/tokens/me */
	name?: string;
}

export interface EmulatorOptions {
	/** 0 = random free port (default) */
	port?: number;
	host?: string;
	clients?: EmulatorClient[];
	tokenTtlSeconds?: number;
	/** per OAuth client, sliding 60 s window; 0 = off (default 300) */
	rateLimitPerMinute?: number;
	/** count the limit as a token bucket of this many requests instead (core/rateLimit.ts) */
	rateLimitBurst?: number;
	latencyMs?: number;
	latencyJitterMs?: number;
	/** validate handlers' 2xx bodies against the spec (default true) */
	validateResponses?: boolean;
	/** reject query parameters the spec does not define for the operation (default true; see file comment) */
	strictQueryParams?: boolean;
	seed?: (store: OrgStore) => void;
	/** who may apply a wrap-up (store.behaviour.wrapupAuth, resources/wrapupAuth.ts); default 'permission' */
	wrapupAuth?: WrapupAuth;
	/** extra resource handler maps, merged over the built-in ones (later maps win) */
	handlers?: HandlerMap[];
	/** emulator clock (ms); default Date.now. Token expiry, codes and the rate limit use it. */
	now?: () => number;
	/**
	 * Keep the process alive while listening (default false). Off for tests, so a test that fails before
	 * close() cannot hang jest; the CLI turns it on.
	 */
	holdProcess?: boolean;
}

export interface Emulator {
	url: string;
	port: number;
	store: OrgStore;
	requests: RecordedRequest[];
	/** handler responses that broke the spec, and handler crashes: emulator bugs, a test asserts this stays empty */
	responseValidationErrors: string[];
	stats: { rateLimited: number };
	tokensIssued: Record<Grant, number>;
	clearRequests(): void;
	injectFault(fault: FaultSpec): void;
	clearFaults(): void;
	/** random faults on a share of API requests (seeded); undefined turns them off */
	setChaos(options: ChaosOptions | undefined): void;
	expireAllTokens(): void;
	setRateLimit(perMinute: number): void;
	setLatency(ms: number, jitterMs?: number): void;
	close(): Promise<void>;
}

export const DEFAULT_CLIENT: EmulatorClient = {
	clientId: 'test-client-id',
	clientSecret: 'test-client-secret-Sup3rS3cret',
};

/** What the pipeline decided to send. */
type Outcome = { kind: 'respond'; status: number; body?: unknown; headers?: Record<string, string> } | { kind: 'drop' };

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const api = await getSpecBackend();
	const now = options.now ?? Date.now;
	const clients = options.clients ?? [DEFAULT_CLIENT];
	const auth = new AuthService(clients, options.tokenTtlSeconds ?? 86400, now);
	const limiter: RateLimiter = options.rateLimitBurst
		? new TokenBucketLimiter(options.rateLimitPerMinute ?? 300, options.rateLimitBurst, now)
		: new SlidingWindowLimiter(options.rateLimitPerMinute ?? 300, now);
	const faults = new FaultList();
	const handlers: HandlerMap = Object.assign({}, ...BUILT_IN_HANDLERS, ...(options.handlers ?? []));
	const validateResponses = options.validateResponses ?? true;
	const strictQuery = options.strictQueryParams ?? true;
	const latency = { ms: options.latencyMs ?? 0, jitterMs: options.latencyJitterMs ?? 0 };
	const store = createEmptyStore();
	options.seed?.(store);
	if (options.wrapupAuth) store.behaviour.wrapupAuth = options.wrapupAuth;

	let seq = 0;
	let baseUrl = '';
	const emulator = {
		url: '',
		port: 0,
		store,
		requests: [] as RecordedRequest[],
		responseValidationErrors: [] as string[],
		stats: { rateLimited: 0 },
		tokensIssued: auth.tokensIssued,
		clearRequests: () => void (emulator.requests.length = 0),
		injectFault: (fault: FaultSpec) => faults.add(fault),
		clearFaults: () => faults.clear(),
		setChaos: (options: ChaosOptions | undefined) => faults.setChaos(options),
		expireAllTokens: () => auth.expireAllTokens(),
		setRateLimit: (perMinute: number) => {
			limiter.perMinute = perMinute;
			limiter.reset();
		},
		setLatency: (ms: number, jitterMs = 0) => Object.assign(latency, { ms, jitterMs }),
		close: async () => {},
	} satisfies Emulator;

	/** Apply a fault's delay, then its drop/status; undefined = the fault only slowed the request down. */
	async function applyFault(fault: FaultSpec, entry: RecordedRequest, contextId: string): Promise<Outcome | undefined> {
		entry.faulted = true;
		if (fault.latencyMs) await sleep(fault.latencyMs);
		if (fault.drop) return { kind: 'drop' };
		if (!fault.status) return undefined;
		const headers: Record<string, string> = {};
		if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
		const message = fault.status === 429 ? rateLimitMessage(fault.retryAfter ?? 1) : undefined;
		return { kind: 'respond', status: fault.status, body: errorBody(fault.status, undefined, message, {}, contextId), headers };
	}

	const fail = (status: number, code: string, message: string, contextId: string, params: Record<string, string> = {}): Outcome => ({
		kind: 'respond',
		status,
		body: errorBody(status, code, message, params, contextId),
	});

	/** /oauth/token and /oauth/authorize (login host). Not rate limited, but faults apply. */
	async function handleOAuth(
		req: http.IncomingMessage,
		url: URL,
		raw: string,
		entry: RecordedRequest,
		contextId: string,
	): Promise<Outcome> {
		const operationId = url.pathname === '/oauth/token' ? 'oauthToken' : 'oauthAuthorize';
		// the login page's form answers with a POST to /oauth/authorize
		const expected = operationId === 'oauthToken' ? ['POST'] : ['GET', 'POST'];
		if (!expected.includes(req.method ?? '')) return fail(404, 'not.found', `No ${req.method} ${url.pathname}`, contextId);
		entry.operationId = operationId;
		const fault = faults.take(req.method, url.pathname, operationId);
		if (fault && !fault.afterHandler) {
			const outcome = await applyFault(fault, entry, contextId);
			if (outcome) return outcome;
		}
		let result;
		if (operationId === 'oauthAuthorize') {
			const params = req.method === 'POST' ? new URLSearchParams(raw) : url.searchParams;
			if (req.method === 'POST') entry.body = Object.fromEntries(params);
			result = auth.authorize(params, orgUsers(store), req.method);
		} else {
			const type = (headerValue(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
			const form = new URLSearchParams(raw);
			const recorded: Record<string, string> = Object.fromEntries(form);
			if (recorded.client_secret) recorded.client_secret = '***'; // keep secrets out of test logs
			entry.body = recorded;
			result =
				type === 'application/x-www-form-urlencoded'
					? auth.token(headerValue(req, 'authorization'), form)
					: { status: 400, body: { error: 'invalid_request', description: 'body must be application/x-www-form-urlencoded' } };
		}
		if (fault?.afterHandler) {
			const outcome = await applyFault(fault, entry, contextId);
			if (outcome) return outcome;
		}
		if (result.html !== undefined) {
			return { kind: 'respond', status: result.status, body: result.html, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
		}
		return { kind: 'respond', status: result.status, body: result.status === 302 ? undefined : result.body, headers: result.headers };
	}

	async function handleApi(
		req: http.IncomingMessage,
		url: URL,
		raw: string,
		entry: RecordedRequest,
		contextId: string,
	): Promise<Outcome> {
		const method = req.method ?? 'GET';
		const path = url.pathname;
		const query = entry.query;
		const operation = api.router.matchOperation({ method, path, headers: {}, query });
		if (!operation) {
			const allowed = METHODS.filter((m) => api.router.matchOperation({ method: m, path, headers: {} }));
			const message = allowed.length
				? `No ${method} operation on ${path} (the spec has ${allowed.map((m) => m.toUpperCase()).join(', ')})`
				: `No resource found for path ${path}`;
			return fail(404, 'not.found', message, contextId);
		}
		const operationId = operation.operationId!;
		entry.operationId = operationId;

		const fault = faults.take(method, path, operationId);
		if (fault && !fault.afterHandler) {
			const outcome = await applyFault(fault, entry, contextId);
			if (outcome) return outcome;
		}

		const authorization = headerValue(req, 'authorization');
		entry.token = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
		const check = auth.checkBearer(authorization);
		if (!check.ok) return fail(401, check.code, check.message, contextId);
		entry.clientId = check.record.clientId;

		const rate = limiter.take(check.record.clientId);
		if (!rate.allowed) {
			emulator.stats.rateLimited++;
			const outcome = fail(429, 'too.many.requests.retry.after', rateLimitMessage(rate.retryAfterSeconds), contextId);
			return { ...outcome, headers: { 'Retry-After': String(rate.retryAfterSeconds) } } as Outcome;
		}

		const body = parseBody(raw, operation, headerValue(req, 'content-type'), contextId);
		if ('kind' in body) return body;
		entry.body = body.value;

		const validation = api.validator.validateRequest(
			{ method, path, headers: req.headers as Record<string, string>, query, body: body.value },
			operation,
		);
		const errors = (validation.errors ?? []).filter(
			(e) => strictQuery || !(e.instancePath === '/query' && e.keyword === 'additionalProperties'),
		);
		if (errors.length) {
			const { message, field } = describeValidationErrors(errors);
			return fail(400, 'bad.request', message, contextId, { field });
		}

		const handler = operationId === 'getTokensMe' ? coreTokensMe(check.record) : handlers[operationId];
		if (!handler) {
			return fail(501, 'not.implemented', `The emulator does not implement ${operationId} (${method} ${path})`, contextId);
		}
		const ctx: RouteContext = {
			params: pathParams(operation, path),
			query: normaliseArrayParams(operation, query),
			body: body.value,
			clientId: check.record.clientId,
			token: { grant: check.record.grant, userId: check.record.userId },
			store,
			now,
			baseUrl,
		};
		let result: Outcome;
		try {
			const r: RouteResult = await handler(ctx);
			const problem = validateResponses ? checkResponse(operation, r) : undefined;
			result = problem
				? fail(500, 'internal.server.error', problem, contextId)
				: { kind: 'respond', status: r.status, body: r.body, headers: r.headers };
		} catch (err) {
			if (err instanceof GenesysError) {
				result = fail(err.status, err.code, err.message, contextId, err.messageParams);
			} else {
				const message = `emulator handler ${operationId} crashed: ${(err as Error)?.stack ?? err}`;
				emulator.responseValidationErrors.push(message);
				result = fail(500, 'internal.server.error', message, contextId);
			}
		}

		// What the handler decided, even if an after-handler fault then hides it from the client:
		// a test proves "never applied twice" from this.
		if (result.kind === 'respond') {
			entry.handlerStatus = result.status;
			entry.handledAt = now();
			const code = (result.body as { code?: unknown } | undefined)?.code;
			if (typeof code === 'string') entry.handlerCode = code;
		}
		if (fault?.afterHandler) {
			const outcome = await applyFault(fault, entry, contextId);
			if (outcome) return outcome;
		}
		return result;
	}

	/** A handler answer the spec does not allow is an emulator bug: describe it (-> 500) and record it. */
	function checkResponse(operation: Operation, r: RouteResult): string | undefined {
		if (r.status < 200 || r.status >= 300) return undefined;
		const declared = Object.keys(operation.responses ?? {});
		const statusKey = declared.find((k) => k === String(r.status) || k === '2XX' || k === 'default');
		let problem: string | undefined;
		if (!statusKey) problem = `status ${r.status} is not declared (spec has ${declared.join(', ')})`;
		else if (r.body !== undefined) {
			const v = api.validator.validateResponse(r.body, operation, r.status);
			if (v.errors?.length) {
				problem = v.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ');
			}
		}
		if (problem) {
			const message = `emulator response does not match spec: ${operation.operationId} ${r.status}: ${problem}`;
			emulator.responseValidationErrors.push(message);
			return message;
		}
		return undefined;
	}

	function coreTokensMe(record: TokenRecord) {
		const client = clients.find((c) => c.clientId === record.clientId) as EmulatorClient | undefined;
		return (ctx: RouteContext) => tokensMe(ctx, record.grant, client?.name ?? `Emulator client ${record.clientId}`);
	}

	async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const at = now();
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const contextId = randomUUID();
		let raw = '';
		try {
			raw = await readBody(req);
		} catch {
			return; // socket already destroyed
		}

		if (url.pathname.startsWith('/__emulator/')) {
			// Control plane: not recorded, not rate limited, no token.
			const r = handleControl(url.pathname.slice('/__emulator/'.length), req.method ?? 'GET', raw, emulator);
			sendJson(res, r.status, r.body, { 'ININ-Correlation-Id': contextId });
			return;
		}

		const entry: RecordedRequest = {
			seq: ++seq,
			at,
			method: req.method ?? 'GET',
			path: url.pathname,
			query: parseQuery(url.searchParams),
			body: raw ? tryJson(raw) : undefined,
			status: 0,
			faulted: false,
			host: headerValue(req, 'host'),
		};
		emulator.requests.push(entry);

		let outcome: Outcome;
		try {
			const wait = latency.ms + (latency.jitterMs ? Math.random() * latency.jitterMs : 0);
			if (wait > 0) await sleep(wait);
			outcome = url.pathname.startsWith('/oauth/')
				? await handleOAuth(req, url, raw, entry, contextId)
				: await handleApi(req, url, raw, entry, contextId);
		} catch (err) {
			const message = `emulator core crashed: ${(err as Error)?.stack ?? err}`;
			emulator.responseValidationErrors.push(message);
			outcome = fail(500, 'internal.server.error', message, contextId);
		}

		if (outcome.kind === 'drop') {
			entry.status = 0;
			req.socket.destroy();
			return;
		}
		entry.status = outcome.status;
		sendJson(res, outcome.status, outcome.body, { ...outcome.headers, 'ININ-Correlation-Id': contextId });
	}

	function parseBody(
		raw: string,
		operation: Operation,
		contentType: string | undefined,
		contextId: string,
	): { value: unknown } | Outcome {
		if (!raw) return { value: undefined };
		const declaresJson = Boolean((operation.requestBody as any)?.content?.['application/json']);
		if (!declaresJson) return { value: undefined }; // Genesys ignores a body the operation does not take
		const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
		if (type !== 'application/json') {
			return fail(
				415,
				'unsupported.media.type',
				`Unsupported Media Type - Content-Type '${contentType ?? ''}' is not application/json`,
				contextId,
			);
		}
		try {
			return { value: JSON.parse(raw) };
		} catch (err) {
			return fail(400, 'bad.request', `Unable to parse the request body as JSON: ${(err as Error).message}`, contextId);
		}
	}

	const server = http.createServer((req, res) => void onRequest(req, res));
	if (!options.holdProcess) {
		server.unref();
		server.on('connection', (socket) => socket.unref());
	}
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	baseUrl = `http://${host}:${address.port}`;
	emulator.url = baseUrl;
	emulator.port = address.port;
	emulator.close = () =>
		new Promise<void>((resolve, reject) => {
			server.close((err) => (err ? reject(err) : resolve()));
			server.closeAllConnections(); // keep-alive sockets would otherwise hold close() (and jest) open
		});
	return emulator;
}

function tryJson(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

/** Path parameters by name, URL-decoded (bath, used by openapi-backend, leaves them encoded). */
function pathParams(operation: Operation, path: string): Record<string, string> {
	const names: string[] = [];
	const pattern = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name) => {
		names.push(name);
		return '([^/]+)';
	});
	const match = new RegExp(`^${pattern}/?$`).exec(path);
	const params: Record<string, string> = {};
	names.forEach((name, i) => (params[name] = decodeURIComponent(match?.[i + 1] ?? '')));
	return params;
}

/** Spec array parameters always reach handlers as arrays, even when sent once. */
function normaliseArrayParams(
	operation: Operation,
	query: Record<string, string | string[]>,
): Record<string, string | string[]> {
	const out = { ...query };
	for (const p of (operation.parameters ?? []) as any[]) {
		if (p.in === 'query' && p.schema?.type === 'array' && typeof out[p.name] === 'string') {
			out[p.name] = [out[p.name] as string];
		}
	}
	return out;
}
