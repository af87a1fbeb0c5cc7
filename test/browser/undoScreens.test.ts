/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 18: the README's pictures of change management, taken in n8n's real editor (Debian's
 * chromium, playwright-core): docs/rollback.png, a run of example 5 that restored a policy run's
 * queues (one queue in conflict), and docs/executions.png, the executions list after the CRM
 * webhook answered 200, 422 and 502 (the last two failed). Each picture is taken after the run it
 * shows was checked through n8n's API.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { createAnotherWriter, MANUAL_TRIGGER, type QueueSettingsRow, startE2eStack, STACK_START_TIMEOUT_MS, type Stack } from '../e2e/e2eStack';

const { ensureChromium } = require('../../scripts/n8n/chromium');
const { runWorkflow, nodeOutput, latestExecution } = require('../../scripts/n8n/run-workflow');
const { conversationsInAcw } = require('../../scripts/n8n/emulator');

const REPO = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(REPO, 'artifacts', 'browser');

/**
 * Every run keeps its picture in artifacts/; the committed docs/ picture is refreshed on request
 * only, as the editor test does, so a test run leaves the tree clean:
 * UPDATE_README_SCREENSHOT=1 npx jest test/browser
 */
async function picture(target: Page, name: string) {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	await target.screenshot({ path: path.join(ARTIFACTS, name) });
	if (process.env.UPDATE_README_SCREENSHOT === '1') fs.copyFileSync(path.join(ARTIFACTS, name), path.join(REPO, 'docs', name));
}
const MANUAL = MANUAL_TRIGGER;

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	stack = await startE2eStack();
	browser = await chromium.launch({ executablePath: ensureChromium(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
	page = await browser.newPage({ viewport: { width: 1400, height: 760 } });
	page.setDefaultTimeout(60000);
	await page.goto(`${stack.n8n.url}/signin`, { timeout: 180000, waitUntil: 'domcontentloaded' }); // the editor's first load is slow on a busy machine
	await page.locator('input[name="emailOrLdapLoginId"]').fill(stack.owner.email);
	await page.locator('input[name="password"]').fill(stack.owner.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((u) => !u.pathname.includes('signin'));
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
	await browser?.close();
	await stack?.stop();
});

const run = async (workflowId: string, triggerName: string) => await runWorkflow({ session: stack.session, api: stack.api, workflowId, triggerName });

async function anotherWriter(rows: QueueSettingsRow[]) {
	expect((await run(await createAnotherWriter(stack, rows), MANUAL)).status).toBe('success');
}

test('[undo] docs/rollback.png: example 5 rolls back the nightly policy run (restored, one conflict)', async () => {
	await anotherWriter([
		{ queueId: '8cdf975d-0bc4-4994-ac6b-a25f99f35c87', wrapupPrompt: 'MANDATORY', acwTimeoutSeconds: '' },
		{ queueId: '7f4849f5-ff66-4b3f-a4ab-f60a26a02e9d', wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '60' },
	]);
	const policy = await run('gcExAcwPolicyAll', 'Every night at 06:00');
	expect(policy.status).toBe('success');
	// one queue changed by someone else after the policy run: the rollback must leave it alone
	await anotherWriter([{ queueId: '8cdf975d-0bc4-4994-ac6b-a25f99f35c87', wrapupPrompt: 'OPTIONAL', acwTimeoutSeconds: '' }]);
	const rollback = await run('gcExAcwRollback1', MANUAL); // "latest" as the example ships
	expect(rollback.status).toBe('success');
	const report = nodeOutput(rollback, 'Report per queue');
	// a fresh org: the policy changed every queue not yet at 120 s; all are restored but the one changed since
	const outcomes = report.map((r: any) => r.outcome);
	expect(outcomes.filter((o: string) => o === 'conflict')).toHaveLength(1);
	expect(outcomes.filter((o: string) => o !== 'conflict').every((o: string) => o === 'restored')).toBe(true);

	await page.goto(`${stack.n8n.url}/workflow/gcExAcwRollback1/executions/${rollback.id}`, { timeout: 120000, waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	await page.waitForTimeout(2000); // the canvas fits the view after the nodes are drawn
	// open the report so the picture shows each queue's outcome
	await page.locator('[data-test-id="canvas-node"]', { hasText: 'Report per queue' }).first().dblclick();
	await page.waitForTimeout(1500);
	await picture(page, 'rollback.png');
});

test('[undo] docs/executions.png: the CRM webhook\'s 422 and 502 are failed executions', async () => {
	const WF = 'gcExCrmEndAcw001';
	const post = async (body: unknown) => {
		const previous = (await stack.api('GET', `/executions?workflowId=${WF}&limit=1`)).data.data[0];
		const res = await fetch(`${stack.n8n.url}/webhook/crm-case-saved`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return { http: res.status, execution: (await latestExecution(stack.api, WF, { newerThan: previous?.id ?? 0 })).status };
	};
	const [conversationId, another] = conversationsInAcw(await stack.emulator.state());
	expect(await post({ conversationId, caseId: 'CASE-3001' })).toEqual({ http: 200, execution: 'success' });
	expect(await post({ conversationId: 'not-an-id', caseId: 'CASE-3002' })).toEqual({ http: 422, execution: 'error' });
	await stack.emulator.control('POST', 'faults', { method: 'GET', match: { regex: '^/api/v2/conversations/' }, status: 503, count: 'Infinity' });
	expect(await post({ conversationId: another, caseId: 'CASE-3003' })).toEqual({ http: 502, execution: 'error' });
	await stack.emulator.control('DELETE', 'faults');

	await page.goto(`${stack.n8n.url}/home/executions`, { timeout: 120000, waitUntil: 'domcontentloaded' });
	// the list's status labels differ between n8n versions: wait for the rows, then for the list to settle
	await page.getByText(/crm case saved/i).first().waitFor().catch(() => undefined);
	await page.waitForTimeout(4000);
	await picture(page, 'executions.png');
});
