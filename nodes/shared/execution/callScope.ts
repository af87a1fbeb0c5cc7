import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * What every API helper of an item needs: the node's context, the item it works for (errors carry
 * it), and the item's call counter (reported as `apiCalls`). One shape for every node.
 */
export interface CallScope {
	ctx: IExecuteFunctions;
	itemIndex: number;
	counter: { calls: number };
}
