/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
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

const queuesByName = async (): Promise<Record<string, any>> =>
	Object.fromEntries(Object.values((await stack.emulator.state()).store.queues).map((q: any) => [q.name, q]));

describeExample('2-set-acw-policy-nightly', ['queues'], () => {
	const WF = 'gcExAcwPolicyAll';
	// the exclusion list of the example: these two keep their own settings
	const EXCLUDED = ['83179262-163c-4b51-aa23-2ce3877ae543', '1a8e9b84-f0c1-4157-a0ad-7663e913ff7a'];
	const POLICY = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120000 };

	test('every queue but the excluded ones gets 120 s time-boxed ACW; the summary counts them', async () => {
		const before = (await stack.emulator.state()).store.queues;
		const ids = Object.keys(before);
		for (const id of EXCLUDED) expect(ids).toContain(id); // the example names queues of the demo org
		const differing = ids.filter((id) => !EXCLUDED.includes(id) && JSON.stringify(before[id].acwSettings) !== JSON.stringify(POLICY));

		const execution = await run(WF, 'Every night at 06:00');
		expectSuccess(execution);
		const [summary] = nodeOutput(execution, 'Set ACW Policy: 120 s time-boxed');
		expect(summary).toMatchObject({ type: 'summary', considered: ids.length, excluded: 2, failed: 0, changed: differing.length });
		const [message] = nodeOutput(execution, 'Summary');
		expect(message.message).toBe(
			`ACW policy MANDATORY_TIMEOUT 120 s: ${differing.length} queues changed, ${ids.length - 2 - differing.length} already compliant, 2 excluded, 0 failed`,
		);

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

describeExample('6-rollback-acw-policy', ['queues'], () => {
	const ROLLBACK = 'gcExAcwRollback1';
	const TRIGGER = "When clicking 'Execute workflow'";
	const POLICY = { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 45000 };
	const queues = async (): Promise<Record<string, any>> => structuredClone((await stack.emulator.state()).store.queues);

	/** A user's policy run: Set ACW Policy on the Sales queues, one output item per queue. */
	async function applyPolicy() {
		const created = await stack.api('POST', '/workflows', {
			name: 'e2e: Sales queues to 45 s forced ACW',
			settings: { executionOrder: 'v1' },
			nodes: [
				{ id: 'a1', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'a2',
					name: 'Set ACW Policy',
					type: 'n8n-nodes-genesys-cloud.genesysCloudSetAcwPolicy',
					typeVersion: 1,
					position: [240, 0],
					parameters: {
						wrapupPrompt: POLICY.wrapupPrompt,
						acwTimeoutSeconds: String(POLICY.timeoutMs / 1000),
						scope: 'namePattern',
						namePattern: 'Sales*',
						orgSwitches: {},
						options: { output: 'perQueue' },
					},
					credentials: { genesysCloudOAuth2Api: { id: 'gcEmulatorCred01', name: 'Genesys Cloud (local emulator)' } },
				},
			],
			connections: { [TRIGGER]: { main: [[{ node: 'Set ACW Policy', type: 'main', index: 0 }]] } },
		});
		expect(created.status).toBe(200);
		const execution = await run(created.data.id, TRIGGER);
		expectSuccess(execution);
		return nodeOutput(execution, 'Set ACW Policy');
	}

	/** What the example tells the user to do: paste the policy run's output into its Code node. */
	async function pasteIntoRollback(policyRunOutput: any[]) {
		const wf = (await stack.api('GET', `/workflows/${ROLLBACK}`)).data;
		const code = wf.nodes.find((n: any) => n.name === 'Policy run to roll back');
		expect(code.parameters.jsCode).toContain('const policyRunOutput = [];');
		code.parameters.jsCode = code.parameters.jsCode.replace('const policyRunOutput = [];', `const policyRunOutput = ${JSON.stringify(policyRunOutput, null, 2)};`);
		const saved = await stack.api('PUT', `/workflows/${ROLLBACK}`, { name: wf.name, nodes: wf.nodes, connections: wf.connections, settings: { executionOrder: 'v1' } });
		expect(saved.status).toBe(200);
	}

	test('as it comes (nothing pasted) the example runs and writes nothing', async () => {
		const from = (await stack.emulator.requests()).length;
		expectSuccess(await run(ROLLBACK, TRIGGER));
		expect((await stack.emulator.requests()).slice(from).filter((r: any) => r.path.startsWith('/api/v2/'))).toEqual([]);
	});

	test('apply a policy, roll it back: every queue is exactly as it was before the policy run', async () => {
		const before = await queues();
		const sales = Object.values(before).filter((q: any) => q.name.startsWith('Sales'));
		const differing = sales.filter((q: any) => JSON.stringify(q.acwSettings) !== JSON.stringify(POLICY));
		expect(differing.length).toBeGreaterThan(1); // the run has something to undo

		const policyRun = await applyPolicy();
		const changed = policyRun.filter((o: any) => o.outcome === 'changed');
		expect(changed.map((o: any) => o.queueId).sort()).toEqual(differing.map((q: any) => q.id).sort());
		const applied = await queues();
		for (const q of sales as any[]) expect(applied[q.id].acwSettings).toEqual(POLICY);

		await pasteIntoRollback(policyRun);
		const execution = await run(ROLLBACK, TRIGGER);
		expectSuccess(execution);
		const restored = nodeOutput(execution, "Restore the queue's ACW settings");
		expect(restored.map((o: any) => o.queueId).sort()).toEqual(changed.map((o: any) => o.queueId).sort());
		const view = (acw: any) => ({ wrapupPrompt: acw.wrapupPrompt, timeoutSeconds: acw.timeoutMs === undefined ? null : acw.timeoutMs / 1000 });
		for (const o of restored) expect(o).toMatchObject({ changed: true, after: view(before[o.queueId].acwSettings) });

		// the org is as it was: every queue's whole body, not only acwSettings; only the record of the
		// last write (when, by which client) is new, as it would be in Genesys
		const config = (all: Record<string, any>) =>
			Object.fromEntries(Object.entries(all).map(([id, q]) => [id, { ...q, dateModified: undefined, modifiedBy: undefined }]));
		expect(config(await queues())).toEqual(config(before));
	});
});
