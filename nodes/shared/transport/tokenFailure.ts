import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { GENESYS_REGIONS } from '../regions';
import type { GenesysConnection } from './credentials';

/**
 * n8n fetches the client-credentials token itself (n8n-core's OAuth2 helper); when Genesys refuses
 * the client ID or secret, that surfaces as "Failed to acquire OAuth2 access token", or as an
 * invalid_client / invalid_grant answer of the login host.
 */
export function isTokenFailure(error: unknown): boolean {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const layer = current as { message?: unknown; body?: { error?: unknown }; cause?: unknown };
		if (typeof layer.message === 'string' && /Failed to acquire OAuth2 access token/i.test(layer.message)) return true;
		if (layer.body?.error === 'invalid_client' || layer.body?.error === 'unauthorized_client') return true;
		current = layer.cause;
	}
	return false;
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
	_error: unknown,
	itemIndex?: number,
): NodeApiError {
	const message = `Genesys rejected the client ID or secret for region ${regionLabel(connection)}`;
	const error = new NodeApiError(
		node,
		{ message, code: 'invalid_client' },
		{
			message,
			description:
				'Check the Client ID and Client Secret of the Genesys Cloud credential, that the OAuth client uses the Client Credentials grant, and that the Region is the one your organization logs in to.',
			httpCode: '401',
			itemIndex,
		},
	);
	error.message = message;
	return error;
}
