import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requireGenesysId, requireIdFromAdminUrl } from './validation/ids';

export type LocatorValue = { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** What the execution needs to know about a resource locator parameter and its modes. */
export interface LocatorSpec {
	/** the parameter's name */
	parameter: string;
	/** the parameter's display name, used in error messages */
	field: string;
	/** the admin URL's path segment before the ID, when the locator has a "By URL" mode */
	urlSegment?: string;
	/** the locator has a "By Name" mode */
	byName?: boolean;
}

/**
 * Reads a resource locator parameter. "From list" and "By ID" give an ID, "By URL" an admin
 * address whose ID is taken here, "By Name" an exact name that the caller resolves.
 *
 * Only the raw value is read, never with getNodeParameter's `extractValue`: n8n runs a mode's
 * extractValue regex through its safeRegex, in a vm with a 250 ms timeout that a busy worker can
 * exceed, and a valid item would fail. The package's own checks (validation/ids.ts) decide.
 */
export function readLocator(ctx: IExecuteFunctions, spec: LocatorSpec, itemIndex: number): LocatorValue {
	const { field } = spec;
	const raw = ctx.getNodeParameter(spec.parameter, itemIndex, '') as INodeParameterResourceLocator | string | undefined;
	const isLocator = typeof raw === 'object' && raw !== null;
	// a plain value (a parameter saved before it became a locator) is an ID
	const mode: unknown = isLocator ? raw.mode : 'id';
	const value: unknown = isLocator ? raw.value : raw;
	if (mode === 'list' || mode === 'id') return { kind: 'id', id: requireGenesysId(ctx.getNode(), value, `${field} ID`, itemIndex) };
	if (mode === 'url' && spec.urlSegment) {
		return { kind: 'id', id: requireIdFromAdminUrl(ctx.getNode(), value, field, spec.urlSegment, itemIndex) };
	}
	if (mode === 'name' && spec.byName) {
		const name = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
		if (!name) throw new NodeOperationError(ctx.getNode(), `${field} name is empty`, { itemIndex });
		if (name.length > 256) throw new NodeOperationError(ctx.getNode(), `${field} name is longer than 256 characters`, { itemIndex });
		return { kind: 'name', name };
	}
	const modes = ['list', 'id', ...(spec.urlSegment ? ['url'] : []), ...(spec.byName ? ['name'] : [])];
	throw new NodeOperationError(ctx.getNode(), `${field}: unknown mode ${JSON.stringify(mode ?? null)}; use one of ${modes.join(', ')}`, {
		itemIndex,
	});
}

/** Reads a locator that has no "By Name" mode: its value is always an ID. */
export function readLocatorId(ctx: IExecuteFunctions, spec: LocatorSpec, itemIndex: number): string {
	const locator = readLocator(ctx, { ...spec, byName: false }, itemIndex);
	return locator.kind === 'id' ? locator.id : locator.name;
}
