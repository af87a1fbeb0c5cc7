import type { INodeProperties } from 'n8n-workflow';

// Genesys Cloud admin UI addresses carry the ID after the resource's path segment; accept any
// region's apps host and both the classic (/directory/#/admin/...) and newer (/admin/#/...) UIs.
const ID = '([A-Za-z0-9][A-Za-z0-9_-]*)';

function locator(options: {
	name: string;
	displayName: string;
	searchListMethod: string;
	urlSegment: string;
	urlPlaceholder: string;
	idPlaceholder: string;
	description: string;
	withUrl?: boolean;
	/** offer "By Name" (exact name, resolved at run time), for names that come from upstream data */
	byNamePlaceholder?: string;
}): INodeProperties {
	const urlRegex = `https?://[^\\s]+/${options.urlSegment}/${ID}`;
	return {
		displayName: options.displayName,
		name: options.name,
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
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[A-Za-z0-9][A-Za-z0-9_-]*$', errorMessage: 'Not a valid Genesys Cloud ID' },
					},
				],
			},
			...(options.byNamePlaceholder
				? [
						{
							displayName: 'By Name',
							name: 'name',
							type: 'string' as const,
							placeholder: options.byNamePlaceholder,
						},
					]
				: []),
			...(options.withUrl === false
				? []
				: [
						{
							displayName: 'By URL',
							name: 'url',
							type: 'string' as const,
							placeholder: options.urlPlaceholder,
							validation: [
								{
									type: 'regex' as const,
									properties: {
										regex: urlRegex,
										errorMessage: `Not a Genesys Cloud admin URL containing /${options.urlSegment}/<ID>`,
									},
								},
							],
							extractValue: { type: 'regex' as const, regex: urlRegex },
						},
					]),
		],
	};
}

export const dataActionLocator = locator({
	name: 'dataAction',
	displayName: 'Data Action',
	searchListMethod: 'searchDataActions',
	urlSegment: 'actions',
	urlPlaceholder: 'https://apps.mypurecloud.com/directory/#/admin/integrations/actions/custom_-_3f1c…/setup',
	idPlaceholder: 'custom_-_3f1c2a9e-…',
	description:
		'The data action to change: pick it from the list, or give its ID, its exact name, or its address in Genesys Cloud admin',
	byNamePlaceholder: 'CRM Lookup',
});

export const queueLocator: INodeProperties = locator({
	name: 'queue',
	displayName: 'Queue',
	searchListMethod: 'searchQueues',
	urlSegment: 'queues',
	urlPlaceholder: 'https://apps.mypurecloud.com/directory/#/admin/routing/queues/8f6a…',
	idPlaceholder: '8f6a1c52-…',
	description: 'The queue: pick it from the list, or give its ID, its exact name, or its address in Genesys Cloud admin',
	byNamePlaceholder: 'Sales - EMEA',
});

export const wrapupCodeLocator: INodeProperties = locator({
	name: 'wrapupCode',
	displayName: 'Wrap-Up Code',
	searchListMethod: 'searchWrapupCodes',
	urlSegment: 'wrapupcodes',
	urlPlaceholder: '',
	idPlaceholder: '7fd1c6a4-…',
	description: "The wrap-up code to apply; it must be one of the codes of the agent's queue",
	withUrl: false,
});
