import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Actions whose timeout the API does not let this node change. Built-in actions are known by
 * their ID before any request. Custom-authentication and function actions look like any other
 * action on read (the spec's Action has no kind field and the integration endpoint is outside the
 * spec), so Genesys's own refusal of the write is translated into a clear message; nothing is
 * written either way.
 */
export function refuseBuiltInAction(node: INode, actionId: string, itemIndex: number) {
	if (!actionId.startsWith('static_')) return;
	throw new NodeOperationError(node, `Data action ${actionId} is a built-in (static) action; its timeout cannot be changed`, {
		itemIndex,
		description: 'Genesys Cloud does not allow built-in actions to be created, updated or deleted through the API. Nothing was changed.',
	});
}

export function translateRefusal(node: INode, error: unknown, actionId: string, itemIndex: number): Error | undefined {
	if (!(error instanceof NodeApiError) || error.httpCode !== '400') return undefined;
	const message = error.message;
	if (/custom authentication/i.test(message)) {
		return new NodeOperationError(node, `Data action ${actionId} is a custom authentication action; it takes no timeout`, {
			itemIndex,
			description: `Genesys Cloud refused the change ("${message}"). Nothing was changed.`,
		});
	}
	if (/function/i.test(message)) {
		return new NodeOperationError(node, `Data action ${actionId} is a function data action; its timeout is set in the function settings (1 to 15 seconds)`, {
			itemIndex,
			description: `Genesys Cloud refused the change ("${message}"). Change the timeout in the Function integration's action settings instead. Nothing was changed.`,
		});
	}
	return undefined;
}

/** A stale version comes back as 409, or as 400 saying it "does not match the current version". */
export function isStaleVersion(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	return error.httpCode === '409' || (error.httpCode === '400' && /does not match the current version/i.test(error.message));
}
