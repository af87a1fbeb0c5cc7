import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

/**
 * The key that puts items on the same resource in one lane (applied in order): the ID for the
 * list, ID and URL modes (n8n extracts it from a URL), the exact name for the name mode. The same
 * resource given once by ID and once by name cannot be matched without a request, and is not.
 */
export function locatorSequenceKey(ctx: IExecuteFunctions, parameter: string, itemIndex: number): string | undefined {
	const locator = ctx.getNodeParameter(parameter, itemIndex, undefined) as INodeParameterResourceLocator | undefined;
	if (!locator || typeof locator !== 'object') return undefined;
	if (locator.mode === 'name') return `name:${String(locator.value ?? '').trim()}`;
	const id = ctx.getNodeParameter(parameter, itemIndex, undefined, { extractValue: true });
	return `id:${String(id ?? '').trim()}`;
}
