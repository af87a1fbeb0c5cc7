/**
 * Issue 17, mutation testing: the transport's error side as pure functions on the built modules:
 * reading the credential, telling a token failure's kind, reading any layer of a failed request,
 * and the error a user sees (safe fields only). The engine tests show these through n8n; these pin
 * each rule and text.
 */
import type { INode } from 'n8n-workflow';

// the built modules, as the nodes use them (loaded at run time: the lint of a fresh clone has no dist/)
const { getConnection } = jest.requireActual<typeof import('../../nodes/shared/transport/credentials')>('../../dist/nodes/shared/transport/credentials');
const { classifyTokenFailure, loginHostStatus, tokenFailureError } = jest.requireActual<typeof import('../../nodes/shared/transport/tokenFailure')>(
	'../../dist/nodes/shared/transport/tokenFailure',
);
const { describeHttpFailure } = jest.requireActual<typeof import('../../nodes/shared/transport/httpFailure')>('../../dist/nodes/shared/transport/httpFailure');
const { genesysApiError } = jest.requireActual<typeof import('../../nodes/shared/transport/genesysApiError')>('../../dist/nodes/shared/transport/genesysApiError');
const { pathId } = jest.requireActual<typeof import('../../nodes/shared/transport/pathId')>('../../dist/nodes/shared/transport/pathId');

const node: INode = { id: 'n1', name: 'Genesys Probe', type: 'genesysProbe', typeVersion: 1, position: [0, 0], parameters: {} };

describe('the credential as the transport reads it', () => {
	const connect = async (credentials: Record<string, unknown>) =>
		await getConnection({ getCredentials: async () => credentials, getNode: () => node } as never);

	test('[safety] the API base URL is trimmed of spaces and trailing slashes; client ID, rate and token come from the credential', async () => {
		await expect(
			connect({ apiBaseUrl: '  https://api.mypurecloud.de//  ', clientId: 'client-1', requestsPerMinute: 150, oauthTokenData: { access_token: 't' } }),
		).resolves.toEqual({ apiBaseUrl: 'https://api.mypurecloud.de', clientId: 'client-1', requestsPerMinute: 150, hasToken: true });
	});

	test('[safety] without a rate, or with one that is not a positive number, the pacer uses 300 a minute', async () => {
		for (const requestsPerMinute of [undefined, 0, -5, 'lots']) {
			await expect(connect({ apiBaseUrl: 'http://127.0.0.1:1', requestsPerMinute })).resolves.toMatchObject({ requestsPerMinute: 300, clientId: '', hasToken: false });
		}
		await expect(connect({ apiBaseUrl: 'http://127.0.0.1:1', oauthTokenData: {} })).resolves.toMatchObject({ hasToken: false });
	});

	test('[safety] an API base URL that is not http(s) is refused before any request, naming the field', async () => {
		for (const apiBaseUrl of ['ftp://api.example.com', 'not a url', undefined]) {
			await expect(connect({ apiBaseUrl })).rejects.toThrow("The Genesys Cloud credential's API base URL must be an http or https URL");
		}
		// ... and says where to look
		await expect(connect({ apiBaseUrl: 'not a url' })).rejects.toMatchObject({
			description: 'Open the credential and check the Region, or the custom Login URL and API Base URL.',
		});
	});

	test('[safety] a custom region checks its login URL too; a named region does not use it', async () => {
		await expect(connect({ region: 'custom', apiBaseUrl: 'https://api.example.com', customLoginUrl: 'javascript:alert(1)' })).rejects.toThrow(
			"The Genesys Cloud credential's Login URL must be an http or https URL",
		);
		await expect(connect({ region: 'mypurecloud.com', apiBaseUrl: 'https://api.mypurecloud.com', customLoginUrl: 'javascript:alert(1)' })).resolves.toBeDefined();
	});
});

describe("a token failure's kind", () => {
	const tokenError = (cause: unknown) => Object.assign(new Error('Failed to acquire OAuth2 access token'), { cause });

	test('[safety] a refused client is rejected; the login host being down, rate limited or unreachable is transient; the rest is other', () => {
		expect(classifyTokenFailure(tokenError({ status: 401 }))).toBe('rejected');
		expect(classifyTokenFailure(tokenError({ status: 400 }))).toBe('rejected');
		// every OAuth error word that means "this client may not have a token" (RFC 6749 5.2 and 4.1.2.1)
		for (const word of ['invalid_client', 'unauthorized_client', 'invalid_grant', 'access_denied']) {
			expect(classifyTokenFailure({ body: { error: word } })).toBe('rejected');
		}
		expect(classifyTokenFailure({ body: { error: 'invalid_scope' } })).not.toBe('rejected');
		expect(classifyTokenFailure(tokenError({ response: { status: 503 } }))).toBe('transient');
		expect(classifyTokenFailure(tokenError({ status: 429 }))).toBe('transient');
		expect(classifyTokenFailure(tokenError({ status: 500 }))).toBe('transient');
		expect(classifyTokenFailure(tokenError({ code: 'ECONNREFUSED' }))).toBe('transient');
		expect(classifyTokenFailure(tokenError({ status: 404 }))).toBe('other');
		expect(classifyTokenFailure(tokenError({ status: 499 }))).toBe('other');
		expect(classifyTokenFailure(new Error('Request failed with status code 503'))).toBeUndefined();
	});

	test("[safety] a login host that gave no answer, by any of Node's no-answer codes, is transient, as an API request's would be", () => {
		for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ERR_SOCKET_CONNECTION_TIMEOUT']) {
			expect(classifyTokenFailure(tokenError({ code }))).toBe('transient');
		}
		expect(classifyTokenFailure(tokenError({ code: 'XECONNRESET' }))).toBe('other');
		expect(classifyTokenFailure(tokenError({ code: 'ECONNRESETX' }))).toBe('other');
	});

	test('[safety] a cause chain that loops or ends in null is read to its end without hanging or throwing', () => {
		const looping = tokenError(undefined);
		looping.cause = looping;
		expect(classifyTokenFailure(looping)).toBe('other');
		expect(classifyTokenFailure(tokenError(null))).toBe('other');
	});

	test('[safety] the login host status is the first one in the chain', () => {
		expect(loginHostStatus(tokenError({ status: 429, cause: { status: 500 } }))).toBe(429);
		expect(loginHostStatus(tokenError({ code: 'ECONNRESET' }))).toBeUndefined();
	});

	test('[safety] the errors name the region and what to do, and carry the login status or none', () => {
		const connection = { apiBaseUrl: 'https://api.mypurecloud.com', clientId: 'c', requestsPerMinute: 300, hasToken: false };
		const rejected = tokenFailureError(node, connection, 'rejected', 2);
		expect(rejected.message).toBe('Genesys rejected the client ID or secret for region Americas (US East) (mypurecloud.com)');
		expect(rejected.description).toContain('Check the Client ID and Client Secret');
		expect(rejected.httpCode).toBe('401');
		const down = tokenFailureError(node, { ...connection, apiBaseUrl: 'http://127.0.0.1:9' }, 'transient', 0, 1);
		expect(down.message).toBe('Could not get an access token from the Genesys Cloud login host for region 127.0.0.1:9');
		expect(down.description).toBe('The login host did not answer with a token after 1 attempt; Genesys Cloud may be unavailable. No API request was sent.');
		expect(down.httpCode).toBeNull();
		// n8n keeps this as the error's response: the message and a code, nothing from the request
		expect(rejected.errorResponse).toEqual({ message: rejected.message, code: 'invalid_client' });
		expect(down.errorResponse).toEqual({ message: down.message, code: 'token_unavailable' });
		// a custom region is named by its host, whatever "api" it holds past the start
		expect(tokenFailureError(node, { ...connection, apiBaseUrl: 'https://gcapi.example.com' }, 'rejected').message).toBe(
			'Genesys rejected the client ID or secret for region gcapi.example.com',
		);
		const limited = tokenFailureError(node, connection, 'transient', 0, 3, 429);
		expect(limited.description).toContain('after 3 attempts;');
		expect(limited.httpCode).toBe('429');
	});
});

describe('a failed request, read through its layers', () => {
	test('[safety] the first layer with an answer gives the status, lower-case headers and the JSON body', () => {
		const error = new Error('outer');
		Object.assign(error, {
			cause: { response: { status: 503, headers: { 'Retry-After': 2, 'X-Empty': null }, data: ' {"message":"busy","code":"service.unavailable"}' } },
		});
		expect(describeHttpFailure(error)).toEqual({ status: 503, headers: { 'retry-after': '2' }, body: { message: 'busy', code: 'service.unavailable' }, aborted: false });
		expect(describeHttpFailure({ response: { statusCode: 404, body: { message: 'gone' } } })).toMatchObject({ status: 404, body: { message: 'gone' } });
		expect(describeHttpFailure({ response: { status: 500, data: 'plain text' } }).body).toBeUndefined();
		expect(describeHttpFailure({ response: { status: 500, data: '{not json' } }).body).toBeUndefined();
		expect(describeHttpFailure({ response: { status: 500, data: Buffer.from('{}') } }).body).toBeUndefined();
	});

	test("[safety] a login host's 4xx as n8n's OAuth2 client reports it: status and body, no response and no headers", () => {
		const tokenError = Object.assign(new Error('Failed to acquire OAuth2 access token'), {
			cause: Object.assign(new Error('HTTP status 429'), { status: 429, code: 'ESTATUS', body: '{"error":"too_many_requests"}' }),
		});
		expect(describeHttpFailure(tokenError)).toEqual({ status: 429, headers: {}, body: { error: 'too_many_requests' }, aborted: false });
	});

	test('[safety] no answer: the network code, a dropped socket, or a cancelled request', () => {
		expect(describeHttpFailure({ code: 'ETIMEDOUT' })).toEqual({ headers: {}, networkCode: 'ETIMEDOUT', aborted: false });
		// every code Node's sockets and DNS use for "no answer", so a failure names its cause
		for (const code of [
			'ECONNRESET',
			'ECONNREFUSED',
			'ECONNABORTED',
			'EPIPE',
			'ETIMEDOUT',
			'ESOCKETTIMEDOUT',
			'EAI_AGAIN',
			'ENOTFOUND',
			'EHOSTUNREACH',
			'ENETUNREACH',
			'ERR_SOCKET_CONNECTION_TIMEOUT',
		]) {
			expect(describeHttpFailure({ cause: { code } }).networkCode).toBe(code);
		}
		expect(describeHttpFailure({ code: 'EWHATEVER' })).toEqual({ headers: {}, networkCode: undefined, aborted: false });
		expect(describeHttpFailure(new Error('socket hang up')).networkCode).toBe('ECONNRESET');
		expect(describeHttpFailure({ name: 'AbortError' }).aborted).toBe(true);
		expect(describeHttpFailure({ cause: { code: 'ERR_CANCELED' } }).aborted).toBe(true);
		expect(describeHttpFailure(new Error('certificate has expired'))).toEqual({ headers: {}, networkCode: undefined, aborted: false });
	});
});

test('[safety] a failed request read through its layers: a layer without a status is passed by; a loop or a null cause ends the walk', () => {
	// an outer layer with a response object but no status (a wrapper's copy) does not hide the answer below it
	expect(describeHttpFailure({ response: { data: 'wrapper' }, cause: { response: { status: 503, headers: {} } } })).toMatchObject({ status: 503 });
	const looping = Object.assign(new Error('loop'), { code: 'ECONNRESET' });
	Object.assign(looping, { cause: looping });
	expect(describeHttpFailure(looping)).toEqual({ headers: {}, networkCode: 'ECONNRESET', aborted: false });
	expect(describeHttpFailure(Object.assign(new Error('outer'), { cause: null }))).toEqual({ headers: {}, networkCode: undefined, aborted: false });
});

test('[safety] only a JSON object in a text answer is read as its body: an array or other JSON is not an error body', () => {
	expect(describeHttpFailure({ response: { status: 500, data: '[{"message":"x"}]' } }).body).toBeUndefined();
	expect(describeHttpFailure({ response: { status: 500, data: ' {"message":"x"}' } }).body).toEqual({ message: 'x' });
});

describe('the error a user sees', () => {
	const request = { method: 'PUT', path: '/api/v2/routing/queues/{queueId}', attempts: 1, itemIndex: 4 };

	test('[safety] an answer: the status, Genesys code and message, the correlation ID, method and path', () => {
		const error = genesysApiError(node, {
			...request,
			attempts: 4,
			gaveUp: true,
			failure: { status: 503, headers: {}, body: { message: 'busy', code: 'service.unavailable', contextId: 'ctx-1' }, aborted: false },
		});
		expect(error.message).toBe('Genesys Cloud answered 503 (service.unavailable): busy');
		expect(error.description).toBe('PUT /api/v2/routing/queues/{queueId} · gave up after 4 attempts · correlation ID ctx-1');
		expect(error.httpCode).toBe('503');
		expect(error.context).toMatchObject({ correlationId: 'ctx-1', genesysCode: 'service.unavailable' });
		// what n8n keeps as the error's response (shown in the executions list): safe fields only
		expect(error.errorResponse).toEqual({
			message: 'Genesys Cloud answered 503 (service.unavailable): busy',
			status: 503,
			code: 'service.unavailable',
			genesysMessage: 'busy',
			correlationId: 'ctx-1',
			request: 'PUT /api/v2/routing/queues/{queueId}',
			attempts: 4,
		});
	});

	test('[safety] the correlation ID falls back to the header; without a Genesys body the status alone', () => {
		const error = genesysApiError(node, { ...request, outcome: 'not repeated blindly', failure: { status: 500, headers: { 'inin-correlation-id': 'hdr-1' }, aborted: false } });
		expect(error.message).toBe('Genesys Cloud answered 500');
		expect(error.description).toBe('PUT /api/v2/routing/queues/{queueId} · 1 attempt · not repeated blindly · correlation ID hdr-1');
		expect(error.context.correlationId).toBe('hdr-1');
		expect(Object.keys(error.context)).not.toContain('genesysCode'); // no empty keys in the error's context
	});

	test('[safety] no answer: the network code, or "connection failed"; no HTTP code', () => {
		expect(genesysApiError(node, { ...request, failure: { headers: {}, networkCode: 'ECONNRESET', aborted: false } }).message).toBe('No answer from Genesys Cloud (ECONNRESET)');
		const silent = genesysApiError(node, { ...request, failure: { headers: {}, aborted: false } });
		expect(silent.message).toBe('No answer from Genesys Cloud (connection failed)');
		expect(silent.httpCode).toBeNull();
		expect(silent.description).toBe('PUT /api/v2/routing/queues/{queueId} · 1 attempt');
		expect(Object.keys(silent.context)).not.toContain('correlationId');
		expect(silent.errorResponse).toMatchObject({ status: null, code: null, correlationId: null, request: 'PUT /api/v2/routing/queues/{queueId}', attempts: 1 });
	});
});

test('[safety] an ID goes into a path as one encoded segment: it cannot change the path or the host', () => {
	expect(pathId('../../oauth/token?x=1#y')).toBe('..%2F..%2Foauth%2Ftoken%3Fx%3D1%23y');
	expect(pathId('custom_-_0b7d4f7e')).toBe('custom_-_0b7d4f7e');
});
