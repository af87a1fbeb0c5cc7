/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { LoggerProxy, Workflow } from 'n8n-workflow';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Emulator } from '../emulator/server';
import type { RecordedRequest } from '../emulator/types';
import { CredentialStore, TestCredentialsHelper } from './credentialsHelper';
import { loadPackageTypes } from './loadPackage';
import { LoadedNodeTypes } from './nodeTypes';

// n8n-core reads its settings folder from N8N_USER_FOLDER: keep every test run out of ~/.n8n.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-genesys-test-'));
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n-core's own logger prints node errors; the tests assert on them instead (N8N_LOG_LEVEL=debug to see them).
process.env.N8N_LOG_LEVEL ??= 'silent';

// n8n logs node errors through its LoggerProxy; the tests assert on them instead of printing them.
const silent = () => {};
LoggerProxy.init({ error: silent, warn: silent, info: silent, debug: silent, verbose: silent, scoped: () => LoggerProxy } as never);

export const CREDENTIAL_TYPE = 'genesysCloudOAuth2Api';
export const CREDENTIAL_ID = 'genesys-credential-1';

/** Credential data as a user saves it for the emulator (Custom region pointing at it). */
export function emulatorCredential(
	emulator: Pick<Emulator, 'url'>,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		grantType: 'clientCredentials',
		region: 'custom',
		customLoginUrl: emulator.url,
		customApiUrl: emulator.url,
		clientId: 'test-client-id',
		clientSecret: 'test-client-secret-Sup3rS3cret',
		requestsPerMinute: 60000,
		...overrides,
	};
}

export interface RunNodeOptions {
	/** node type without package prefix, e.g. 'genesysCloudEndAcw' (the probe package's nodes too) */
	nodeType: string;
	parameters: INodeParameters;
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** the node's Settings > On Error (wins over continueOnFail, as in n8n) */
	onError?: INode['onError'];
	/** shared across runs to model n8n's stored credential (and its stored token) */
	credentialStore: CredentialStore;
	emulator?: Emulator;
	typeVersion?: number;
	/** several nodes of one workflow run at once (two executions sharing one credential) */
	executionId?: string;
	/**
	 * Cancels the running execution when this settles, as n8n does when a user stops it: n8n-core
	 * aborts the execution's signal. The run still resolves once the node has returned or thrown.
	 */
	cancelWhen?: Promise<unknown>;
}

export interface RunNodeResult {
	/** output items' json, main output 0 */
	items: IDataObject[];
	/** full output items (pairedItem included) */
	output: INodeExecutionData[];
	/** the node error when the node failed (continueOnFail off) */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string };
	/** requests the emulator received during this run */
	requests: RecordedRequest[];
	/** n8n refused to start the workflow (its own parameter validation): the node never ran */
	startRefused?: boolean;
	run: IRun;
}

export function newCredentialStore(data: ICredentialDataDecryptedObject): CredentialStore {
	const store = new CredentialStore();
	store.set(CREDENTIAL_ID, CREDENTIAL_TYPE, data);
	return store;
}

function packagePrefixed(nodeType: string, packageName: string, probeNames: string[]): string {
	if (nodeType.includes('.')) return nodeType;
	return probeNames.includes(nodeType) ? `n8n-nodes-genesys-probe.${nodeType}` : `${packageName}.${nodeType}`;
}


/** The additionalData n8n's CLI hands the engine, reduced to what these nodes use. */
export function makeAdditionalData(
	credentialStore: CredentialStore,
	credentialTypes: Record<string, ICredentialType>,
	executionId: string,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const credentialsHelper = new TestCredentialsHelper(credentialStore, credentialTypes);
	const additionalData = {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1',
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not supported in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
	return additionalData;

}

/**
 * Runs one node of the package through n8n-core's WorkflowExecute, as n8n runs a workflow: the
 * input items enter on the node's main input, parameters are resolved by n8n (expressions too),
 * credentials go through n8n-core's OAuth2 code, and the output is what the next node would get.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const types = await loadPackageTypes();
	const nodeTypes = new LoadedNodeTypes(types.nodes);
	const probeNames = ['genesysProbe'];
	const type = packagePrefixed(options.nodeType, types.packageName, probeNames);
	const nodeType = nodeTypes.getByNameAndVersion(type, options.typeVersion);
	const node: INode = {
		id: 'node-under-test',
		name: nodeType.description.defaults.name ?? 'Node',
		type,
		typeVersion: options.typeVersion ?? (Array.isArray(nodeType.description.version) ? Math.max(...nodeType.description.version) : nodeType.description.version),
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: 'Genesys Cloud (emulator)' } },
		continueOnFail: options.continueOnFail ?? false,
		...(options.onError ? { onError: options.onError } : {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const executionId = options.executionId ?? `exec-${Math.random().toString(36).slice(2)}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'test-workflow',
		name: 'test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		nodes: [node],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	let resolveRun: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

	const additionalData = makeAdditionalData(options.credentialStore, types.credentials, executionId, hooks);

	const items: INodeExecutionData[] = (options.items ?? [{}]).map((json, index) => ({
		json,
		pairedItem: { item: index },
	}));
	const runExecutionData: IRunExecutionData = {
		version: 1,
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	const seqBefore = options.emulator?.requests.length ?? 0;
	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	let cancelled = false;
	let completedRun: IRun | undefined;
	try {
		const execution = workflowExecute.processRunExecutionData(workflow);
		void options.cancelWhen?.then(() => {
			cancelled = true;
			execution.cancel();
		});
		const completed = await execution;
		// cancelled: the hook fired at the cancel already; the run as it ended carries the node's error
		if (cancelled) completedRun = completed;
	} catch (error) {
		// n8n refuses to start a workflow whose parameters fail its own parameter validation (for
		// example a resource locator ID that does not match its pattern). What the emulator saw is
		// still returned, so "nothing was sent" is checked, not assumed.
		const requests = options.emulator ? options.emulator.requests.slice(seqBefore) : [];
		return { items: [], output: [], error: error as RunNodeResult['error'], requests, startRefused: true, run: undefined as never };
	}
	const run = completedRun ?? (await finished);

	const taskData = run.data.resultData.runData[node.name]?.[0];
	const output = (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
	const error = (taskData?.error ?? run.data.resultData.error) as RunNodeResult['error'];
	return {
		items: output.map((item) => item.json),
		output,
		error,
		requests: options.emulator ? options.emulator.requests.slice(seqBefore) : [],
		run,
	};
}
