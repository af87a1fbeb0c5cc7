/**
 * Issue 7: the example workflows (examples/*.json) run in a real n8n 2.41.1 with this package
 * installed from its tarball, against the emulator in its own process. Each test asserts on n8n's
 * execution result AND on the emulator's final state.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { describeExample, startE2eStack, STACK_START_TIMEOUT_MS, type Stack } from './e2eStack';

const { runWorkflow, nodeOutput, nodeError, describeExecution } = require('../../scripts/n8n/run-workflow');
const { DATA_ACTION_IDS } = require('../emulator/fixtures/dataActions');

let stack: Stack;

beforeAll(async () => {
	stack = await startE2eStack();
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
	await stack?.stop();
});

afterEach(async () => {
	if (!stack) return;
	await stack.emulator.control('DELETE', 'faults');
	// the emulator checks its own answers against the Genesys spec: any mismatch fails the suite
	expect((await stack.emulator.state()).responseValidationErrors).toEqual([]);
});

/** Runs an imported example from its trigger, as the editor's "Execute workflow" does. */
async function run(workflowId: string, triggerName: string) {
	return await runWorkflow({ session: stack.session, api: stack.api, workflowId, triggerName });
}

function expectSuccess(execution: any) {
	if (execution.status !== 'success') throw new Error(describeExecution(execution));
}

describe('the package inside n8n', () => {
	test('n8n registered every node of the package as <package>.<node>, each with an icon', () => {
		// startStack already failed if one was missing; this states it and checks the icons the editor shows
		const loaded = new Map(stack.loadedNodes.map((d: any) => [d.name, d]));
		for (const node of stack.nodeTypes) {
			const d = loaded.get(node.type);
			expect(d).toBeDefined();
			expect(d.iconUrl?.light ?? d.iconUrl ?? d.icon).toBeTruthy();
		}
	});

	test('the credential type is registered and the imported credential connects to the emulator', async () => {
		const r = await stack.session.request('GET', '/types/credentials.json', undefined, { expect: 200 });
		expect(r.data.map((c: any) => c.name)).toContain('genesysCloudOAuth2Api');
		// n8n's own credential test (the "Retry" in the credential dialog): token + a request to the API
		const t = await stack.api('POST', '/credentials/gcEmulatorCred01/test');
		expect(t.data).toMatchObject({ status: 'OK' });
	});

	test('every example whose nodes are in this build was imported', async () => {
		const r = await stack.api('GET', '/workflows');
		const ids = r.data.data.map((w: any) => w.id);
		for (const ex of stack.examples) expect(ids).toContain(ex.workflow.id);
	});
});

describeExample('update-data-action-timeout', () => {
	const WF = 'gcExDataActTmout';
	const TRIGGER = "When clicking 'Execute workflow'";
	const action = async () => (await stack.emulator.state()).store.actions[DATA_ACTION_IDS.crmLookup];

	test('dry run reports 3 → 8 s, then the real run sets it: the emulated action has 8 s', async () => {
		expect((await action()).config.timeoutSeconds).toBe(3);
		const execution = await run(WF, TRIGGER);
		expectSuccess(execution);
		const [dry] = nodeOutput(execution, 'Dry Run: CRM Lookup to 8 s');
		expect(dry).toMatchObject({ actionId: DATA_ACTION_IDS.crmLookup, timeoutBefore: 3, wouldSetTo: 8, changed: false, dryRun: true });
		const [real] = nodeOutput(execution, 'Update: CRM Lookup to 8 s');
		expect(real).toMatchObject({ actionId: DATA_ACTION_IDS.crmLookup, timeoutBefore: 3, timeoutAfter: 8, changed: true });
		const after = await action();
		expect(after.config.timeoutSeconds).toBe(8);
		expect(after.version).toBe(5);
		// the rest of the action's configuration is untouched
		expect(after.config.request.requestUrlTemplate).toBe('https://crm.example.com/api/lookup?q=${input.query}');
	});

	test('a second run finds nothing to do: the dry run has no change due and nothing is written', async () => {
		const before = await stack.emulator.requests();
		const execution = await run(WF, TRIGGER);
		expectSuccess(execution);
		expect(nodeOutput(execution, 'Dry Run: CRM Lookup to 8 s')[0]).toMatchObject({ timeoutBefore: 8, changed: false });
		expect(nodeOutput(execution, 'Dry Run: CRM Lookup to 8 s')[0].wouldSetTo).toBeUndefined();
		const writes = (await stack.emulator.requests()).slice(before.length).filter((r: any) => r.method !== 'GET');
		expect(writes.filter((r: any) => r.path.startsWith('/api/v2/'))).toEqual([]);
		expect((await action()).version).toBe(5);
	});

	test('failure path: the emulator answers 503 past the retry budget; the execution records a clear node error', async () => {
		await stack.emulator.control('POST', 'faults', {
			method: 'GET',
			match: { regex: '^/api/v2/integrations/actions/' },
			status: 503,
			count: 'Infinity',
		});
		const execution = await run(WF, TRIGGER);
		expect(execution.status).toBe('error');
		const err = nodeError(execution);
		expect(err.node).toBe('Dry Run: CRM Lookup to 8 s');
		// what n8n shows in the node's error panel: Genesys's status and message, the request, the attempts
		expect(err.httpCode).toBe('503');
		expect(err.message).toMatch(/^Genesys Cloud answered 503 \(service\.unavailable\)/);
		expect(err.description).toMatch(/GET \/api\/v2\/integrations\/actions\/.* · 4 attempts/);
		const faulted = (await stack.emulator.requests()).filter((r: any) => r.faulted);
		expect(faulted).toHaveLength(4); // the transport's retry budget, then it gave up
		expect((await action()).config.timeoutSeconds).toBe(8); // nothing written
	});
});
