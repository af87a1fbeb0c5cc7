/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Issue 7: the nodes in n8n's real editor, in Debian's chromium driven by playwright-core (no browser
 * download). Logs in, adds every node of the package from the node panel (name and icon checked
 * there and on the canvas), opens the credential dialog (n8n's connection test must pass), and opens
 * each "From list" picker (data actions, queues, wrap-up codes), which must list the emulator's
 * entries. Screenshots of every step go to artifacts/browser/ (git-ignored); the final canvas is
 * also saved as docs/editor.png for the README.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { startE2eStack, STACK_START_TIMEOUT_MS, type Stack } from '../e2e/e2eStack';

const { ensureChromium } = require('../../scripts/n8n/chromium');
const { CREDENTIAL } = require('../../scripts/n8n/examples');

const REPO = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(REPO, 'artifacts', 'browser');
const README_SHOT = path.join(REPO, 'docs', 'editor.png');
const VIEWPORT = { width: 1200, height: 700 };

/**
 * The "From list" pickers to open, per node: the resource locator's parameter name, a search the
 * demo org answers, and the entry that must be listed.
 */
const PICKERS: Record<string, Array<{ param: string; search: string; expect: string }>> = {
	genesysCloudUpdateDataActionTimeout: [{ param: 'dataAction', search: 'CRM', expect: 'CRM Lookup (CRM)' }],
	genesysCloudUpsertQueueOverride: [{ param: 'queue', search: 'Sales - EMEA', expect: 'Sales - EMEA 001' }],
	// the wrap-up code search filters the listed codes on the client, by part of the name in any case
	genesysCloudEndAcw: [{ param: 'wrapupCode', search: 'Resolved', expect: 'Resolved' }],
};

/** Required text parameters to fill in, per node. */
const TEXT_PARAMS: Record<string, Record<string, string>> = {
	genesysCloudEndAcw: { conversationId: '7db9e518-8be2-45c7-aca6-cd2644c94599' },
};

let stack: Stack;
let browser: Browser;
let page: Page;
let shot = 0;

async function screenshot(name: string) {
	shot += 1;
	await page.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
}

/**
 * True when an <img> really rendered (the icon URL answered with an image). The panel and the canvas
 * draw the item before its icon has arrived, and a busy CI machine may take seconds to fetch it, so
 * this waits for the image's load (or error) event rather than checking once: a check at one instant
 * failed a CI run on a perfectly good icon.
 */
async function imageLoaded(selector: string, timeoutMs = 10_000): Promise<boolean> {
	return await page
		.locator(selector)
		.first()
		.evaluate(
			// runs in the page (no DOM types here)
			(img: any, ms: number) =>
				new Promise<boolean>((resolve) => {
					const rendered = () => img.complete && img.naturalWidth > 0;
					if (rendered()) return resolve(true);
					if (img.complete && img.currentSrc) return resolve(false); // already failed: no event will come
					img.addEventListener('load', () => resolve(rendered()), { once: true });
					img.addEventListener('error', () => resolve(false), { once: true });
					setTimeout(() => resolve(rendered()), ms);
				}),
			timeoutMs,
		)
		.catch(() => false);
}

beforeAll(async () => {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	stack = await startE2eStack();
	browser = await chromium.launch({
		executablePath: ensureChromium(),
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
	page = await browser.newPage({ viewport: VIEWPORT });
	page.setDefaultTimeout(15000);
}, STACK_START_TIMEOUT_MS);

afterAll(async () => {
	await browser?.close();
	await stack?.stop();
});

test('log in', async () => {
	await page.goto(`${stack.n8n.url}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(stack.owner.email);
	await page.locator('input[name="password"]').fill(stack.owner.password);
	await screenshot('signin');
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((u) => !u.pathname.includes('signin'));
});

test('open a new workflow', async () => {
	await page.goto(`${stack.n8n.url}/workflow/new`);
	await page.locator('[data-test-id="canvas-plus-button"]').waitFor();
	await screenshot('new-workflow');
});

describe('each node of the package', () => {
	let first = true;
	// from package.json n8n.nodes via dist/: a node added to the package is checked here too
	const nodes: Array<{ name: string; displayName: string; defaultName: string }> = require('../../scripts/n8n/package').packageNodeTypes();

	test.each(nodes.map((n) => [n.displayName, n]))('%s: in the node panel with its icon, added, credential set, pickers list entries', async (_label, node) => {
		// a failed earlier node may have left its details or the node panel open: one failure, not three
		if (await page.locator('[data-test-id="ndv"]').isVisible()) await page.locator('[data-test-id="ndv-close-button"]').click();
		if (await page.locator('[data-test-id="node-creator-search-bar"]').isVisible()) await page.keyboard.press('Escape');
		// The node panel: the empty canvas's big "+" the first time, the canvas toolbar's "+" afterwards.
		await page.locator(first ? '[data-test-id="canvas-plus-button"]' : '[data-test-id="node-creator-plus-button"]').click();
		await page.keyboard.type(node.displayName);
		const item = page.locator('[data-test-id="node-creator-node-item"]', { hasText: node.displayName });
		await item.waitFor(); // fails if n8n does not list the node
		expect(await imageLoaded(`[data-test-id="node-creator-node-item"]:has-text("${node.displayName}") img`)).toBe(true);
		await screenshot(`${node.name}-panel`);
		await item.click();
		// An installed community node first shows its details card with "Add to workflow".
		const add = page.getByRole('button', { name: 'Add to workflow' });
		const ndv = page.locator('[data-test-id="ndv"]');
		await Promise.race([add.waitFor(), ndv.waitFor()]);
		if (await add.isVisible()) await add.click();
		await ndv.waitFor();
		first = false;

		// The credential is picked for the user (the only one of its type) ...
		await expect(page.locator('[data-test-id="node-credentials-select"] input').inputValue()).resolves.toBe(CREDENTIAL.name);
		if (node.name === nodes[0].name) {
			// ... and its dialog opens with n8n's connection test passed (token + a call to the emulator).
			await page.locator('[data-test-id="credential-edit-button"]').click();
			await page.locator('[data-test-id="credentials-config-container-test-success"]').waitFor();
			await screenshot('credential-dialog');
			await page.locator('[data-test-id="editCredential-modal"] .el-dialog__headerbtn').first().click();
			await page.locator('[data-test-id="editCredential-modal"]').waitFor({ state: 'hidden' });
		}

		for (const picker of PICKERS[node.name] ?? []) {
			const rl = page.locator(`[data-test-id="resource-locator-${picker.param}"]`);
			await rl.locator('[data-test-id="rlc-input"]').click();
			await page.locator('[data-test-id="rlc-item"]').first().waitFor(); // fails if the list is empty
			expect(await page.locator('[data-test-id="rlc-item"]').count()).toBeGreaterThan(0);
			await page.keyboard.type(picker.search); // the list opens with its search box focused
			const entry = page.locator('[data-test-id="rlc-item"]', { hasText: picker.expect }).first();
			await entry.waitFor();
			await screenshot(`${node.name}-${picker.param}-picker`);
			await entry.click(); // pick it, so the node is configured on the canvas
		}
		// required text fields, so the canvas shows configured nodes rather than warnings
		for (const [param, value] of Object.entries(TEXT_PARAMS[node.name] ?? {})) {
			await page.locator(`[data-test-id="parameter-input-${param}"] input, [data-test-id="parameter-input-${param}"] textarea`).first().fill(value);
		}
		await screenshot(`${node.name}-ndv`);
		await page.locator('[data-test-id="ndv-close-button"]').click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });

		// On the canvas, under its default name, with its icon rendered.
		const onCanvas = page.locator('[data-test-id="canvas-node"]', { hasText: node.defaultName });
		await onCanvas.waitFor();
		expect(await imageLoaded(`[data-test-id="canvas-node"]:has-text("${node.defaultName}") img`)).toBe(true);
	});
});

test('the canvas with every node (docs/editor.png for the README)', async () => {
	await page.locator('[data-test-id="tidy-up-button"]').click(); // nodes added from the toolbar may overlap
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	await page.waitForTimeout(500); // the zoom animates
	await screenshot('canvas');
	// The committed README picture is refreshed on request only, so a test run leaves the tree clean:
	// UPDATE_README_SCREENSHOT=1 npx jest test/browser
	if (process.env.UPDATE_README_SCREENSHOT === '1') {
		fs.mkdirSync(path.dirname(README_SHOT), { recursive: true });
		await page.screenshot({ path: README_SHOT });
		expect(fs.statSync(README_SHOT).size).toBeLessThan(300_000);
	}
});
