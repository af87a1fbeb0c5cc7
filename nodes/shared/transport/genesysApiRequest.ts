import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { cancellableSleep } from './cancellableSleep';
import { executionCancelledError } from './cancellation';
import type { GenesysConnection, GenesysContext } from './credentials';
import { CREDENTIAL_TYPE, getConnection } from './credentials';
import type { AttemptTally, FailedAttempt } from './failedAttempt';
import { afterFailedAttempt } from './failedAttempt';
import { firstTokenTurn } from './firstTokenGate';
import { getPacer } from './requestPacer';
import type { RetryBudget } from './retryPolicy';
import { DEFAULT_RETRY_BUDGET } from './retryPolicy';

export interface GenesysRequest {
	method: IHttpRequestMethods;
	/** path under the API base (starting with /api/v2), IDs already passed through `pathId` */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Whether a server error, 408 or dropped connection may be answered by sending the same request
	 * again. Defaults to true for GET and HEAD only. A write opts in only where a repeat cannot
	 * apply anything twice or undo another writer (a PATCH carrying the version read: a repeat
	 * after success is refused as stale); every other write is re-read by its caller instead.
	 */
	safeToRepeat?: boolean;
	itemIndex?: number;
	retry?: Partial<RetryBudget>;
	/** counts every HTTP attempt, so a node can report the API calls an item cost */
	callCounter?: { calls: number };
	/**
	 * 'text': the answer is text/plain (data action templates) and comes back as the raw string,
	 * never JSON-parsed: a Velocity template can itself be valid JSON. Default 'json'.
	 */
	responseType?: 'json' | 'text';
}

export interface GenesysResponse<T> {
	body: T;
	status: number;
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

type Sent<T> = { body: T; statusCode: number };

/**
 * The one way the nodes talk to Genesys Cloud: the credential's host, n8n's OAuth2 handling
 * (token fetched once and stored, renewed on 401), pacing under the client's rate limit, and the
 * shared retry policy. Each attempt waits its turn at the first-token gate, then for its pacer
 * slot, then is sent; a failed one goes through afterFailedAttempt (classify, decide, cut, pause).
 * Returns the parsed JSON body and status.
 */
export async function genesysApiRequestFull<T = IDataObject>(
	this: GenesysContext,
	request: GenesysRequest,
): Promise<GenesysResponse<T>> {
	const connection = await connectionFor(this);
	const pacerKey = `${connection.apiBaseUrl}|${connection.clientId}`;
	const credentialId = this.getNode().credentials?.[CREDENTIAL_TYPE]?.id;
	const pacer = getPacer(pacerKey, connection.requestsPerMinute, credentialId ?? undefined);
	const signal = cancelSignal(this);
	const cancelled = () => executionCancelledError(this.getNode(), request.itemIndex);
	const options = httpOptions(connection, request);
	const tally: AttemptTally = { sent: 0, rateLimited: 0 };
	const failed: Omit<FailedAttempt, 'startedAt'> = {
		node: this.getNode(),
		connection,
		pacer,
		method: request.method,
		path: request.path,
		itemIndex: request.itemIndex,
		safeToRepeat: request.safeToRepeat ?? isReadOnly(request.method),
		budget: { ...DEFAULT_RETRY_BUDGET, ...request.retry },
		tally,
	};
	for (;;) {
		const turn = await firstTokenTurn(pacerKey, () => connection.hasToken, signal);
		if (!turn) throw cancelled();
		let startedAt = Date.now();
		try {
			if (!(await pacer.acquire(signal))) throw cancelled();
			startedAt = Date.now();
			tally.sent++;
			if (request.callCounter) request.callCounter.calls++;
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options)) as Sent<T>;
			connection.hasToken = true;
			return { body: response.body, status: response.statusCode };
		} catch (error) {
			// Stopped by the user (n8n aborts the request in flight, or a wait ended): the one error.
			if (signal?.aborted) throw cancelled();
			const waitMs = afterFailedAttempt({ ...failed, startedAt }, error);
			// The lead at the first-token gate passes on before the wait (afterFailedAttempt has
			// recorded whether n8n now holds a token).
			turn.finish(connection.hasToken);
			if (!(await cancellableSleep(waitMs, signal))) throw cancelled();
		} finally {
			turn.finish(connection.hasToken);
		}
	}
}

/** Only reads are repeated blindly by default: a write opts in where its own comment says why. */
function isReadOnly(method: IHttpRequestMethods): boolean {
	return method === 'GET' || method === 'HEAD';
}

function httpOptions(connection: GenesysConnection, request: GenesysRequest): IHttpRequestOptions {
	const text = request.responseType === 'text';
	return {
		method: request.method,
		url: `${connection.apiBaseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		json: !text,
		...(text ? { encoding: 'text' as const } : {}),
		headers: text ? { Accept: 'text/plain' } : {},
		returnFullResponse: true,
		// Repeated query keys (id=a&id=b), as Genesys's array parameters expect.
		arrayFormat: 'repeat',
	};
}

/** Same as genesysApiRequestFull, returning only the body. */
export async function genesysApiRequest<T = IDataObject>(this: GenesysContext, request: GenesysRequest): Promise<T> {
	return (await genesysApiRequestFull.call(this, request)).body as T;
}
