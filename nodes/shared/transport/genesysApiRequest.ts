import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cancellableSleep } from './cancellableSleep';
import { executionCancelledError } from './cancellation';
import type { GenesysConnection, GenesysContext } from './credentials';
import { CREDENTIAL_TYPE, getConnection } from './credentials';
import { genesysApiError } from './genesysApiError';
import { throughFirstTokenGate } from './firstTokenGate';
import { describeHttpFailure } from './httpFailure';
import { getPacer } from './requestPacer';
import type { RetryBudget } from './retryPolicy';
import { DEFAULT_RETRY_BUDGET, decideRetry, parseRetryAfterSeconds, RETRY_AFTER_CAP_SECONDS } from './retryPolicy';
import { classifyTokenFailure, loginHostStatus, tokenFailureError } from './tokenFailure';

export interface GenesysRequest {
	method: IHttpRequestMethods;
	/** path under the API base (starting with /api/v2), IDs already passed through `pathId` */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Whether a server error or dropped connection may be answered by sending the same request
	 * again. Defaults to true for GET, PUT and DELETE; POST and PATCH must opt in (a PATCH that
	 * carries a version is safe: a repeat after success is refused as stale, never applied twice).
	 */
	safeToRepeat?: boolean;
	itemIndex?: number;
	retry?: Partial<RetryBudget>;
	/** counts every HTTP attempt, so a node can report the API calls an item cost */
	callCounter?: { calls: number };
}

export interface GenesysResponse<T> {
	body: T;
	status: number;
	correlationId?: string;
}

const connectionCache = new WeakMap<object, Promise<GenesysConnection>>();

/** Reads the credential once per node run, not per request. */
async function connectionFor(ctx: GenesysContext): Promise<GenesysConnection> {
	let connection = connectionCache.get(ctx);
	if (!connection) {
		connection = getConnection(ctx);
		connectionCache.set(ctx, connection);
		connection.catch(() => connectionCache.delete(ctx));
	}
	return await connection;
}

function cancelSignal(ctx: GenesysContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}

/**
 * The one way the nodes talk to Genesys Cloud: the credential's host, n8n's OAuth2 handling
 * (token fetched once and stored, renewed on 401), pacing under the client's rate limit, and the
 * shared retry policy. Returns the parsed JSON body and status.
 */
export async function genesysApiRequestFull<T = IDataObject>(
	this: GenesysContext,
	request: GenesysRequest,
): Promise<GenesysResponse<T>> {
	const connection = await connectionFor(this);
	const budget: RetryBudget = { ...DEFAULT_RETRY_BUDGET, ...request.retry };
	const safeToRepeat = request.safeToRepeat ?? ['GET', 'PUT', 'DELETE', 'HEAD'].includes(request.method);
	const pacerKey = `${connection.apiBaseUrl}|${connection.clientId}`;
	const credentialId = this.getNode().credentials?.[CREDENTIAL_TYPE]?.id;
	const pacer = getPacer(pacerKey, connection.requestsPerMinute, credentialId ?? undefined);
	const signal = cancelSignal(this);
	const cancelled = () => executionCancelledError(this.getNode(), request.itemIndex);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.apiBaseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		json: true,
		returnFullResponse: true,
		// Repeated query keys (id=a&id=b), as Genesys's array parameters expect.
		arrayFormat: 'repeat',
	};

	let attempt = 0;
	let rateLimitRetries = 0;
	for (;;) {
		attempt++;
		if (!(await pacer.acquire(signal))) throw cancelled();
		const startedAt = Date.now();
		if (request.callCounter) request.callCounter.calls++;
		try {
			const send = async () =>
				(await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
					...options,
					headers: {},
				})) as { body: T; statusCode: number; headers: Record<string, string> };
			const response = await throughFirstTokenGate(pacerKey, connection.hasToken, send, signal, cancelled);
			connection.hasToken = true;
			return {
				body: response.body,
				status: response.statusCode,
				correlationId: response.headers?.['inin-correlation-id'],
			};
		} catch (error) {
			const tokenFailure = classifyTokenFailure(error);
			if (tokenFailure === 'rejected' || tokenFailure === 'other') {
				throw tokenFailureError(this.getNode(), connection, tokenFailure, request.itemIndex, attempt, loginHostStatus(error));
			}
			const failure = describeHttpFailure(error);
			// Any answer from the API host (a 404 too) means n8n holds a token: later requests of
			// this run need not wait at the first-token gate.
			if (!tokenFailure && failure.status !== undefined) connection.hasToken = true;
			if (failure.status === undefined && failure.networkCode === undefined && !failure.aborted) {
				// Not an HTTP failure (a configuration problem, a certificate, a bug): a new error with
				// the message only, since n8n's own error keeps the raw request (and its token) as cause.
				const message = error instanceof Error ? error.message : String(error);
				throw new NodeOperationError(this.getNode(), `Request to Genesys Cloud failed: ${message}`, {
					itemIndex: request.itemIndex,
					description: `${request.method} ${request.path}`,
				});
			}
			// A token the login host failed to give means the API request was never sent: safe to repeat.
			const repeatable = safeToRepeat || tokenFailure === 'transient';
			const decision = decideRetry(failure, { attempt, rateLimitRetries, safeToRepeat: repeatable }, budget);
			if (!decision.retry && tokenFailure === 'transient') {
				throw tokenFailureError(this.getNode(), connection, tokenFailure, request.itemIndex, attempt, loginHostStatus(error));
			}
			if (!decision.retry) {
				const outcome = {
					notRetryable: undefined,
					unsafeToRepeat: 'not repeated blindly: the request may have been applied',
					attemptsExhausted: `gave up after ${attempt} attempts`,
					retryAfterTooLong: `Genesys asked to wait ${failure.headers['retry-after']} s, more than the ${RETRY_AFTER_CAP_SECONDS} s the nodes wait`,
				}[decision.reason];
				throw genesysApiError(this.getNode(), {
					method: request.method,
					path: request.path,
					attempts: attempt,
					failure,
					outcome,
					itemIndex: request.itemIndex,
				});
			}
			if (decision.kind === 'rateLimited') {
				rateLimitRetries++;
				attempt--; // a 429 was not processed: it does not spend the server-error budget
				const seconds = parseRetryAfterSeconds(failure.headers['retry-after']);
				const retryAfterMs = seconds === undefined ? undefined : seconds * 1000;
				// Only the API host's 429 speaks of the client's API rate; the login host's does not.
				if (tokenFailure) {
					if (retryAfterMs !== undefined) pacer.pauseUntil(Date.now() + retryAfterMs);
				} else {
					pacer.rateLimited(startedAt, retryAfterMs);
				}
			}
			if (!(await cancellableSleep(decision.delayMs, signal))) throw cancelled();
		}
	}
}

/** Same as genesysApiRequestFull, returning only the body. */
export async function genesysApiRequest<T = IDataObject>(this: GenesysContext, request: GenesysRequest): Promise<T> {
	return (await genesysApiRequestFull.call(this, request)).body as T;
}
