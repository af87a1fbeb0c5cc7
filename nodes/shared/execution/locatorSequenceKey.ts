import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import type { LocatorSpec } from '../resolveLocator';
import { readLocator } from '../resolveLocator';

/**
 * The key that puts items on the same resource in one lane (applied in order): the ID for the
 * list, ID and URL modes (the package takes it from a URL itself), the exact name for the name
 * mode. The same resource given once by ID and once by name cannot be matched without a request,
 * and is not. A value the package refuses keys on its raw text: that item fails on its own.
 */
export function locatorSequenceKey(ctx: IExecuteFunctions, spec: LocatorSpec, itemIndex: number): string | undefined {
	try {
		const locator = readLocator(ctx, spec, itemIndex);
		return locator.kind === 'name' ? `name:${locator.name}` : `id:${locator.id}`;
	} catch {
		const raw = ctx.getNodeParameter(spec.parameter, itemIndex, undefined) as INodeParameterResourceLocator | undefined;
		if (!raw || typeof raw !== 'object') return undefined;
		return `${String(raw.mode)}:${String(raw.value ?? '').trim().slice(0, 100)}`;
	}
}
