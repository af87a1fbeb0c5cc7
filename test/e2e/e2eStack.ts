/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * The shared setup of the e2e suites: one real n8n (pinned runtime, this package installed from
 * its npm tarball) plus the emulator as its own process, started once per test file.
 * The first run on a clean checkout installs the n8n runtime (about 4 minutes), hence the timeout.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { seeds } from '../emulator/fixtures';
import { createEmptyStore } from '../emulator/store';
import type { OrgStore } from '../emulator/types';

const { startStack } = require('../../scripts/n8n/stack');
const { loadExamples, partitionExamples } = require('../../scripts/n8n/examples');
const { packageNodeTypes } = require('../../scripts/n8n/package');

export const STACK_START_TIMEOUT_MS = 15 * 60 * 1000;

export interface Stack {
	n8n: { url: string; logs(): string };
	emulator: {
		url: string;
		control(method: string, route: string, body?: unknown): Promise<any>;
		state(): Promise<any>;
		requests(): Promise<any[]>;
	};
	session: { request(method: string, path: string, body?: unknown, opts?: { expect?: number }): Promise<{ status: number; data: any }>; cookie: string; browserId: string };
	api: (method: string, path: string, body?: unknown) => Promise<{ status: number; data: any }>;
	owner: { email: string; password: string };
	nodeTypes: Array<{ type: string; name: string; displayName: string; defaultName: string }>;
	loadedNodes: any[];
	examples: any[];
	timings: Record<string, number>;
	stop(): Promise<void>;
}

export async function startE2eStack(options: { wrapupAuth?: 'permission' | 'participant-user' } = {}): Promise<Stack> {
	return (await startStack({
		...options,
		log: (m: string) => process.env.N8N_TEST_LOGS === '1' && process.stderr.write(`[e2e] ${m}\n`),
	})) as Stack;
}

/** The node types this build of the package declares (package.json n8n.nodes, read from dist/). */
export const builtNodeTypes = (): string[] => packageNodeTypes().map((n: { type: string }) => n.type);

/** Store parts (queues, conversations, ...) that the emulator's demo seed leaves empty. */
function emptyInDemoSeed(parts: Array<keyof OrgStore>): string[] {
	const store = createEmptyStore();
	seeds.demo(store);
	return parts.filter((p) => !(store[p] instanceof Map) || (store[p] as Map<string, unknown>).size === 0) as string[];
}

/**
 * `describe` for an example whose nodes are all in this build and whose data the demo seed has,
 * else `describe.skip` naming what it waits for (a node not landed yet, or an empty part of the
 * demo org). Decided at load time, from dist/ (npm test builds first) and test/emulator/fixtures.
 */
export function describeExample(slug: string, needs: Array<keyof OrgStore>, fn: () => void): void {
	const ex = loadExamples().find((e: { slug: string }) => e.slug === slug);
	if (!ex) throw new Error(`examples/${slug}.json does not exist`);
	const { waiting } = partitionExamples([ex], builtNodeTypes());
	const missing = [
		...(waiting.length ? waiting[0].missing : []),
		...emptyInDemoSeed(needs).map((p) => `demo seed ${p}`),
	];
	if (missing.length) describe.skip(`example ${slug} (waiting for ${missing.join(', ')})`, fn);
	else describe(`example ${slug}`, fn);
}

export const MANUAL_TRIGGER = "When clicking 'Execute workflow'";
export const EMULATOR_CREDENTIAL = { genesysCloudOAuth2Api: { id: 'gcEmulatorCred01', name: 'Genesys Cloud (local emulator)' } };

export interface QueueSettingsRow {
	queueId: string;
	wrapupPrompt: string;
	acwTimeoutSeconds: string;
}

/**
 * "Another writer": a workflow of its own that sets each queue's ACW settings with Upsert Queue
 * Override, as any n8n user could. Created through n8n's API; the caller runs it (returns its ID).
 */
export async function createAnotherWriter(stack: Stack, rows: QueueSettingsRow[], name = 'another writer'): Promise<string> {
	const created = await stack.api('POST', '/workflows', {
		name,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'w1', name: MANUAL_TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'w2', name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, position: [240, 0], parameters: { jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` } },
			{
				id: 'w3',
				name: 'Upsert Queue Override',
				type: 'n8n-nodes-genesys-cloud.genesysCloudUpsertQueueOverride',
				typeVersion: 2,
				position: [480, 0],
				parameters: { queue: { __rl: true, mode: 'id', value: '={{ $json.queueId }}' }, wrapupPrompt: '={{ $json.wrapupPrompt }}', acwTimeoutSeconds: '={{ $json.acwTimeoutSeconds }}', options: {} },
				credentials: EMULATOR_CREDENTIAL,
			},
		],
		connections: { [MANUAL_TRIGGER]: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] }, Rows: { main: [[{ node: 'Upsert Queue Override', type: 'main', index: 0 }]] } },
	});
	return created.data.id as string;
}
