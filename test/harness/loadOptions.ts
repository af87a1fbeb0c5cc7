import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeListSearchResult, INodeParameters, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { CredentialStore } from './credentialsHelper';
import { loadPackageTypes } from './loadPackage';
import { LoadedNodeTypes } from './nodeTypes';
import { CREDENTIAL_ID, CREDENTIAL_TYPE, makeAdditionalData } from './runNode';

async function context(nodeType: string, credentialStore: CredentialStore, parameters: INodeParameters = {}) {
	const types = await loadPackageTypes();
	const nodeTypes = new LoadedNodeTypes(types.nodes);
	const type = `${types.packageName}.${nodeType}`;
	const node: INode = {
		id: 'picker',
		name: 'Picker',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: 'Genesys Cloud (emulator)' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = makeAdditionalData(credentialStore, types.credentials, 'load-options');
	return {
		ctx: new LoadOptionsContext(workflow, node, additionalData, 'parameters'),
		nodeType: nodeTypes.getByNameAndVersion(type) as INodeType,
	};
}

/** Calls a node's list-search method the way the editor does when a user opens a picker. */
export async function loadListSearch(options: {
	nodeType: string;
	method: string;
	filter?: string;
	paginationToken?: string;
	credentialStore: CredentialStore;
}): Promise<INodeListSearchResult> {
	const { ctx, nodeType } = await context(options.nodeType, options.credentialStore);
	const method = nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new Error(`${options.nodeType} has no listSearch method ${options.method}`);
	return await method.call(ctx, options.filter, options.paginationToken);
}

/** Calls a node's loadOptions method (dropdowns and multi-selects). */
export async function loadOptions(options: { nodeType: string; method: string; credentialStore: CredentialStore }) {
	const { ctx, nodeType } = await context(options.nodeType, options.credentialStore);
	const method = nodeType.methods?.loadOptions?.[options.method];
	if (!method) throw new Error(`${options.nodeType} has no loadOptions method ${options.method}`);
	return await method.call(ctx);
}
