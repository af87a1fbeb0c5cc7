/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Genesys ErrorBody construction and the translation of Ajv validation errors into Genesys-style 400s.
 * Every error the emulator sends goes through `errorBody` so the shape (and the correlation id) is uniform.
 */
import { randomUUID } from 'crypto';
import type { ErrorObject } from 'ajv';

export interface ErrorBody {
	message: string;
	code: string;
	status: number;
	messageParams: Record<string, string>;
	contextId: string;
	details: unknown[];
	errors: unknown[];
}

/** Default code per status, from the official swagger's x-inin-error-codes (API-NOTES §2.3). */
const DEFAULT_CODES: Record<number, string> = {
	400: 'bad.request',
	401: 'bad.credentials',
	403: 'not.authorized',
	404: 'not.found',
	405: 'method.not.allowed',
	409: 'conflict',
	415: 'unsupported.media.type',
	429: 'too.many.requests.retry.after',
	500: 'internal.server.error',
	501: 'not.implemented',
	502: 'bad.gateway',
	503: 'service.unavailable',
	504: 'request.timeout',
};

const DEFAULT_MESSAGES: Record<number, string> = {
	400: 'The request could not be understood by the server due to malformed syntax.',
	401: 'Invalid login credentials.',
	403: 'You are not authorized to perform the requested action.',
	404: 'The requested resource was not found.',
	409: 'The request conflicts with the current state of the resource.',
	500: 'The server encountered an unexpected condition which prevented it from fulfilling the request.',
	502: 'Bad gateway.',
	503: 'Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).',
	504: 'The request timed out.',
};

export function defaultCode(status: number): string {
	return DEFAULT_CODES[status] ?? (status >= 500 ? 'internal.server.error' : 'bad.request');
}

/** The normalized 429 message (Genesys forum "Normalized Platform API 429 responses", API-NOTES §2.4). */
export function rateLimitMessage(retryAfterSeconds: number): string {
	return `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`;
}

export function errorBody(
	status: number,
	code = defaultCode(status),
	message?: string,
	messageParams: Record<string, string> = {},
	contextId: string = randomUUID(),
): ErrorBody {
	const text =
		message ??
		(status === 429 ? rateLimitMessage(1) : DEFAULT_MESSAGES[status] ?? `Request failed with status ${status}`);
	return { message: text, code, status, messageParams, contextId, details: [], errors: [] };
}

/**
 * Turn openapi-backend's Ajv errors into one human message naming the field, e.g.
 * "Invalid value for body field 'config.timeoutSeconds': must be integer".
 */
export function describeValidationErrors(errors: ErrorObject[]): { message: string; field: string } {
	const first = errors[0];
	const [, section, ...rest] = first.instancePath.split('/');
	let fieldPath = rest.map(decodePointer);
	// "required" and "additionalProperties" errors point at the parent; name the offending child instead.
	const missing = (first.params as any)?.missingProperty as string | undefined;
	const extra = (first.params as any)?.additionalProperty as string | undefined;
	if (missing) fieldPath = [...fieldPath, missing];
	if (extra) fieldPath = [...fieldPath, extra];
	const field = fieldPath.join('.') || '(root)';

	const where =
		section === 'requestBody' ? 'body field' : section === 'query' ? 'query parameter' : `${section} parameter`;
	let message: string;
	if (section === undefined && missing === 'requestBody') {
		message = 'A request body is required';
	} else if (section === 'query' && extra) {
		message =
			`Unknown query parameter '${extra}': it is not in the spec for this operation ` +
			'(emulator strict mode; Genesys would ignore it)';
	} else if (missing) {
		message = `Missing required ${where} '${field}'`;
	} else if (first.keyword === 'enum') {
		const allowed = ((first.params as any).allowedValues ?? []).join(', ');
		message = `Invalid value for ${where} '${field}'. Allowable values are: ${allowed}`;
	} else if (first.keyword === 'parse') {
		message = `Unable to parse the request body as JSON: ${first.message}`;
	} else {
		message = `Invalid value for ${where} '${field}': ${first.message}`;
	}
	return { message, field };
}

function decodePointer(segment: string): string {
	return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
