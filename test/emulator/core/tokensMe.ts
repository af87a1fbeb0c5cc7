/**
 * GET /api/v2/tokens/me: the call the credential test makes to prove a token works. Built from the spec's
 * TokenInfo schema (OrgOAuthClient requires name + authorizedGrantType, so both are always present).
 */
import type { RouteContext, RouteResult } from '../types';
import type { Grant } from './auth';

export const EMULATED_ORG = { id: '6e8b0a3c-5b1d-4c1e-9a51-0c1f2f3d4e5f', name: 'Emulated Org' };

const GRANT_TYPES: Record<Grant, string> = {
	client_credentials: 'CLIENT-CREDENTIALS',
	authorization_code: 'CODE',
	refresh_token: 'CODE',
};

/** Scopes a role for this package would need (informational: the emulator does not enforce scopes). */
const SCOPES = ['integrations', 'routing', 'conversations', 'authorization:readonly'];

export function tokensMe(ctx: RouteContext, grant: Grant, clientName: string): RouteResult {
	return {
		status: 200,
		body: {
			organization: EMULATED_ORG,
			homeOrganization: EMULATED_ORG,
			authorizedScope: SCOPES,
			OAuthClient: {
				id: ctx.clientId,
				name: clientName,
				authorizedGrantType: GRANT_TYPES[grant],
				scope: SCOPES,
				state: 'active',
				organization: EMULATED_ORG,
			},
		},
	};
}
