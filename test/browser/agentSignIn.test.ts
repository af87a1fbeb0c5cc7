/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 19 §1 (API-NOTES §8.10), in real n8n with the browser, with the emulator in its
 * 'participantUser' mode (only the conversation's own agent, signed in, may apply its wrap-up):
 * an Authorization Code credential is connected in n8n's credential dialog ("Connect my account"),
 * the person signs in as the conversation's agent on the emulator's login page, and End ACW then
 * wraps up that agent's conversation; another agent's conversation is refused with the guidance,
 * and so is a client-credentials credential. Screenshots go to artifacts/browser/agent-sign-in/.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { startE2eStack, STACK_START_TIMEOUT_MS, type Stack } from '../e2e/e2eStack';

const { ensureChromium } = require('../../scripts/n8n/chromium');
const { CREDENTIAL } = require('../../scripts/n8n/examples');
const { EMULATOR_CLIENT } = require('../../scripts/n8n/emulator');
const { runWorkflow, nodeOutput, nodeError, describeExecution } = require('../../scripts/n8n/run-workflow');

const ARTIFACTS = path.join(path.resolve(__dirname, '..', '..'), 'artifacts', 'browser', 'agent-sign-in');
const TRIGGER = "When clicking 'Execute workflow'";

let stack: Stack;
let browser: Browser;
let page: Page;
let shot = 0;
/** the agent-signed-in credential n8n holds after Connect */
let agentCredential: { id: string; name: string };

/** Conversations whose agent is in ACW with a mandatory prompt, each with its agent and a valid code. */
interface Target {
	conversationId: string;
	userId: string;
	userName: string;
	codeId: string;
}
let mine: Target;
let another: Target;
let third: Target;

async function screenshot(target: Page, name: string) {
	shot += 1;
	await target.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
}

async function targets(): Promise<Target[]> {
	const { store } = await stack.emulator.state();
	const out: Target[] = [];
	for (const [conversationId, conversation] of Object.entries<any>(store.conversations)) {
		const agent = [...conversation.participants].reverse().find((p: any) => p.purpose === 'agent');
		const comm = agent?.calls?.[agent.calls.length - 1];
		if (agent?.wrapupPrompt !== 'mandatory' || comm?.afterCallWork?.state !== 'pending') continue;
		if (out.some((t) => t.userId === agent.userId)) continue;
		out.push({ conversationId, userId: agent.userId, userName: agent.name, codeId: store.queueWrapupCodes[agent.queueId][0] });
	}
	return out;
}

async function agentOf(target: Target): Promise<any> {
	const { store } = await stack.emulator.state();
	return [...store.conversations[target.conversationId].participants].reverse().find((p: any) => p.purpose === 'agent');
}

async function runEndAcw(target: Target, credential: { id: string; name: string }) {
	const created = await stack.api('POST', '/workflows', {
		name: `browser: End ACW of ${target.conversationId} with ${credential.name}`,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'b1', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'b2',
				name: 'End ACW',
				type: 'n8n-nodes-genesys-cloud.genesysCloudEndAcw',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					conversationId: target.conversationId,
					participant: 'owesWrapup',
					whenInAcw: 'applyWrapup',
					wrapupCode: { __rl: true, mode: 'id', value: target.codeId },
					notes: 'CRM case saved',
					options: { ifNotInAcwYet: 'fail' },
				},
				credentials: { genesysCloudOAuth2Api: credential },
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'End ACW', type: 'main', index: 0 }]] } },
	});
	expect(created.status).toBe(200);
	return await runWorkflow({ session: stack.session, api: stack.api, workflowId: created.data.id, triggerName: TRIGGER });
}

beforeAll(async () => {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	stack = await startE2eStack({ wrapupAuth: 'participant-user' });
	[mine, another, third] = await targets();
	browser = await chromium.launch({
		executablePath: ensureChromium(),
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
	page.setDefaultTimeout(20000);
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
	await browser?.close();
	await stack?.stop();
});

test('[fidelity] the demo org has three agents in ACW on a mandatory prompt, each a different user', () => {
	expect(new Set([mine, another, third].map((t) => t?.userId)).size).toBe(3);
});

test('[fidelity] log in to n8n', async () => {
	page.setDefaultNavigationTimeout(120000);
	// the first load of the editor's assets can be slow on a busy machine
	await page.goto(`${stack.n8n.url}/signin`, { waitUntil: 'domcontentloaded', timeout: 120000 });
	await page.locator('input[name="emailOrLdapLoginId"]').waitFor({ timeout: 120000 });
	await page.locator('input[name="emailOrLdapLoginId"]').fill(stack.owner.email);
	await page.locator('input[name="password"]').fill(stack.owner.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((u) => !u.pathname.includes('signin'));
});

test("[fidelity] an Authorization Code credential: Connect, and sign in as the conversation's agent on the emulator's page", async () => {
	const created = await stack.api('POST', '/credentials', {
		name: 'Genesys Cloud (agent sign-in)',
		type: 'genesysCloudOAuth2Api',
		data: {
			grantType: 'authorizationCode',
			region: 'custom',
			customLoginUrl: stack.emulator.url,
			customApiUrl: stack.emulator.url,
			clientId: EMULATOR_CLIENT.clientId,
			clientSecret: EMULATOR_CLIENT.clientSecret,
			requestsPerMinute: 300,
		},
	});
	expect(created.status).toBe(200);
	agentCredential = { id: created.data.id, name: created.data.name };

	await page.goto(`${stack.n8n.url}/home/credentials/${agentCredential.id}`, { waitUntil: 'domcontentloaded', timeout: 120000 });
	const dialog = page.locator('[data-test-id="editCredential-modal"]');
	await dialog.waitFor({ timeout: 60000 });
	const banner = dialog.locator('[data-test-id="oauth-not-connected-banner"]');
	await banner.waitFor();
	await screenshot(page, 'credential-not-connected');
	const popupOpened = page.waitForEvent('popup');
	await banner.getByRole('button').first().click();
	const popup = await popupOpened;
	// the emulator's login page: every user of the org, the person picks who signs in
	const choice = popup.locator(`label[data-user-id="${mine.userId}"] input`);
	await choice.waitFor();
	expect(await popup.locator('input[name="user_id"]').count()).toBeGreaterThan(3);
	await choice.check();
	await screenshot(popup, 'emulator-sign-in-page');
	await popup.locator('#sign-in').click();
	// n8n's callback stores the token and the dialog shows the account as connected
	await dialog.locator('[data-test-id="oauth-connect-success-banner"]').waitFor();
	await screenshot(page, 'credential-connected');

	const redeemed = (await stack.emulator.requests()).filter((r: any) => r.path === '/oauth/token' && r.body?.grant_type === 'authorization_code');
	expect(redeemed.map((r: any) => r.status)).toEqual([200]);
	const signIn = (await stack.emulator.requests()).filter((r: any) => r.path === '/oauth/authorize' && r.method === 'POST');
	expect(signIn.map((r: any) => r.body.user_id)).toEqual([mine.userId]);
});

test("[fidelity] End ACW with the agent's own credential wraps up that agent's conversation", async () => {
	const execution = await runEndAcw(mine, agentCredential);
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, 'End ACW')[0]).toMatchObject({ outcome: 'wrapped-up', userId: mine.userId, confirmed: true });
	expect((await agentOf(mine)).wrapup).toMatchObject({ code: mine.codeId, notes: 'CRM case saved' });
});

test("[fidelity] another agent's conversation is refused with the guidance, and nothing is written", async () => {
	const execution = await runEndAcw(another, agentCredential);
	expect(execution.status).toBe('error');
	const error = nodeError(execution);
	expect(error?.message).toMatch(/403\): it needs the permission conversation:participant:wrapup or the agent's own sign-in/);
	expect(error?.description).toMatch(/This credential signs in as a user \(Authorization Code\)/);
	expect(error?.description).toContain(`user ${another.userId}`);
	expect((await agentOf(another)).wrapup).toBeUndefined();
}, 60000);

test('[fidelity] a client-credentials credential gets the guidance too', async () => {
	const execution = await runEndAcw(third, { id: CREDENTIAL.id, name: CREDENTIAL.name });
	expect(execution.status).toBe('error');
	const error = nodeError(execution);
	expect(error?.message).toMatch(/conversation:participant:wrapup or the agent's own sign-in/);
	expect(error?.description).toMatch(/This credential uses Client Credentials \(no user\)/);
	expect((await agentOf(third)).wrapup).toBeUndefined();
	expect(describeExecution(execution)).toContain('End ACW');
}, 60000);
