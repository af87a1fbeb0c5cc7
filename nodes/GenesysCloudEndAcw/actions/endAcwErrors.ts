import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** The requests of End ACW that Genesys may refuse with 403, and what to tell the user for each. */
export type Refused = 'wrapup' | 'participantCodes' | 'queueCodes';

const AUTHORIZATION_CODE =
	"switch the credential's Grant Type to Authorization Code and sign in as a user with the permission conversation:participant:wrapup";

const GUIDANCE: Record<Refused, { message: string; advice: string }> = {
	wrapup: {
		message: 'Genesys Cloud refused the wrap-up (403): the OAuth client needs the permission conversation:participant:wrapup',
		advice: `Genesys may also require a user's context to wrap up for an agent: ${AUTHORIZATION_CODE}.`,
	},
	// The participant lookups need no permission of their own: a 403 there is Genesys refusing the caller.
	participantCodes: {
		message: 'Genesys Cloud refused to list the wrap-up codes valid for this participant (403)',
		advice: `This lookup needs no permission of its own, so Genesys is refusing the caller: it may require a user's context for wrap-up. ${AUTHORIZATION_CODE[0].toUpperCase()}${AUTHORIZATION_CODE.slice(1)}.`,
	},
	queueCodes: {
		message: "Genesys Cloud refused to list the wrap-up codes of the agent's queue (403): the OAuth client needs the permission routing:queue:view",
		advice: `Add routing:queue:view to the OAuth client's role. If Genesys still refuses, it may require a user's context for wrap-up: ${AUTHORIZATION_CODE}.`,
	},
};

/** A 403 on any of End ACW's requests: which permission, and the Authorization Code way out. */
export function permissionError(node: INode, error: NodeApiError, itemIndex: number, refused: Refused = 'wrapup'): NodeApiError {
	const { message, advice } = GUIDANCE[refused];
	const error403 = new NodeApiError(node, { message, status: 403 }, {
		message,
		itemIndex,
		httpCode: '403',
		description: `Genesys said: "${error.message}". ${advice} Nothing was changed.`,
	});
	error403.message = message;
	if (error.context.correlationId) error403.context.correlationId = error.context.correlationId;
	return error403;
}

export function isForbidden(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.httpCode === '403';
}

/**
 * The transport could not get an access token from the login host (it already tried its whole
 * budget): the write was never sent, so trying again later is safe. Known by the error's code, not
 * its httpCode, which the transport may set to any status.
 */
export function isTokenUnavailable(error: unknown): error is NodeApiError {
	if (!(error instanceof NodeApiError)) return false;
	return error.errorResponse?.code === 'token_unavailable' || /^Could not get an access token from the Genesys Cloud login host/.test(error.message);
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
