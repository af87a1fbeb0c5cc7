import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export function permissionError(node: INode, error: NodeApiError, itemIndex: number): NodeApiError {
	const message = `Genesys Cloud refused the wrap-up (403): the OAuth client needs the permission conversation:participant:wrapup`;
	const refused = new NodeApiError(node, { message, status: 403 }, {
		message,
		itemIndex,
		httpCode: '403',
		description: `Genesys said: "${error.message}". Genesys may also require a user's context to wrap up for an agent: switch the credential's Grant Type to Authorization Code and sign in as a user with that permission. Nothing was changed.`,
	});
	refused.message = message;
	if (error.context.correlationId) refused.context.correlationId = error.context.correlationId;
	return refused;
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
