import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { CUSTOM_REGION, GENESYS_REGIONS } from '../nodes/shared/regions';

/**
 * Genesys Cloud OAuth2: client credentials (server to server, the default) or authorization code
 * (signed in as a Genesys Cloud user, for actions Genesys only allows in a user's context, such as
 * some wrap-up calls). Built on n8n's own oAuth2Api, so n8n fetches the token once, stores it with
 * the credential, and fetches a new one when Genesys answers 401.
 *
 * Genesys documents the client-credentials grant as POST https://login.{domain}/oauth/token with
 * the client ID and secret in an HTTP Basic header ("authentication: header" below) and the body
 * grant_type=client_credentials.
 */

// Strip trailing slashes so "https://login.example.com/" and "https://login.example.com" agree.
// The login host's OAuth endpoints (/oauth/token, /oauth/authorize) are outside the Platform API spec.
const oauthBase = `($self.region === '${CUSTOM_REGION}' ? String($self.customLoginUrl || '').replace(/\\/+$/, '') : 'https://login.' + $self.region) + '/oauth'`;
const apiBase = `($self.region === '${CUSTOM_REGION}' ? String($self.customApiUrl || '').replace(/\\/+$/, '') : 'https://api.' + $self.region)`;

export class GenesysCloudOAuth2Api implements ICredentialType {
	name = 'genesysCloudOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Genesys Cloud OAuth2 API';

	documentationUrl = 'https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials';

	icon: Icon = { light: 'file:genesysCloud.svg', dark: 'file:genesysCloud.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description: 'Server to server, with an OAuth client of type Client Credentials',
				},
				{
					name: 'Authorization Code',
					value: 'authorizationCode',
					description:
						'Sign in as a Genesys Cloud user (some conversation actions, such as wrap-up, may need a user context)',
				},
			],
			default: 'clientCredentials',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				...GENESYS_REGIONS.map((region) => ({
					name: `${region.label}: ${region.domain}`,
					value: region.domain,
				})),
				{ name: 'Custom (Private Setup or Local Emulator)', value: CUSTOM_REGION },
			],
			default: 'mypurecloud.com',
			description: 'The Genesys Cloud region of your organization (the domain you log in to)',
		},
		{
			displayName: 'Login URL',
			name: 'customLoginUrl',
			type: 'string',
			default: '',
			placeholder: 'https://login.example.com',
			description: 'Base URL of the login host (http or https); the token endpoint is {Login URL}/oauth/token',
			displayOptions: { show: { region: [CUSTOM_REGION] } },
		},
		{
			displayName: 'API Base URL',
			name: 'customApiUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.example.com',
			description: 'Base URL of the Platform API (http or https), without /api/v2',
			displayOptions: { show: { region: [CUSTOM_REGION] } },
		},
		{
			displayName: 'Requests per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 6000 },
			default: 300,
			description:
				'API rate limit of this OAuth client (Genesys default: 300 a minute). The nodes pace their requests to stay under it, shared by every node using this credential in this n8n process; a 429 from Genesys is still honoured.',
		},
		{
			displayName: 'API Base URL (Computed)',
			name: 'apiBaseUrl',
			type: 'hidden',
			default: `={{ ${apiBase} }}`,
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${oauthBase} + '/authorize' }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${oauthBase} + '/token' }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// Genesys wants the client ID and secret in an HTTP Basic header, not in the body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.apiBaseUrl }}',
			url: '/api/v2/tokens/me',
		},
	};
}
