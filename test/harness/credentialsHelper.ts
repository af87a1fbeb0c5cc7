/* eslint-disable @typescript-eslint/no-unused-vars -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeCredentialsDetails,
	INodeProperties,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

// n8n resolves credential expressions on a throwaway one-node workflow; its node needs a type.
const resolverNodeType = {
	description: {
		displayName: 'Credential Resolver',
		name: 'noOp',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
} as unknown as INodeType;
const resolverNodeTypes: INodeTypes = {
	getByName: () => resolverNodeType,
	getByNameAndVersion: () => resolverNodeType,
	getKnownTypes: () => ({}),
};

/** Stands in for n8n's credentials table: what a workflow saved, and the token n8n stored. */
export class CredentialStore {
	private readonly records = new Map<string, { type: string; data: ICredentialDataDecryptedObject }>();

	/** how many times n8n wrote new OAuth token data (one per token fetched or renewed) */
	tokenWrites = 0;

	/** how many times the engine decrypted the credential for a node (n8n's getDecrypted) */
	decryptedReads = 0;

	set(id: string, type: string, data: ICredentialDataDecryptedObject) {
		this.records.set(id, { type, data: structuredClone(data) });
	}

	get(id: string) {
		return this.records.get(id);
	}

	update(id: string, data: ICredentialDataDecryptedObject) {
		const record = this.records.get(id);
		if (record) record.data = structuredClone(data);
	}
}

/**
 * The part of n8n's CLI CredentialsHelper that the execution engine calls: it returns the stored
 * data with the credential type's defaults applied and its expressions ($self) resolved, exactly
 * the step that turns our hidden `accessTokenUrl` expression into a URL, and stores token data
 * that n8n-core's OAuth2 code hands back.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly store: CredentialStore,
		private readonly credentialTypes: Record<string, ICredentialType>,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		const parents = this.credentialTypes[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes[type];
		if (!credentialType) throw new Error(`Unknown credential type ${type}`);
		const own = credentialType.properties;
		const inherited = (credentialType.extends ?? []).flatMap((parent) => this.getCredentialsProperties(parent));
		const ownNames = new Set(own.map((property) => property.name));
		return [...inherited.filter((property) => !ownNames.has(property.name)), ...own];
	}

	async authenticate(
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(_helpers: IHttpRequestHelper): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const record = this.store.get(nodeCredentials.id ?? '');
		const credentials = new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
		if (record) credentials.setData(record.data);
		return credentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const record = this.store.get(nodeCredentials.id ?? '');
		if (!record) throw new Error(`Credential ${nodeCredentials.id} not found`);
		this.store.decryptedReads++;
		const data = structuredClone(record.data);
		if (raw) return data;
		return this.applyDefaultsAndResolve(data, type, mode);
	}

	private applyDefaultsAndResolve(
		data: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
	): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		const withDefaults = NodeHelpers.getNodeParameters(properties, data as never, true, false, null, null) ?? {};
		// oauthTokenData is not a property of the type: keep it as stored.
		const merged = { ...data, ...withDefaults, oauthTokenData: data.oauthTokenData } as ICredentialDataDecryptedObject;
		if (merged.oauthTokenData === undefined) delete merged.oauthTokenData;
		const node = {
			id: 'credential-resolver',
			name: 'Credential Resolver',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: resolverNodeTypes });
		return workflow.expression.getParameterValue(
			merged as never,
			null,
			0,
			0,
			node.name,
			[],
			mode,
			{},
			undefined,
			false,
			merged,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		this.store.update(nodeCredentials.id ?? '', data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const record = this.store.get(nodeCredentials.id ?? '');
		if (!record) return;
		this.store.tokenWrites++;
		// n8n stores only the token on the saved credential; the other fields stay as the user set them.
		record.data = { ...record.data, oauthTokenData: structuredClone(data.oauthTokenData) };
	}
}
