import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The one error every wait in the package throws when the user stops the execution. */
export function executionCancelledError(node: INode, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
}

/**
 * Resolves true when `promise` settles, false as soon as the execution is cancelled, so nothing
 * waits on behalf of a stopped workflow. The abort listener is removed either way.
 */
export async function unlessCancelled(promise: Promise<unknown>, signal?: AbortSignal): Promise<boolean> {
	if (!signal) {
		await promise;
		return true;
	}
	if (signal.aborted) return false;
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<false>((resolve) => {
		onAbort = () => resolve(false);
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([promise.then(() => true), aborted]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}
