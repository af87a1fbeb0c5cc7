import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Actions whose timeout this node does not change, known by their ID before any request
 * (API-NOTES §3.2, §8.3): built-in actions (`static_…`), which the API does not let anyone update,
 * and custom-authentication actions (`customAuth_-_<integrationId>`), for which
 * `config.timeoutSeconds` "is invalid".
 */
export function refuseUnsupportedAction(node: INode, actionId: string, itemIndex: number): void {
	if (actionId.startsWith('static_')) {
		throw new NodeOperationError(node, `Data action ${actionId} is a built-in (static) action; its timeout cannot be changed`, {
			itemIndex,
			description: 'Genesys Cloud does not allow built-in actions to be created, updated or deleted through the API. Nothing was changed.',
		});
	}
	if (actionId.startsWith('customAuth_-_')) {
		throw new NodeOperationError(node, `Data action ${actionId} is a custom authentication action; it takes no timeout`, {
			itemIndex,
			description:
				'Genesys Cloud creates this action for a Web Services integration with User Defined (OAuth) credentials, and a timeout is invalid for it (ActionConfig.timeoutSeconds). Nothing was changed.',
		});
	}
}

/** A stale version comes back as 409, or as 400 saying it "does not match the current version". */
export function isStaleVersion(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	return error.httpCode === '409' || (error.httpCode === '400' && /does not match the current version/i.test(error.message));
}
