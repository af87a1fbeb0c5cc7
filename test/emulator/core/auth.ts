/**
 * OAuth for the emulator's "login host": client credentials, authorization code (+ refresh) and bearer-token
 * checks, the way Genesys' login.{region}/oauth/* answers (API-NOTES §2.1). Tokens live in memory only.
 */
import { randomBytes } from 'crypto';
import { FIXED_USER, signInPage, type SignInUser } from './signInPage';

export interface OAuthClient {
	clientId: string;
	clientSecret: string;
}

export type Grant = 'client_credentials' | 'authorization_code' | 'refresh_token';

export interface TokenRecord {
	token: string;
	clientId: string;
	grant: Grant;
	/** the user who signed in (code-grant tokens and their refreshes only) */
	userId?: string;
	issuedAt: number;
	expiresAt: number;
}

/** An OAuth-style answer (not a Genesys ErrorBody: the login host speaks RFC 6749), or the login page's HTML. */
export interface OAuthResult {
	status: number;
	body: Record<string, unknown>;
	headers?: Record<string, string>;
	html?: string;
}

export type TokenCheck = { ok: true; record: TokenRecord } | { ok: false; code: string; message: string };

/** Authorization codes are one-time and short-lived, like real ones (RFC 6749 recommends <= 10 minutes). */
const CODE_TTL_MS = 10 * 60 * 1000;

function secret(bytes = 24): string {
	return randomBytes(bytes).toString('base64url');
}

function oauthError(status: number, error: string, description: string): OAuthResult {
	// Genesys sends both "description" and the RFC's "error_description".
	return { status, body: { error, description, error_description: description } };
}

export class AuthService {
	readonly tokensIssued: Record<Grant, number> = { client_credentials: 0, authorization_code: 0, refresh_token: 0 };
	private readonly tokens = new Map<string, TokenRecord>();
	private readonly codes = new Map<string, { clientId: string; redirectUri: string; expiresAt: number; userId: string }>();
	private readonly refreshTokens = new Map<string, { clientId: string; userId?: string }>();

	constructor(
		private readonly clients: OAuthClient[],
		private readonly tokenTtlSeconds: number,
		private readonly now: () => number,
	) {}

	findClient(clientId: string | undefined): OAuthClient | undefined {
		return this.clients.find((c) => c.clientId === clientId);
	}

	/** Invalidate every token issued so far (a test proves the package renews its token after a 401). */
	expireAllTokens(): void {
		for (const record of this.tokens.values()) record.expiresAt = 0;
	}

	checkBearer(authorization: string | undefined): TokenCheck {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
		if (!match) {
			return {
				ok: false,
				code: 'authentication.required',
				message: 'No authentication bearer token specified in authorization header.',
			};
		}
		const record = this.tokens.get(match[1]);
		if (!record || record.expiresAt <= this.now()) {
			return { ok: false, code: 'bad.credentials', message: 'Invalid login credentials.' };
		}
		return { ok: true, record };
	}

	/**
	 * GET /oauth/authorize: the login page. An org with users shows a sign-in form listing them (the person
	 * chooses who signs in, core/signInPage.ts); an org without users signs in its one fixed user at once.
	 * POST /oauth/authorize: the form's answer. Both redirect with a one-time code bound to the user.
	 */
	authorize(query: URLSearchParams, users: SignInUser[], method = 'GET'): OAuthResult {
		const client = this.findClient(query.get('client_id') ?? undefined);
		if (!client) return oauthError(400, 'invalid_client', 'client not found');
		const redirectUri = query.get('redirect_uri');
		if (!redirectUri) return oauthError(400, 'invalid_request', 'redirect_uri is required');
		let target: URL;
		try {
			target = new URL(redirectUri);
		} catch {
			return oauthError(400, 'invalid_request', 'redirect_uri is not a valid URL');
		}
		if (query.get('response_type') !== 'code') {
			return oauthError(400, 'unsupported_response_type', 'only response_type=code is supported');
		}
		let userId = FIXED_USER.id;
		if (users.length) {
			if (method !== 'POST') return { status: 200, body: {}, html: signInPage(query, users) };
			const chosen = users.find((user) => user.id === query.get('user_id'));
			if (!chosen) return { status: 200, body: {}, html: signInPage(query, users, 'Choose a user to sign in as.') };
			userId = chosen.id;
		}
		const code = secret(18);
		this.codes.set(code, { clientId: client.clientId, redirectUri, expiresAt: this.now() + CODE_TTL_MS, userId });
		target.searchParams.set('code', code);
		const state = query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		return { status: 302, body: {}, headers: { Location: target.toString() } };
	}

	/** POST /oauth/token with a parsed form body. */
	token(authorization: string | undefined, form: URLSearchParams): OAuthResult {
		const grant = form.get('grant_type');
		const basic = parseBasic(authorization);
		if (grant === 'client_credentials') {
			// Genesys documents (and both official SDKs use) HTTP Basic for client credentials; require it.
			const client = basic && this.findClient(basic.clientId);
			if (!client || client.clientSecret !== basic.clientSecret) {
				return oauthError(401, 'invalid_client', 'client not found');
			}
			return this.issue(client.clientId, 'client_credentials', false);
		}
		if (grant === 'authorization_code' || grant === 'refresh_token') {
			// Code-grant clients may authenticate with Basic or with client_id/client_secret in the body
			// (n8n's OAuth2 credential offers both "Send Auth Data" modes).
			const id = basic?.clientId ?? form.get('client_id') ?? undefined;
			const sent = basic?.clientSecret ?? form.get('client_secret') ?? undefined;
			const client = this.findClient(id);
			if (!client || client.clientSecret !== sent) return oauthError(401, 'invalid_client', 'client not found');
			return grant === 'authorization_code'
				? this.redeemCode(client.clientId, form)
				: this.redeemRefresh(client.clientId, form);
		}
		return oauthError(400, 'unsupported_grant_type', `grant_type '${grant ?? ''}' is not supported`);
	}

	private redeemCode(clientId: string, form: URLSearchParams): OAuthResult {
		const code = form.get('code') ?? '';
		const entry = this.codes.get(code);
		this.codes.delete(code); // one-time, even when the redemption fails
		if (!entry || entry.clientId !== clientId || entry.expiresAt <= this.now()) {
			return oauthError(400, 'invalid_grant', 'authorization code is invalid or expired');
		}
		if (form.get('redirect_uri') !== entry.redirectUri) {
			return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
		}
		return this.issue(clientId, 'authorization_code', true, entry.userId);
	}

	private redeemRefresh(clientId: string, form: URLSearchParams): OAuthResult {
		const refresh = form.get('refresh_token') ?? '';
		const entry = this.refreshTokens.get(refresh);
		if (entry?.clientId !== clientId) {
			return oauthError(400, 'invalid_grant', 'refresh token is invalid');
		}
		this.refreshTokens.delete(refresh); // rotate: each refresh token works once
		return this.issue(clientId, 'refresh_token', true, entry.userId);
	}

	private issue(clientId: string, grant: Grant, withRefresh: boolean, userId?: string): OAuthResult {
		const token = secret();
		const issuedAt = this.now();
		this.tokens.set(token, { token, clientId, grant, userId, issuedAt, expiresAt: issuedAt + this.tokenTtlSeconds * 1000 });
		this.tokensIssued[grant]++;
		const body: Record<string, unknown> = {
			access_token: token,
			token_type: 'bearer',
			expires_in: this.tokenTtlSeconds,
		};
		if (withRefresh) {
			const refresh = secret();
			this.refreshTokens.set(refresh, { clientId, userId });
			body.refresh_token = refresh;
		}
		return { status: 200, body };
	}
}

export function parseBasic(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
	const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}
