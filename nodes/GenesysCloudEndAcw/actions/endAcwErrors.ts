import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../shared/transport/credentials';

/** The requests of End ACW that Genesys may refuse with 403, and what to tell the user for each. */
export type Refused = 'wrapup' | 'skip' | 'participantCodes';

const WHAT: Record<Refused, string> = {
	wrapup: 'Genesys Cloud refused the wrap-up (403)',
	skip: 'Genesys Cloud refused to skip the wrap-up (403)',
	participantCodes: 'Genesys Cloud refused to list the wrap-up codes valid for this participant (403)',
};

/**
 * What is known, and no more (API-NOTES §8.10): Genesys's API docs list the permission
 * conversation:participant:wrapup for the wrap-up and the participant PATCH, with no "not valid with
 * Client Credentials" note; Genesys staff have said the caller must be a user who is a party to the
 * conversation. Which rule a given org applies is not settled, so the guidance names both, and says
 * which kind of credential was refused.
 */
function advice(grantType: unknown, agentUserId: string | undefined): string {
	const agent = agentUserId ? `the conversation's agent (user ${agentUserId})` : "the conversation's agent";
	const known =
		'Genesys may require the permission conversation:participant:wrapup, or the agent\'s own sign-in (its staff have said the caller must be a user who is a party to the conversation); which one an org applies is not documented.';
	if (grantType === 'authorizationCode') {
		return `This credential signs in as a user (Authorization Code). ${known} Make sure that user's role has conversation:participant:wrapup, and that the user signed in to the credential is ${agent}: another user, even with the permission, may be refused.`;
	}
	return `This credential uses Client Credentials (no user). ${known} Add conversation:participant:wrapup to the OAuth client's role; if Genesys still refuses, it wants the agent's own sign-in: use an Authorization Code credential signed in as ${agent} (fits one-agent automations), or let the agent wrap up in Genesys Cloud.`;
}

/** A 403 on any of End ACW's requests: both possible rules, and the credential type that was refused. */
export async function permissionError(
	ctx: IExecuteFunctions,
	error: NodeApiError,
	itemIndex: number,
	refused: Refused = 'wrapup',
	agentUserId?: string,
): Promise<NodeApiError> {
	const node = ctx.getNode();
	let grantType: unknown;
	try {
		grantType = (await ctx.getCredentials(CREDENTIAL_TYPE)).grantType;
	} catch {
		grantType = undefined;
	}
	const message = `${WHAT[refused]}: it needs the permission conversation:participant:wrapup or the agent's own sign-in`;
	const error403 = new NodeApiError(node, { message, status: 403 }, {
		message,
		itemIndex,
		httpCode: '403',
		description: `Genesys said: "${error.message}". ${advice(grantType, agentUserId)} Nothing was changed.`,
	});
	error403.message = message;
	if (error.context.correlationId) error403.context.correlationId = error.context.correlationId;
	if (error.context.genesysCode) error403.context.genesysCode = error.context.genesysCode;
	return error403;
}

export function isForbidden(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.httpCode === '403';
}

/**
 * The transport could not get an access token from the login host (it already tried its whole
 * budget): the write was never sent, so trying again later is safe. Known by the error's code
 * (tokenFailureError sets it), not its httpCode, which carries the login host's status, nor its
 * message, which is for people.
 */
export function isTokenUnavailable(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.errorResponse?.code === 'token_unavailable';
}

/** After the last attempt: what was tried, Genesys's last word, and its correlation ID, for escalation. */
export function attemptsExhausted(
	node: INode,
	conversationId: string,
	tried: string[],
	last: NodeApiError,
	itemIndex: number,
): NodeOperationError {
	const correlationId = last.context.correlationId as string | undefined;
	const error = new NodeOperationError(
		node,
		`After-call work of conversation ${conversationId} was not ended after ${tried.length} attempts: ${last.message}`,
		{
			itemIndex,
			description: [
				`Tried: ${tried.join('; ')}.`,
				correlationId ? `Last correlation ID: ${correlationId}.` : undefined,
				'The state was read before every retry; no wrap-up was applied by this node.',
			]
				.filter(Boolean)
				.join(' '),
		},
	);
	if (correlationId) error.context.correlationId = correlationId;
	return error;
}
