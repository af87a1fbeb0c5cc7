import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requireGenesysId } from './validation/ids';

export type LocatorValue = { kind: 'id'; id: string } | { kind: 'name'; name: string };

/**
 * Reads a resource locator parameter. "From list", "By ID" and "By URL" give an ID (n8n extracts
 * it from the URL with the mode's regex); "By Name" gives an exact name that the caller resolves.
 */
export function readLocator(ctx: IExecuteFunctions, parameter: string, field: string, itemIndex: number): LocatorValue {
	const raw = ctx.getNodeParameter(parameter, itemIndex) as INodeParameterResourceLocator | string | undefined;
	const mode = typeof raw === 'object' && raw !== null ? raw.mode : 'id';
	if (mode === 'name') {
		const name = typeof raw === 'object' && raw !== null ? String(raw.value ?? '').trim() : '';
		if (!name) throw new NodeOperationError(ctx.getNode(), `${field} name is empty`, { itemIndex });
		if (name.length > 256) throw new NodeOperationError(ctx.getNode(), `${field} name is longer than 256 characters`, { itemIndex });
		return { kind: 'name', name };
	}
	let value: unknown;
	try {
		value = ctx.getNodeParameter(parameter, itemIndex, undefined, { extractValue: true });
	} catch {
		// n8n refuses a URL that does not match the mode's pattern; say which field and why.
		throw new NodeOperationError(ctx.getNode(), `${field}: the URL does not contain a Genesys Cloud ID`, { itemIndex });
	}
	return { kind: 'id', id: requireGenesysId(ctx.getNode(), value, `${field} ID`, itemIndex) };
}
