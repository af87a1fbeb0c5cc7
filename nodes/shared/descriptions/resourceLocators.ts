import type { INodeProperties } from 'n8n-workflow';

import type { LocatorSpec } from '../resolveLocator';

// Genesys Cloud admin UI addresses carry the ID after the resource's path segment; accept any
// region's apps host and both the classic (/directory/#/admin/...) and newer (/admin/#/...) UIs.
const ID = '([A-Za-z0-9][A-Za-z0-9_-]*)';

// No mode has a `validation` regex: n8n checks those through its safeRegex (a vm with a 250 ms
// timeout) at the start of every execution, and on a busy worker that fails a valid workflow with
// "Regular expression execution timed out" before the node runs. The editor shows the rules as
// each mode's hint; the node checks IDs and URLs itself (resolveLocator.ts, validation/ids.ts).
// The URL mode's extractValue stays: n8n applies it only when asked (an expression reading the
// parameter through $parameter); the node never asks.

export const DATA_ACTION_LOCATOR: LocatorSpec = { parameter: 'dataAction', field: 'Data Action', urlSegment: 'actions', byName: true };
export const QUEUE_LOCATOR: LocatorSpec = { parameter: 'queue', field: 'Queue', urlSegment: 'queues', byName: true };
export const WRAPUP_CODE_LOCATOR: LocatorSpec = { parameter: 'wrapupCode', field: 'Wrap-Up Code' };

function locator(
	spec: LocatorSpec,
	options: {
		searchListMethod: string;
		urlPlaceholder?: string;
		idPlaceholder: string;
		description: string;
		/** placeholder of "By Name" (exact name, resolved at run time), for names that come from upstream data */
		byNamePlaceholder?: string;
	},
): INodeProperties {
	const { urlSegment } = spec;
	return {
		displayName: spec.field,
		name: spec.parameter,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.idPlaceholder,
				hint: 'Letters, digits, "-" and "_" only',
			},
			...(spec.byName
				? [
						{
							displayName: 'By Name',
							name: 'name',
							type: 'string' as const,
							placeholder: options.byNamePlaceholder,
							hint: 'The exact name, matched when the node runs',
						},
					]
				: []),
			...(urlSegment
				? [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: options.urlPlaceholder,
							hint: `A Genesys Cloud admin address containing /${urlSegment}/<ID>`,
							extractValue: { type: 'regex' as const, regex: `https?://[^\\s]+/${urlSegment}/${ID}` },
						},
					]
				: []),
		],
	};
}

export const dataActionLocator = locator(DATA_ACTION_LOCATOR, {
	searchListMethod: 'searchDataActions',
	urlPlaceholder: 'https://apps.mypurecloud.com/directory/#/admin/integrations/actions/custom_-_3f1c…/setup',
	idPlaceholder: 'custom_-_3f1c2a9e-…',
	description:
		'The data action to change: pick it from the list, or give its ID, its exact name, or its address in Genesys Cloud admin',
	byNamePlaceholder: 'CRM Lookup',
});

export function queueLocator(): INodeProperties {
	return locator(QUEUE_LOCATOR, {
		searchListMethod: 'searchQueues',
		urlPlaceholder: 'https://apps.mypurecloud.com/directory/#/admin/routing/queues/8f6a…',
		idPlaceholder: '8f6a1c52-…',
		description: 'The queue: pick it from the list, or give its ID, its exact name, or its address in Genesys Cloud admin',
		byNamePlaceholder: 'Sales - EMEA',
	});
}

export const wrapupCodeLocator: INodeProperties = locator(WRAPUP_CODE_LOCATOR, {
	searchListMethod: 'searchWrapupCodes',
	idPlaceholder: '7fd1c6a4-…',
	description: "The wrap-up code to apply; it must be one of the codes of the agent's queue",
});
