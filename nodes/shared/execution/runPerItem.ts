import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../asNodeError';
import { mapWithConcurrency } from './mapWithConcurrency';

export interface PerItemOptions {
	/** items worked on at once; the transport's pacer keeps the total under the rate limit */
	concurrency?: number;
	/** items with the same key run in input order, one at a time */
	sequenceKey?: (itemIndex: number) => string | undefined;
	/** one line naming what an item changed, used when another item fails the node */
	describeChange?: (json: IDataObject) => string;
	/** whether an output item records a change (default: `changed === true`) */
	isChange?: (json: IDataObject) => boolean;
	/**
	 * Without Continue On Fail: still run every item after one fails, then fail the node with the
	 * first failure, listing every failed item (with `describeItem` and its reason) and the changes
	 * applied. Default: no new item starts after a failure.
	 */
	finishAllItems?: boolean;
	/** what an item was for, in the list of failed items (e.g. its queue) */
	describeItem?: (itemIndex: number) => string;
}

type ItemFailure = { itemIndex: number; error: ReturnType<typeof asNodeError> };

function describeFailures(failures: ItemFailure[], describeItem?: (itemIndex: number) => string): string {
	return failures
		.map(({ itemIndex, error }) => {
			let target = '';
			try {
				target = describeItem ? ` (${describeItem(itemIndex)})` : '';
			} catch {
				// a parameter that cannot be read is already the item's reason
			}
			return `item ${itemIndex}${target}: ${error.message}`;
		})
		.join('; ');
}

export const DEFAULT_CONCURRENCY = 8;

/** The fields a failed item shows in its output when the node continues on fail. */
export function errorOutput(error: Error & { description?: string | null; context?: IDataObject }): IDataObject {
	const output: IDataObject = { error: error.message };
	if (error.description) output.errorDescription = error.description;
	if (error instanceof NodeApiError && error.httpCode) output.httpStatus = Number(error.httpCode);
	if (error.context?.correlationId) output.correlationId = error.context.correlationId;
	return output;
}

/**
 * The same fields for a node whose On Error setting is "Continue (using error output)": n8n moves
 * an item to the error output only when its json holds nothing but `error`, `message` and
 * `details` (an item carrying an Error object instead would lose everything but the message).
 */
export function errorOutputItem(error: Error & { description?: string | null; context?: IDataObject }): IDataObject {
	const { error: message, ...details } = errorOutput(error);
	return { error: message, details };
}

/**
 * Runs `work` once per input item, several at a time, and returns the outputs in input order with
 * pairedItem set. With "Continue On Fail" a failed item becomes an output item carrying the error
 * (on the error output when the node's On Error setting asks for one);
 * without it, no new item starts after a failure, the ones in flight finish, and the node fails
 * with the first failed item's error, which then lists what the finished items already changed:
 * a failure never hides a write that happened.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	work: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
	options: PerItemOptions = {},
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const results: INodeExecutionData[][] = new Array(items.length);
	const failures: ItemFailure[] = [];

	await mapWithConcurrency(
		items.length,
		options.concurrency ?? DEFAULT_CONCURRENCY,
		async (itemIndex) => {
			try {
				const output = await work(itemIndex);
				results[itemIndex] = (Array.isArray(output) ? output : [output]).map((json) => ({
					json,
					pairedItem: { item: itemIndex },
				}));
			} catch (error) {
				const nodeError = asNodeError(ctx.getNode(), error, itemIndex);
				if (continueOnFail) {
					const json = toErrorOutput ? errorOutputItem(nodeError) : errorOutput(nodeError);
					results[itemIndex] = [{ json, pairedItem: { item: itemIndex } }];
				} else {
					failures.push({ itemIndex, error: nodeError });
				}
			}
		},
		{ sequenceKey: options.sequenceKey, shouldStop: () => !options.finishAllItems && failures.length > 0 },
	);

	if (failures.length) {
		failures.sort((a, b) => a.itemIndex - b.itemIndex);
		const failure = failures[0];
		if (failures.length > 1 || options.finishAllItems) {
			const note = `${failures.length} of ${items.length} items failed: ${describeFailures(failures, options.describeItem)}`;
			failure.error.description = failure.error.description ? `${failure.error.description}\n${note}` : note;
		}
		// items that never started are holes in `results`, which flat() skips
		const applied = results
			.flat()
			.filter((output) => (options.isChange ? options.isChange(output.json) : output.json.changed === true))
			.map((output) => options.describeChange?.(output.json) ?? JSON.stringify(output.json));
		if (applied.length) {
			const note = options.finishAllItems
				? `Applied by the other items: ${applied.join('; ')}`
				: `Other items had already been applied when item ${failure.itemIndex} failed: ${applied.join('; ')}`;
			failure.error.description = failure.error.description ? `${failure.error.description}\n${note}` : note;
		}
		throw failure.error;
	}
	return [results.flat()];
}
