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

/**
 * Genesys answers a write with the stored entity, which is the verification by default (one call
 * fewer per change). Users who want the guides' separate "verify" read can turn it on.
 */
export const readBackOption: INodeProperties = {
	displayName: 'Verify With a Separate Read',
	name: 'verifyWithRead',
	type: 'boolean',
	default: false,
	description:
		"Whether to read the entity again after writing to verify the change, instead of checking Genesys Cloud's answer to the write (one more API call per change)",
};
