/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import path from 'node:path';

import { oAuth2ApiParent } from './oAuth2ApiParent';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PROBE_PACKAGE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'probe-package');

export interface LoadedTypes {
	packageName: string;
	nodes: Record<string, INodeType | IVersionedNodeType>;
	credentials: Record<string, ICredentialType>;
	/** node file paths as n8n resolved them from package.json */
	nodeSourcePaths: Record<string, string>;
}

let loading: Promise<LoadedTypes> | undefined;

async function loadDirectory(directory: string, into: LoadedTypes) {
	const loader = new PackageDirectoryLoader(directory);
	await loader.loadAll();
	for (const [name, data] of Object.entries(loader.nodeTypes)) {
		into.nodes[`${loader.packageName}.${name}`] = data.type;
		into.nodeSourcePaths[`${loader.packageName}.${name}`] = data.sourcePath;
	}
	for (const [name, data] of Object.entries(loader.credentialTypes)) into.credentials[name] = data.type;
	return loader.packageName;
}

/**
 * Loads the built package the way n8n does: n8n-core's PackageDirectoryLoader reads package.json's
 * `n8n` section and requires the files under dist/. A missing or misnamed dist file fails here.
 * The probe package (test-only node that calls the transport directly) is loaded beside it.
 */
export async function loadPackageTypes(): Promise<LoadedTypes> {
	loading ??= (async () => {
		const types: LoadedTypes = { packageName: '', nodes: {}, credentials: {}, nodeSourcePaths: {} };
		types.packageName = await loadDirectory(REPO_ROOT, types);
		await loadDirectory(PROBE_PACKAGE_DIR, types);
		types.credentials.oAuth2Api = oAuth2ApiParent;
		return types;
	})();
	return await loading;
}
