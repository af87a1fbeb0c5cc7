import type { IDataObject } from 'n8n-workflow';

/** What the transport needs to know about a failed request, whatever layer threw it. */
export interface HttpFailure {
	/** HTTP status, or undefined when no answer came (dropped connection, timeout) */
	status?: number;
	headers: Record<string, string>;
	/** Genesys ErrorBody when the answer had one */
	body?: IDataObject;
	/** Node's network error code (ECONNRESET, ...) when no answer came */
	networkCode?: string;
	/** the execution was cancelled */
	aborted: boolean;
}

/** Node's codes for a request that got no answer (sockets, DNS, timeouts): worth another try. */
const NETWORK_CODES = new Set([
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
]);

/** Whether `code` is one of Node's "no answer" codes (also read on a token failure's layers). */
export const isNetworkCode = (code: unknown): code is string => typeof code === 'string' && NETWORK_CODES.has(code);

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (headers && typeof headers === 'object') {
		for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
			if (value !== undefined && value !== null) result[key.toLowerCase()] = String(value);
		}
	}
	return result;
}

function parseBody(data: unknown): IDataObject | undefined {
	if (data && typeof data === 'object' && !Buffer.isBuffer(data)) return data as IDataObject;
	if (typeof data === 'string' && data.trim().startsWith('{')) {
		try {
			return JSON.parse(data) as IDataObject;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/**
 * n8n wraps the HTTP client's error (axios-style: `response.status`, `response.headers`,
 * `response.data`, `code`) in a NodeApiError whose `cause` is the original; OAuth token failures
 * arrive differently again (a login host's 5xx as an axios error, its 4xx as `status` and `body`).
 * Walk the cause chain and take the first layer that has an answer.
 */
export function describeHttpFailure(error: unknown): HttpFailure {
	const seen = new Set<unknown>();
	let current: unknown = error;
	let networkCode: string | undefined;
	let aborted = false;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const layer = current as {
			response?: { status?: number; statusCode?: number; headers?: unknown; data?: unknown; body?: unknown };
			code?: unknown;
			name?: unknown;
			cause?: unknown;
			httpCode?: unknown;
			status?: unknown;
			body?: unknown;
		};
		if (layer.name === 'AbortError' || layer.code === 'ERR_CANCELED') aborted = true;
		if (isNetworkCode(layer.code)) networkCode = layer.code;
		const response = layer.response;
		const status = response?.status ?? response?.statusCode;
		if (response && typeof status === 'number') {
			return {
				status,
				headers: lowerCaseHeaders(response.headers),
				body: parseBody(response.data ?? response.body),
				aborted,
			};
		}
		// n8n's OAuth2 client reports a login host's 4xx (a 429) as an error with `status` and `body`
		// only: no response, so no headers and no Retry-After
		if (!response && typeof layer.status === 'number') {
			return { status: layer.status, headers: {}, body: parseBody(layer.body), aborted };
		}
		current = layer.cause;
	}
	if (!networkCode && error instanceof Error && /socket hang up|ECONNRESET/i.test(error.message)) {
		networkCode = 'ECONNRESET';
	}
	return { headers: {}, networkCode, aborted };
}
