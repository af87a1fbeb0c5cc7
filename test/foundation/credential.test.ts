/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 3 acceptance: the credential's regions, its authorization-code grant, and the API path
 * check over the shipped code.
 */
import { ClientOAuth2 } from '@n8n/client-oauth2';
import axios from 'axios';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import type { Emulator } from '../emulator/server';
import { DEFAULT_CLIENT, startEmulator } from '../emulator/server';
import { CredentialStore, TestCredentialsHelper } from '../harness/credentialsHelper';
import { loadPackageTypes, REPO_ROOT } from '../harness/loadPackage';
import { CREDENTIAL_ID, CREDENTIAL_TYPE, emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const REGIONS: Record<string, string> = {
	'us-east-1': 'mypurecloud.com',
	'us-east-2': 'use2.us-gov-pure.cloud',
	'us-west-2': 'usw2.pure.cloud',
	'ca-central-1': 'cac1.pure.cloud',
	'sa-east-1': 'sae1.pure.cloud',
	'mx-central-1': 'mxc1.pure.cloud',
	'eu-west-1': 'mypurecloud.ie',
	'eu-west-2': 'euw2.pure.cloud',
	'eu-central-1': 'mypurecloud.de',
	'eu-central-2': 'euc2.pure.cloud',
	'eusc-de-east-1': 'edee1.eusc-pure.cloud',
	'me-central-1': 'mec1.pure.cloud',
	'ap-south-1': 'aps1.pure.cloud',
	'ap-northeast-1': 'mypurecloud.jp',
	'ap-northeast-2': 'apne2.pure.cloud',
	'ap-northeast-3': 'apne3.pure.cloud',
	'ap-southeast-1': 'apse1.pure.cloud',
	'ap-southeast-2': 'mypurecloud.com.au',
};

async function resolvedCredential(data: ICredentialDataDecryptedObject) {
	const types = await loadPackageTypes();
	const store = new CredentialStore();
	store.set(CREDENTIAL_ID, CREDENTIAL_TYPE, data);
	const helper = new TestCredentialsHelper(store, types.credentials);
	return await helper.getDecrypted({} as never, { id: CREDENTIAL_ID, name: 'c' }, CREDENTIAL_TYPE, 'manual');
}

describe('regions', () => {
	test('the credential offers exactly the regions of API-NOTES §2.2, plus Custom', async () => {
		const types = await loadPackageTypes();
		const region = types.credentials[CREDENTIAL_TYPE].properties.find((p) => p.name === 'region');
		const values = (region?.options ?? []).map((o) => (o as { value: string }).value);
		expect(values.sort()).toEqual([...Object.values(REGIONS), 'custom'].sort());
	});

	test.each(Object.entries(REGIONS))('%s builds the login and API URLs on %s', async (_aws, domain) => {
		const resolved = await resolvedCredential({ region: domain, clientId: 'id', clientSecret: 's' });
		expect(resolved.accessTokenUrl).toBe(`https://login.${domain}/oauth/token`);
		expect(resolved.authUrl).toBe(`https://login.${domain}/oauth/authorize`);
		expect(resolved.apiBaseUrl).toBe(`https://api.${domain}`);
		expect(resolved.authentication).toBe('header');
		expect(resolved.grantType).toBe('clientCredentials');
	});

	test('the custom region takes the login and API URLs as given, trailing slash or not', async () => {
		const resolved = await resolvedCredential({
			region: 'custom',
			customLoginUrl: 'http://127.0.0.1:8787/',
			customApiUrl: 'http://127.0.0.1:8788',
		});
		expect(resolved.accessTokenUrl).toBe('http://127.0.0.1:8787/oauth/token');
		expect(resolved.apiBaseUrl).toBe('http://127.0.0.1:8788');
	});

	test('a custom API URL that is not http or https is refused before any request', async () => {
		const emulator = await startEmulator();
		try {
			const result = await runNode({
				nodeType: 'genesysProbe',
				parameters: { method: 'GET', path: '/api/v2/tokens/me' },
				credentialStore: newCredentialStore(emulatorCredential(emulator, { customApiUrl: 'file:///etc/passwd' })),
				emulator,
			});
			expect(result.error?.message).toBe("The Genesys Cloud credential's API base URL must be an http or https URL");
			expect(result.requests).toHaveLength(0);
		} finally {
			await emulator.close();
		}
	});
});

describe('authorization code grant', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(async () => emulator.close());

	test('a user sign-in (authorize, code exchange) gives a token the nodes use, and refresh renews it', async () => {
		const resolved = await resolvedCredential(
			emulatorCredential(emulator, { grantType: 'authorizationCode' }),
		);
		const redirectUri = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
		// what n8n's OAuth2 callback does, with the same client library n8n uses
		const client = new ClientOAuth2({
			clientId: DEFAULT_CLIENT.clientId,
			clientSecret: DEFAULT_CLIENT.clientSecret,
			accessTokenUri: String(resolved.accessTokenUrl),
			authorizationUri: String(resolved.authUrl),
			redirectUri,
			authentication: 'header',
		});
		const authorize = await axios.get(client.code.getUri({ state: 'xyz' }), {
			maxRedirects: 0,
			validateStatus: () => true,
		});
		expect(authorize.status).toBe(302);
		const callback = String(authorize.headers.location);
		expect(callback.startsWith(redirectUri)).toBe(true);
		const token = await client.code.getToken(callback);
		expect(token.refreshToken).toBeTruthy();

		const credentialStore = newCredentialStore(
			emulatorCredential(emulator, { grantType: 'authorizationCode', oauthTokenData: token.data }),
		);
		const first = await runNode({
			nodeType: 'genesysProbe',
			parameters: { method: 'GET', path: '/api/v2/tokens/me' },
			credentialStore,
			emulator,
		});
		expect(first.error).toBeUndefined();
		expect(first.requests.map((r) => r.path)).toEqual(['/api/v2/tokens/me']);

		emulator.expireAllTokens();
		const second = await runNode({
			nodeType: 'genesysProbe',
			parameters: { method: 'GET', path: '/api/v2/tokens/me' },
			credentialStore,
			emulator,
		});
		expect(second.error).toBeUndefined();
		expect(second.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
			'/api/v2/tokens/me 401',
			'/oauth/token 200',
			'/api/v2/tokens/me 200',
		]);
		expect(second.requests[1].body).toMatchObject({ grant_type: 'refresh_token' });
	});
});

test('every Genesys path in nodes/ and credentials/ is in the spec', () => {
	const output = execFileSync(process.execPath, [path.join(REPO_ROOT, 'vendor', 'tools', 'check-api-paths.mjs')], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	expect(output).toMatch(/[1-9]\d* API paths in source, 0 not in the spec/);
	expect(output).not.toContain('MISSING');
});
