import type { ICredentialDataDecryptedObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'genesysCloudOAuth2Api';

export type GenesysContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface GenesysConnection {
	/** e.g. https://api.mypurecloud.com, no trailing slash */
	apiBaseUrl: string;
	/** OAuth client ID: identifies whose rate limit a request spends */
	clientId: string;
	requestsPerMinute: number;
	/** whether n8n already holds a token for this credential (else the first request fetches one) */
	hasToken: boolean;
}

function assertHttpUrl(ctx: GenesysContext, value: unknown, field: string): string {
	const text = String(value ?? '').trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The Genesys Cloud credential's ${field} must be an http or https URL`,
			{ description: 'Open the credential and check the Region, or the custom Login URL and API Base URL.' },
		);
	}
	return text.replace(/\/+$/, '');
}

/**
 * Reads the credential once per call site and checks the API base URL before any request leaves:
 * every request the nodes send goes to this host and nowhere else.
 */
export async function getConnection(ctx: GenesysContext): Promise<GenesysConnection> {
	const credentials: ICredentialDataDecryptedObject = await ctx.getCredentials(CREDENTIAL_TYPE);
	const apiBaseUrl = assertHttpUrl(ctx, credentials.apiBaseUrl, 'API base URL');
	if (credentials.region === 'custom') {
		assertHttpUrl(ctx, credentials.customLoginUrl, 'Login URL');
	}
	const requestsPerMinute = Number(credentials.requestsPerMinute ?? 300);
	return {
		apiBaseUrl,
		clientId: String(credentials.clientId ?? ''),
		requestsPerMinute: Number.isFinite(requestsPerMinute) && requestsPerMinute > 0 ? requestsPerMinute : 300,
		hasToken: Boolean((credentials.oauthTokenData as { access_token?: unknown } | undefined)?.access_token),
	};
}
