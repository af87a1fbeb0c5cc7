import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { GENESYS_REGIONS } from '../regions';
import type { GenesysConnection } from './credentials';
import { isNetworkCode } from './httpFailure';

/**
 * n8n fetches the OAuth token itself (n8n-core's OAuth2 helper). A failed fetch surfaces as
 * "Failed to acquire OAuth2 access token" wrapping the login host's answer:
 * - rejected: the login host refused the client (invalid_client, 400/401): a credential problem;
 * - transient: the login host was unavailable (5xx, 429, no answer): worth another try, and safe,
 *   since the API request itself was never sent;
 * - other: anything else about the token.
 */
export type TokenFailure = 'rejected' | 'transient' | 'other';

const REJECTIONS = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant', 'access_denied']);

interface TokenFailureReading {
	kind: TokenFailure;
	/** the login host's HTTP status, when it answered */
	status?: number;
}

function readTokenFailure(error: unknown): TokenFailureReading | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	let isToken = false;
	let status: number | undefined;
	let rejected = false;
	let network = false;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const layer = current as {
			message?: unknown;
			body?: { error?: unknown };
			status?: unknown;
			code?: unknown;
			response?: { status?: unknown };
			cause?: unknown;
		};
		if (typeof layer.message === 'string' && /Failed to acquire OAuth2 access token/i.test(layer.message)) isToken = true;
		if (typeof layer.body?.error === 'string' && REJECTIONS.has(layer.body.error)) rejected = true;
		const layerStatus = typeof layer.status === 'number' ? layer.status : layer.response?.status;
		if (typeof layerStatus === 'number') status ??= layerStatus;
		// the same "no answer" codes as an API request's (a login host that timed out or is not found)
		if (isNetworkCode(layer.code)) network = true;
		current = layer.cause;
	}
	if (!isToken && !rejected) return undefined;
	if (rejected || status === 400 || status === 401) return { kind: 'rejected', status };
	if ((status !== undefined && (status >= 500 || status === 429)) || network) return { kind: 'transient', status };
	return { kind: 'other', status };
}

export function classifyTokenFailure(error: unknown): TokenFailure | undefined {
	return readTokenFailure(error)?.kind;
}

/** The login host's HTTP status behind a token failure, if it answered at all. */
export function loginHostStatus(error: unknown): number | undefined {
	return readTokenFailure(error)?.status;
}

function regionLabel(connection: GenesysConnection): string {
	const host = connection.apiBaseUrl.replace(/^https?:\/\//, '').replace(/^api\./, '');
	const region = GENESYS_REGIONS.find((candidate) => candidate.domain === host);
	return region ? `${region.label} (${region.domain})` : host;
}

/** A message a person understands, naming the region, and nothing from the request itself. */
export function tokenFailureError(
	node: INode,
	connection: GenesysConnection,
	kind: TokenFailure,
	itemIndex?: number,
	attempts = 1,
	loginStatus?: number,
): NodeApiError {
	const rejected = kind === 'rejected';
	const message = rejected
		? `Genesys rejected the client ID or secret for region ${regionLabel(connection)}`
		: `Could not get an access token from the Genesys Cloud login host for region ${regionLabel(connection)}`;
	const error = new NodeApiError(
		node,
		{ message, code: rejected ? 'invalid_client' : 'token_unavailable' },
		{
			message,
			description: rejected
				? 'Check the Client ID and Client Secret of the Genesys Cloud credential, that the OAuth client uses the Client Credentials grant, and that the Region is the one your organization logs in to.'
				: `The login host did not answer with a token after ${attempts} attempt${attempts === 1 ? '' : 's'}; Genesys Cloud may be unavailable. No API request was sent.`,
			itemIndex,
		},
	);
	error.message = message;
	// Set explicitly: left alone, NodeApiError takes the httpCode from `code` ('token_unavailable'),
	// which a Continue On Fail output turns into NaN. The login host's status when it answered
	// (401 for a rejected client), else none: no HTTP answer came.
	error.httpCode = rejected ? '401' : loginStatus !== undefined ? String(loginStatus) : null;
	return error;
}
