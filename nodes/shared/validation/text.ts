import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Optional free text (notes, tags) with a length limit, so a runaway expression fails clearly. */
export function optionalText(node: INode, value: unknown, field: string, maxLength: number, itemIndex: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new NodeOperationError(node, `${field} must be text, got ${typeof value}`, { itemIndex });
	}
	const text = String(value);
	if (text.length > maxLength) {
		throw new NodeOperationError(node, `${field} is ${text.length} characters long; the limit is ${maxLength}`, {
			itemIndex,
		});
	}
	return text;
}
