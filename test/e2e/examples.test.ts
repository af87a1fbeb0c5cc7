/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 7: the example workflows (examples/*.json) run in a real n8n 2.41.1 with this package
 * installed from its tarball, against the emulator in its own process. Each test asserts on n8n's
 * execution result AND on the emulator's final state.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { createAnotherWriter, describeExample, MANUAL_TRIGGER, type QueueSettingsRow, startE2eStack, STACK_START_TIMEOUT_MS, type Stack } from './e2eStack';

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

	test('each node is also offered to the AI Agent as a tool (<node>Tool, an ai_tool output)', async () => {
		const r = await stack.session.request('GET', '/types/nodes.json', undefined, { expect: 200 });
		const byName = new Map(r.data.map((d: any) => [d.name, d]));
		for (const node of stack.nodeTypes) expect((byName.get(`${node.type}Tool`) as any)?.outputs).toEqual(['ai_tool']);
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

describeExample('3-update-data-action-timeout', ['actions'], () => {
	const WF = 'gcExDataActTmout';
	const TRIGGER = "When clicking 'Execute workflow'";
	const action = async () => (await stack.emulator.state()).store.actions[DATA_ACTION_IDS.crmLookup];

	test('dry run reports 3 → 8 s, then the real run sets it: the emulated action has 8 s', async () => {
		expect((await action()).config.timeoutSeconds).toBe(3);
		const execution = await run(WF, TRIGGER);
		expectSuccess(execution);
		const [dry] = nodeOutput(execution, 'Dry Run: CRM Lookup to 8 s');
		expect(dry).toMatchObject({ actionId: DATA_ACTION_IDS.crmLookup, outcome: 'wouldChange', current: 3, wouldSetTo: 8, changed: false, dryRun: true });
		const [real] = nodeOutput(execution, 'Update: CRM Lookup to 8 s');
		expect(real).toMatchObject({ actionId: DATA_ACTION_IDS.crmLookup, before: 3, after: 8, changed: true });
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
		expect(nodeOutput(execution, 'Dry Run: CRM Lookup to 8 s')[0]).toMatchObject({ outcome: 'unchanged', current: 8, wouldSetTo: 8, changed: false });
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
		expect(err.description).toMatch(/GET \/api\/v2\/integrations\/actions\/.* · gave up after 4 attempts/);
		const faulted = (await stack.emulator.requests()).filter((r: any) => r.faulted);
		expect(faulted).toHaveLength(4); // the transport's retry budget, then it gave up
		expect((await action()).config.timeoutSeconds).toBe(8); // nothing written
	});
});

const queuesByName = async (): Promise<Record<string, any>> =>
	Object.fromEntries(Object.values((await stack.emulator.state()).store.queues).map((q: any) => [q.name, q]));

describeExample('2-set-acw-policy-nightly', ['queues'], () => {
	const WF = 'gcExAcwPolicyAll';
	// the exclusion list of the example: the queues example 4 overrides keep their own settings
	const EXCLUDED = ['83179262-163c-4b51-aa23-2ce3877ae543', '587a8ce8-608b-4778-aaf2-95b40a5845d4', '1a8e9b84-f0c1-4157-a0ad-7663e913ff7a'];
	const POLICY = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120000 };

	test('every queue but the excluded ones gets 120 s time-boxed ACW; the summary counts them', async () => {
		const before = (await stack.emulator.state()).store.queues;
		const ids = Object.keys(before);
		for (const id of EXCLUDED) expect(ids).toContain(id); // the example names queues of the demo org
		const differing = ids.filter((id) => !EXCLUDED.includes(id) && JSON.stringify(before[id].acwSettings) !== JSON.stringify(POLICY));

		const execution = await run(WF, 'Every night at 06:00');
		expectSuccess(execution);
		const [summary] = nodeOutput(execution, 'Set ACW Policy: 120 s time-boxed');
		expect(summary).toMatchObject({ type: 'summary', considered: ids.length, excluded: 3, failed: 0, changed: differing.length });
		expect(summary.runId).toBe(`${execution.id}:Set ACW Policy: 120 s time-boxed`);
		const [message] = nodeOutput(execution, 'Summary');
		expect(message.message).toBe(
			`ACW policy MANDATORY_TIMEOUT 120 s: ${differing.length} queues changed, ${ids.length - 3 - differing.length} already compliant, 3 excluded, 0 failed. Undo: run example 5 with run ID ${summary.runId}`,
		);
		// [undo] one Data Table record per changed queue
		const records = nodeOutput(execution, 'Write the change records');
		expect(records.map((r: any) => r.queueId).sort()).toEqual([...differing].sort());
		for (const r of records) {
			expect(r.runId).toBe(summary.runId);
			expect(JSON.parse(r.after)).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 120 });
		}

		const after = (await stack.emulator.state()).store.queues;
		for (const id of ids) {
			if (EXCLUDED.includes(id)) expect(after[id].acwSettings).toEqual(before[id].acwSettings);
			else expect(after[id].acwSettings).toEqual(POLICY);
			// only acwSettings changed: the rest of the queue body is as it was
			expect(after[id].mediaSettings).toEqual(before[id].mediaSettings);
			expect(after[id].division).toEqual(before[id].division);
		}
	});
});

describeExample('4-upsert-queue-overrides', ['queues'], () => {
	test('each row of the table becomes that queue\'s ACW override, found by name', async () => {
		const before = await queuesByName();
		const execution = await run('gcExQueueOverride', "When clicking 'Execute workflow'");
		expectSuccess(execution);
		const out = nodeOutput(execution, 'Upsert Queue Override');
		expect(out.map((o: any) => o.queueName)).toEqual(['Sales - EMEA 001', 'Billing - EMEA 003', 'Tech Support - EMEA 005']);

		const after = await queuesByName();
		expect(after['Sales - EMEA 001'].acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 90000 });
		expect(after['Billing - EMEA 003'].acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 45000 });
		expect(after['Tech Support - EMEA 005'].acwSettings).toEqual({ wrapupPrompt: 'OPTIONAL' });
		// queues not in the table are untouched
		for (const [name, q] of Object.entries(after)) {
			if (!['Sales - EMEA 001', 'Billing - EMEA 003', 'Tech Support - EMEA 005'].includes(name)) {
				expect(q.acwSettings).toEqual(before[name].acwSettings);
			}
		}
	});
});

describeExample('1-crm-webhook-end-acw', ['conversations'], () => {
	const { conversationsInAcw, agentAcwState } = require('../../scripts/n8n/emulator');
	const { latestExecution } = require('../../scripts/n8n/run-workflow');
	const RESOLVED_CODE = '1a12d3a4-8f6b-435d-a040-fe4411bc2d47';
	const WF = 'gcExCrmEndAcw001';

	/** Exactly what a CRM sends: the production webhook URL, no n8n login; body omitted when undefined. */
	async function crmPost(body?: unknown): Promise<{ status: number; json: any }> {
		const res = await fetch(`${stack.n8n.url}/webhook/crm-case-saved`, {
			method: 'POST',
			...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
		});
		const text = await res.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = { notJson: text.slice(0, 300) }; // shows in the failed assertion
		}
		return { status: res.status, json };
	}

	/** Requests other than reads the emulator received after `from` (the wrap-up is a POST, skipping a PATCH). */
	const writesSince = async (from: number) =>
		(await stack.emulator.requests()).slice(from).filter((r: any) => r.method !== 'GET' && r.path.startsWith('/api/v2/'));

	test('a CRM POSTs the saved case to the published webhook: the conversation\'s ACW ends and the CRM gets 200 with the outcome', async () => {
		const [conversationId] = conversationsInAcw(await stack.emulator.state());
		expect(conversationId).toBeDefined();
		const previous = (await stack.api('GET', `/executions?workflowId=${WF}&limit=1`)).data.data[0];
		const res = await crmPost({ conversationId, caseId: 'CASE-1042' });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ conversationId, outcome: 'wrapped-up', changed: true, wrapupCode: { id: RESOLVED_CODE, name: 'Resolved' } });

		const conv = (await stack.emulator.state()).store.conversations[conversationId];
		const agent = [...conv.participants].reverse().find((p: any) => p.purpose === 'agent');
		expect(agentAcwState(agent)).toBe('complete');
		// the example's wrap-up: code "Resolved" (every demo queue has it) and the CRM's case in the notes
		expect(agent.wrapup).toMatchObject({ code: RESOLVED_CODE, notes: 'CRM Integration - Case CASE-1042 Saved Successfully' });
		expect(conversationsInAcw(await stack.emulator.state())).not.toContain(conversationId);
		expect((await latestExecution(stack.api, WF, { newerThan: previous?.id ?? 0 })).status).toBe('success');
	});

	test('[undo] the executions list shows what the CRM got: 200 → success, 422 → failed, 502 → failed (read through n8n\'s API)', async () => {
		const statusAfter = async (body: unknown) => {
			const previous = (await stack.api('GET', `/executions?workflowId=${WF}&limit=1`)).data.data[0];
			const res = await crmPost(body);
			const execution = await latestExecution(stack.api, WF, { newerThan: previous?.id ?? 0 });
			return { http: res.status, json: res.json, execution: execution.status };
		};
		const [conversationId] = conversationsInAcw(await stack.emulator.state());
		expect(await statusAfter({ conversationId, caseId: 'CASE-2001' })).toMatchObject({ http: 200, execution: 'success' });
		const bad = await statusAfter({ caseId: 'CASE-2002' });
		expect(bad).toMatchObject({ http: 422, execution: 'error' });
		// the details speak to the CRM about its request body, not to an editor user
		expect(bad.json.details).toMatch(/^The request body must be JSON with conversationId/);
		expect(bad.json.received).toEqual({ caseId: 'CASE-2002' });
		const [another] = conversationsInAcw(await stack.emulator.state());
		await stack.emulator.control('POST', 'faults', { method: 'GET', match: { regex: '^/api/v2/conversations/' }, status: 503, count: 'Infinity' });
		expect(await statusAfter({ conversationId: another, caseId: 'CASE-2003' })).toMatchObject({ http: 502, execution: 'error' });
	});

	test('bad input: a malformed conversation ID gets 422 with End ACW\'s message, and nothing is sent to Genesys', async () => {
		const from = (await stack.emulator.requests()).length;
		const res = await crmPost({ conversationId: 'not a conversation id!', caseId: 'CASE-1043' });
		expect(res.status).toBe(422);
		expect(res.json.error).toBe('Conversation ID is not a Genesys Cloud ID: "not a conversation id!"');
		expect((await stack.emulator.requests()).slice(from).filter((r: any) => r.path.startsWith('/api/v2/'))).toEqual([]);
	});

	test('bad input: an empty body gets 422 naming the missing conversation ID', async () => {
		const from = (await stack.emulator.requests()).length;
		const res = await crmPost();
		expect(res.status).toBe(422);
		expect(res.json.error).toBe('Conversation ID is empty');
		expect(await writesSince(from)).toEqual([]);
	});

	test('bad input: a conversation Genesys does not know (404) gets 422 with End ACW\'s message', async () => {
		const from = (await stack.emulator.requests()).length;
		const res = await crmPost({ conversationId: '00000000-0000-4000-a000-000000000000' });
		expect(res.status).toBe(422);
		expect(res.json.error).toBe('Conversation 00000000-0000-4000-a000-000000000000 was not found in Genesys Cloud');
		expect(await writesSince(from)).toEqual([]);
	});

	test('Genesys fails (503 past the retry budget): 502 with Genesys\'s message and the correlation ID; the ACW is untouched', async () => {
		const [conversationId] = conversationsInAcw(await stack.emulator.state());
		expect(conversationId).toBeDefined();
		await stack.emulator.control('POST', 'faults', { method: 'GET', match: { regex: '^/api/v2/conversations/' }, status: 503, count: 'Infinity' });
		const from = (await stack.emulator.requests()).length;
		const res = await crmPost({ conversationId, caseId: 'CASE-1044' });
		expect(res.status).toBe(502);
		expect(res.json).toMatchObject({ genesysStatus: 503 });
		// Genesys's status, code and message, as End ACW reports them
		expect(res.json.error).toMatch(/^Genesys Cloud answered 503 \(service\.unavailable\)/);
		expect(res.json.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect((await stack.emulator.requests()).slice(from).filter((r: any) => r.faulted).length).toBeGreaterThan(1); // retried first
		expect(await writesSince(from)).toEqual([]);
		expect(conversationsInAcw(await stack.emulator.state())).toContain(conversationId);
	});
});

/** Example 2's policy changes; another writer sets queues with its own Upsert Queue Override workflow. */
const MANUAL = MANUAL_TRIGGER;

/** Another writer: a workflow of its own that sets each queue's ACW settings, as any n8n user could. */
async function anotherWriter(rows: QueueSettingsRow[]) {
	expectSuccess(await run(await createAnotherWriter(stack, rows, 'e2e: another writer'), MANUAL));
}

/** Sets "Run to undo" (what a user types in the editor) and runs the undo example. */
async function undoRun(workflowId: string, runId: string) {
	const wf = (await stack.api('GET', `/workflows/${workflowId}`)).data;
	const input = wf.nodes.find((n: any) => n.name === 'Run to undo');
	input.parameters.assignments.assignments[0].value = runId;
	const saved = await stack.api('PUT', `/workflows/${workflowId}`, { name: wf.name, nodes: wf.nodes, connections: wf.connections, settings: { executionOrder: 'v1' } });
	expect(saved.status).toBe(200);
	return await run(workflowId, MANUAL);
}

const apiWrites = async (from: number) =>
	(await stack.emulator.requests()).slice(from).filter((r: any) => r.method !== 'GET' && r.path.startsWith('/api/v2/'));
const settingsOf = (all: Record<string, any>) =>
	Object.fromEntries(Object.entries(all).map(([id, q]) => [id, { ...q, dateModified: undefined, modifiedBy: undefined }]));

describeExample('5-rollback-acw-policy', ['queues'], () => {
	const ROLLBACK = 'gcExAcwRollback1';
	const POLICY_WF = 'gcExAcwPolicyAll';
	const REPORT = 'Report per queue';
	const queues = async (): Promise<Record<string, any>> => structuredClone((await stack.emulator.state()).store.queues);
	// queues example 2 does not exclude, set away from its policy before each policy run
	const SCRAMBLE = [
		{ queueId: '8cdf975d-0bc4-4994-ac6b-a25f99f35c87', wrapupPrompt: 'MANDATORY', acwTimeoutSeconds: '' },
		{ queueId: '7f4849f5-ff66-4b3f-a4ab-f60a26a02e9d', wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '60' },
		{ queueId: 'a6390910-512f-43b2-a83e-488445e61c23', wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: '30' },
		{ queueId: '2bfcbaab-9f2b-4be4-a851-0ff28b8b426c', wrapupPrompt: 'OPTIONAL', acwTimeoutSeconds: '' },
	];
	let runId: string;
	let before: Record<string, any>;

	async function policyRun() {
		const execution = await run(POLICY_WF, 'Every night at 06:00');
		expectSuccess(execution);
		return nodeOutput(execution, 'Set ACW Policy: 120 s time-boxed')[0];
	}

	test('[undo] policy run, then rollback by run ID: every queue the run changed is back to its settings before the run', async () => {
		await anotherWriter(SCRAMBLE);
		before = await queues();
		const summary = await policyRun();
		runId = summary.runId;
		expect(summary.changes.map((c: any) => c.queueId).sort()).toEqual(SCRAMBLE.map((r) => r.queueId).sort());

		const execution = await undoRun(ROLLBACK, runId);
		expectSuccess(execution);
		const report = nodeOutput(execution, REPORT);
		expect(report.map((r: any) => r.queueId).sort()).toEqual(SCRAMBLE.map((r) => r.queueId).sort());
		for (const r of report) expect(r.outcome).toBe('restored');
		// the whole org is as it was before the policy run, not only acwSettings
		expect(settingsOf(await queues())).toEqual(settingsOf(before));
	});

	test('[undo] a second rollback of the same run is all unchanged and writes nothing', async () => {
		const from = (await stack.emulator.requests()).length;
		const execution = await undoRun(ROLLBACK, runId);
		expectSuccess(execution);
		const report = nodeOutput(execution, REPORT);
		expect(report).toHaveLength(SCRAMBLE.length);
		for (const r of report) expect(r.outcome).toBe('unchanged');
		expect(await apiWrites(from)).toEqual([]);
	});

	test('[undo] a queue another writer changed after the run is reported conflict and left as that writer set it ("latest")', async () => {
		const summary = await policyRun(); // the queues are back to their old settings: the policy changes them again
		expect(summary.changes).toHaveLength(SCRAMBLE.length);
		const theirs = { queueId: SCRAMBLE[0].queueId, wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '75' };
		await anotherWriter([theirs]);

		const execution = await undoRun(ROLLBACK, 'latest');
		expectSuccess(execution);
		const report = nodeOutput(execution, REPORT);
		const conflict = report.find((r: any) => r.queueId === theirs.queueId);
		expect(conflict).toMatchObject({ outcome: 'conflict', now: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutSeconds: 75 } });
		expect(conflict.reason).toMatch(/has MANDATORY_FORCED_TIMEOUT 75 s, not MANDATORY_TIMEOUT 120 s/);
		for (const r of report.filter((o: any) => o.queueId !== theirs.queueId)) expect(r.outcome).toBe('restored');
		const after = await queues();
		expect(after[theirs.queueId].acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 75000 });
		for (const r of SCRAMBLE.slice(1)) expect(after[r.queueId].acwSettings).toEqual(before[r.queueId].acwSettings);
	});

	test('[undo] an unknown run ID fails the execution with a clear message, and nothing is written', async () => {
		const from = (await stack.emulator.requests()).length;
		const execution = await undoRun(ROLLBACK, '999999:Set ACW Policy');
		expect(execution.status).toBe('error');
		const err = nodeError(execution);
		expect(err.node).toBe('Fail: nothing to undo');
		expect(err.message).toBe('Run "999999:Set ACW Policy" has no change records in the Data Table genesys_acw_changes: nothing was undone. Give a run ID from the policy run\'s output (runId), or "latest".');
		expect(await apiWrites(from)).toEqual([]);
	});
});

describeExample('6-undo-data-action-timeout', ['actions'], () => {
	const UNDO = 'gcExDataActUndo1';
	const action = async () => (await stack.emulator.state()).store.actions[DATA_ACTION_IDS.crmLookup];

	test('[undo] example 3 recorded its change (3 → 8 s); undoing "latest" restores 3 s, a second undo is unchanged', async () => {
		expect((await action()).config.timeoutSeconds).toBe(8); // example 3 ran above
		const first = await undoRun(UNDO, 'latest');
		expectSuccess(first);
		expect(nodeOutput(first, 'Report per action')).toEqual([
			{ actionName: 'CRM Lookup', actionId: DATA_ACTION_IDS.crmLookup, outcome: 'restored', timeoutNow: 3, reason: '' },
		]);
		expect((await action()).config.timeoutSeconds).toBe(3);
		const from = (await stack.emulator.requests()).length;
		const second = await undoRun(UNDO, 'latest');
		expectSuccess(second);
		expect(nodeOutput(second, 'Report per action')[0]).toMatchObject({ outcome: 'unchanged', timeoutNow: 3 });
		expect(await apiWrites(from)).toEqual([]);
	});
});
