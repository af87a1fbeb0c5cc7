import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { HttpFailure } from './httpFailure';

export interface FailedRequest {
	method: string;
	/** path template with IDs, never a full URL with credentials */
	path: string;
	attempts: number;
	/** the retry budget was spent: the attempts are told as "gave up after N attempts" */
	gaveUp?: boolean;
	failure: HttpFailure;
	/** what the transport concluded, e.g. "gave up after 4 attempts" */
	outcome?: string;
	itemIndex?: number;
}

function correlationIdOf(failure: HttpFailure): string | undefined {
	const fromBody = failure.body?.contextId;
	if (typeof fromBody === 'string' && fromBody) return fromBody;
	return failure.headers['inin-correlation-id'];
}

/**
 * Turns a failed Genesys call into a NodeApiError built only from safe fields: the Genesys
 * message, code and status, the correlation ID, the method and path. The raw HTTP error is never
 * attached, because it carries request headers (the bearer token) and options.
 */
export function genesysApiError(node: INode, request: FailedRequest): NodeApiError {
	const { failure } = request;
	const genesysMessage = typeof failure.body?.message === 'string' ? failure.body.message : undefined;
	const genesysCode = typeof failure.body?.code === 'string' ? failure.body.code : undefined;
	const correlationId = correlationIdOf(failure);
	const what = failure.status
		? `Genesys Cloud answered ${failure.status}${genesysCode ? ` (${genesysCode})` : ''}`
		: `No answer from Genesys Cloud (${failure.networkCode ?? 'connection failed'})`;
	const message = genesysMessage ? `${what}: ${genesysMessage}` : what;
	const attempts = `${request.attempts} attempt${request.attempts === 1 ? '' : 's'}`;
	const details = [
		`${request.method} ${request.path}`,
		request.gaveUp ? `gave up after ${attempts}` : attempts,
		request.outcome,
		correlationId ? `correlation ID ${correlationId}` : undefined,
	].filter(Boolean);
	const safeResponse: JsonObject = {
		message,
		status: failure.status ?? null,
		code: genesysCode ?? failure.networkCode ?? null,
		genesysMessage: genesysMessage ?? null,
		correlationId: correlationId ?? null,
		request: `${request.method} ${request.path}`,
		attempts: request.attempts,
	};
	const error = new NodeApiError(node, safeResponse, {
		message,
		description: details.join(' · '),
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex: request.itemIndex,
	});
	// NodeApiError maps some statuses to generic texts; keep Genesys's own words.
	error.message = message;
	// NodeApiError falls back to the body's code ("ECONNRESET") when there is no status; keep
	// httpCode for HTTP statuses only, so callers can tell "no answer" from an answer.
	error.httpCode = failure.status ? String(failure.status) : null;
	if (correlationId) error.context.correlationId = correlationId;
	if (genesysCode) error.context.genesysCode = genesysCode;
	return error;
}
