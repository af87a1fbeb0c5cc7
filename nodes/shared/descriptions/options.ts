import type { INodeProperties } from 'n8n-workflow';

/** The Dry Run option every writing node offers: report what would change, write nothing. */
export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description: 'Whether to only report what would change, writing nothing',
};

/** The "Options" collection every node ends with. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
