/**
 * Issue 17, mutation testing: "Save as draft for review" (saveTimeoutAsDraft.ts) through n8n's
 * engine against the emulator, for what the Stryker run of the dataAction group left unguarded:
 * a draft read that fails, each answer to the create (409, refusal, server error, lost answer),
 * dry runs and Only If Current Timeout Is in draft mode, what every record says (outcome, changed,
 * draftCreated, draftExists, the function report), and the exact texts of a failed item.
 */
import { sleep } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import { dataActionHandlers } from '../emulator/resources/dataActions';
import { copyFunctionToDraft } from '../emulator/resources/dataActionFunctions';
import type { HandlerMap, JsonObject, RecordedRequest } from '../emulator/types';
import { GenesysError } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

const ACTIONS = '/api/v2/integrations/actions';
const CRM = DATA_ACTION_IDS.crmLookup; // published timeout 3 s, Web Services
const SCORE = DATA_ACTION_IDS.calculateLeadScore; // published timeout 10 s, a function data action by its category
const WRITES = new Set(['PATCH', 'POST', 'PUT', 'DELETE']);
const UNCHANGED = 'The published action is unchanged.';
const INVALID = 'Genesys Cloud validated the draft and listed these problems; nothing was published.';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;

async function start(handlers: HandlerMap[] = []) {
	emulator = await startEmulator({ seed: (store) => seedDataActions(store), handlers });
	credentialStore = newCredentialStore(emulatorCredential(emulator));
	// fetch the token up front so the requests below are the node's own
	await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator });
}

afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const run = (id: string, timeoutSeconds: number, options: Record<string, unknown> = {}) =>
	runNode({
		nodeType: 'genesysCloudUpdateDataActionTimeout',
		parameters: { mode: 'draft', dataAction: byId(id), timeoutSeconds, options },
		credentialStore,
		emulator,
	});

const paths = (requests: RecordedRequest[]) => requests.map((r) => `${r.method} ${r.path}`);
const writes = (requests: RecordedRequest[]) => requests.filter((r) => WRITES.has(r.method) && r.path.startsWith('/api/'));

/** A draft that existed before the run (another person's work in progress), holding `timeoutSeconds`. */
function seedDraft(id: string, timeoutSeconds: number) {
	const published = structuredClone(emulator.store.actions.get(id)!);
	emulator.store.actionDrafts.set(id, { ...published, version: 1, config: { ...published.config, timeoutSeconds } });
	copyFunctionToDraft(emulator.store, id);
}

/** Genesys's validation of the draft lists these problems. */
const invalidDraft = (errors?: JsonObject[]): HandlerMap => ({
	getIntegrationsActionDraftValidation: () => ({ status: 200, body: errors ? { valid: false, errors } : { valid: false } }),
});

/** The record's fields saveTimeoutAsDraft decides (the rest is the node's envelope). */
const record = (fields: Record<string, unknown>) => ({
	runId: expect.any(String),
	actionId: expect.any(String),
	actionName: expect.any(String),
	category: expect.any(String),
	mode: 'draft',
	apiCalls: expect.any(Number),
	...fields,
});

describe('the draft as first read', () => {
	test('[safety] a draft read Genesys refuses (403) fails the item: it is not taken for "no draft", nothing is created', async () => {
		await start();
		emulator.injectFault({ method: 'GET', match: `${ACTIONS}/${CRM}/draft`, status: 403 });
		const result = await run(CRM, 20);
		expect(result.error?.httpCode).toBe('403');
		expect(paths(result.requests)).toEqual([`GET ${ACTIONS}/${CRM}`, `GET ${ACTIONS}/${CRM}/draft`]);
		expect(emulator.store.actionDrafts.has(CRM)).toBe(false);
	});
});

describe('the answer to creating the draft', () => {
	test('[safety] a 409 (another writer created the draft a moment ago) uses theirs as an existing draft: not created here, no function report when it already holds the value', async () => {
		await start([{
			postIntegrationsActionDraft: (ctx) => {
				const published = structuredClone(ctx.store.actions.get(SCORE)!);
				ctx.store.actionDrafts.set(SCORE, { ...published, version: 1, config: { ...published.config, timeoutSeconds: 20 } });
				copyFunctionToDraft(ctx.store, SCORE);
				throw new GenesysError(409, 'conflict', `A draft already exists for action ${SCORE}; edit or delete it`);
			},
		}]);
		const result = await run(SCORE, 20);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			record({ outcome: 'unchanged', before: 10, after: 20, publishedTimeout: 10, draftCreated: false, draftVersion: 1, draftValid: true, changed: false, dryRun: false }),
		]);
		expect(paths(result.requests)).toEqual([
			`GET ${ACTIONS}/${SCORE}`,
			`GET ${ACTIONS}/${SCORE}/draft`,
			`POST ${ACTIONS}/${SCORE}/draft`,
			`GET ${ACTIONS}/${SCORE}/draft`,
			`GET ${ACTIONS}/${SCORE}/draft/validation`,
		]);
	});

	test('[safety] a create Genesys refuses (403) fails the item at once, with no further read of the draft', async () => {
		await start();
		emulator.injectFault({ method: 'POST', match: `${ACTIONS}/${CRM}/draft`, status: 403 });
		const result = await run(CRM, 20);
		expect(result.error?.httpCode).toBe('403');
		expect(paths(result.requests)).toEqual([`GET ${ACTIONS}/${CRM}`, `GET ${ACTIONS}/${CRM}/draft`, `POST ${ACTIONS}/${CRM}/draft`]);
		expect(emulator.store.actionDrafts.has(CRM)).toBe(false);
	});

	test('[safety] a create answered with a server error that left no draft fails with that error, and speaks of no draft', async () => {
		await start();
		emulator.injectFault({ method: 'POST', match: `${ACTIONS}/${CRM}/draft`, status: 503 });
		const result = await run(CRM, 20);
		expect(result.error?.httpCode).toBe('503');
		// the transport's own description, with no sentence about a draft this run would have made
		expect(result.error?.description).toMatch(/^POST \S+\/draft · 1 attempt · /);
		expect(result.error?.description).not.toContain(UNCHANGED);
		expect(paths(result.requests)).toEqual([
			`GET ${ACTIONS}/${CRM}`,
			`GET ${ACTIONS}/${CRM}/draft`,
			`POST ${ACTIONS}/${CRM}/draft`,
			`GET ${ACTIONS}/${CRM}/draft`,
		]);
		expect(emulator.store.actionDrafts.has(CRM)).toBe(false);
	});

	test('[safety] a create whose answer was lost, with a draft found afterwards, completes with draftCreated null (it may be another writer\'s)', async () => {
		await start();
		emulator.injectFault({ method: 'POST', match: `${ACTIONS}/${CRM}/draft`, status: 503, afterHandler: true });
		const result = await run(CRM, 20);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			record({ outcome: 'changed', before: 3, after: 20, publishedTimeout: 3, draftCreated: null, draftVersion: 2, draftValid: true, changed: true, dryRun: false }),
		]);
		expect(emulator.store.actionDrafts.get(CRM)!.config.timeoutSeconds).toBe(20);
	});
});

describe('dry runs in draft mode', () => {
	test.each([
		['no draft: the published timeout would be copied and changed', undefined, { outcome: 'wouldChange', current: 3, wouldSetTo: 20, draftExists: false }],
		['a draft holding another timeout', 7, { outcome: 'wouldChange', current: 7, wouldSetTo: 20, draftExists: true }],
		['a draft already holding the timeout', 20, { outcome: 'unchanged', current: 20, wouldSetTo: 20, draftExists: true }],
	])('[safety] %s: the record says so, and nothing is written', async (_label, draftTimeout, expected) => {
		await start();
		if (draftTimeout !== undefined) seedDraft(CRM, draftTimeout);
		const draftsBefore = structuredClone([...emulator.store.actionDrafts.entries()]);
		const result = await run(CRM, 20, { dryRun: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([record({ ...expected, publishedTimeout: 3, changed: false, dryRun: true })]);
		expect(writes(result.requests)).toEqual([]);
		expect([...emulator.store.actionDrafts.entries()]).toEqual(draftsBefore);
	});
});

describe('Only If Current Timeout Is, in draft mode', () => {
	test.each([
		['no draft: the published timeout is compared', undefined, { before: 3, after: 3, found: 3, draftExists: false }],
		['a draft: its timeout is compared', 7, { before: 7, after: 7, found: 7, draftExists: true }],
	])('[safety] %s; a mismatch is a conflict record and nothing is created or written', async (_label, draftTimeout, expected) => {
		await start();
		if (draftTimeout !== undefined) seedDraft(CRM, draftTimeout);
		const result = await run(CRM, 20, { onlyIfCurrentTimeout: 5 });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			record({
				outcome: 'conflict',
				...expected,
				reason: `the timeout is ${expected.found} s, not 5 s as required by Only If Current Timeout Is; nothing was written`,
				changed: false,
				publishedTimeout: 3,
				dryRun: false,
			}),
		]);
		expect(writes(result.requests)).toEqual([]);
		expect(emulator.store.actionDrafts.get(CRM)?.config.timeoutSeconds).toBe(draftTimeout);
	});

	test('[safety] a draft already holding the timeout is no conflict: the item reports it unchanged', async () => {
		await start();
		seedDraft(CRM, 20);
		const result = await run(CRM, 20, { onlyIfCurrentTimeout: 5 });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ outcome: 'unchanged', changed: false, after: 20, draftCreated: false });
		expect(writes(result.requests)).toEqual([]);
	});
});

describe('what a completed item reports', () => {
	test('[safety] a new draft that already holds the timeout (copied from the published action) is a change: created, no write, with the function report', async () => {
		await start();
		const result = await run(SCORE, 10);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			record({
				outcome: 'changed',
				before: 10,
				after: 10,
				publishedTimeout: 10,
				draftCreated: true,
				draftVersion: 1,
				draftValid: true,
				changed: true,
				actionKind: 'function',
				functionSettings: { timeoutSeconds: 15, timeoutIsDefault: true, runtime: expect.anything(), handler: expect.anything(), description: expect.anything() },
				dryRun: false,
			}),
		]);
		expect(result.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
		expect(emulator.store.actionDrafts.has(SCORE)).toBe(true);
	});

	test('[safety] an existing draft already holding the timeout is unchanged: no write, and no function settings read', async () => {
		await start();
		seedDraft(SCORE, 12);
		const result = await run(SCORE, 12);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			record({ outcome: 'unchanged', before: 12, after: 12, publishedTimeout: 10, draftCreated: false, draftVersion: 1, draftValid: true, changed: false, dryRun: false }),
		]);
		expect(paths(result.requests)).toEqual([`GET ${ACTIONS}/${SCORE}`, `GET ${ACTIONS}/${SCORE}/draft`, `GET ${ACTIONS}/${SCORE}/draft/validation`]);
	});

	test('[safety] an existing draft written with the new timeout is a change, with the function report', async () => {
		await start();
		seedDraft(SCORE, 7);
		const result = await run(SCORE, 12);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			record({
				outcome: 'changed',
				before: 7,
				after: 12,
				publishedTimeout: 10,
				draftCreated: false,
				draftVersion: 2,
				draftValid: true,
				changed: true,
				actionKind: 'function',
				functionSettings: expect.objectContaining({ timeoutSeconds: 15 }),
				dryRun: false,
			}),
		]);
		expect(emulator.store.actionDrafts.get(SCORE)!.config.timeoutSeconds).toBe(12);
	});
});

describe('the texts of a failed item', () => {
	test('[safety] a new draft that does not validate: every problem listed, the draft deleted again, each sentence once', async () => {
		await start([invalidDraft([{ message: 'first problem', code: 'bad.request' }, { code: 'second.code' }])]);
		const result = await run(CRM, 20);
		expect(result.error?.message).toBe(`The draft of data action ${CRM} does not validate: first problem; second.code`);
		expect(result.error?.description).toBe(`${INVALID} The draft this run had created was deleted again. ${UNCHANGED}`);
		expect(emulator.store.actionDrafts.has(CRM)).toBe(false);
	});

	test('[safety] a new draft that does not validate and cannot be deleted again: the description asks for a review', async () => {
		await start([invalidDraft([{ message: 'host not allowed' }])]);
		emulator.injectFault({ method: 'DELETE', match: `${ACTIONS}/${CRM}/draft`, status: 403 });
		const result = await run(CRM, 20);
		expect(result.error?.message).toBe(`The draft of data action ${CRM} does not validate: host not allowed`);
		expect(result.error?.description).toBe(
			`${INVALID} This run created a draft of the action and could not delete it again: review or delete it in Genesys Cloud. ${UNCHANGED}`,
		);
		expect(emulator.store.actionDrafts.has(CRM)).toBe(true);
	});

	test('[safety] an existing draft written and then invalid: kept, and the description says it now holds the new timeout', async () => {
		await start([invalidDraft([{ message: 'host not allowed' }])]);
		seedDraft(CRM, 7);
		const result = await run(CRM, 20);
		expect(result.error?.description).toBe(
			`${INVALID} The draft existed before this run and was left in place (it now holds the new timeout of 20 s): fix it or delete it in Genesys Cloud. ${UNCHANGED}`,
		);
		expect(emulator.store.actionDrafts.get(CRM)!.config.timeoutSeconds).toBe(20);
	});

	test('[safety] an existing draft not written and invalid with a problem that has neither message nor code: "unknown", and nothing said of a new timeout', async () => {
		await start([invalidDraft([{ status: 400 }])]);
		seedDraft(CRM, 20);
		const result = await run(CRM, 20);
		expect(result.error?.message).toBe(`The draft of data action ${CRM} does not validate: unknown`);
		expect(result.error?.description).toBe(`${INVALID} The draft existed before this run and was left in place: fix it or delete it in Genesys Cloud. ${UNCHANGED}`);
	});

	test('[safety] a draft Genesys calls invalid without listing problems: "no reason given"', async () => {
		await start([invalidDraft()]);
		const result = await run(CRM, 20);
		expect(result.error?.message).toBe(`The draft of data action ${CRM} does not validate: no reason given`);
		expect(result.error?.description).toBe(`${INVALID} The draft this run had created was deleted again. ${UNCHANGED}`);
	});

	test('[safety] the draft write\'s answer shows another timeout: "shows", another writer named, the new draft deleted again', async () => {
		await start([{
			patchIntegrationsActionDraft: async (ctx) => {
				const answer = await dataActionHandlers.patchIntegrationsActionDraft(ctx);
				const body = answer.body as JsonObject;
				return { ...answer, body: { ...body, config: { ...body.config, timeoutSeconds: 45 } } };
			},
		}]);
		const result = await run(CRM, 20);
		expect(result.error?.message).toBe(`The draft of data action ${CRM} shows a timeout of 45 s`);
		expect(result.error?.description).toBe(`Another writer may have changed the draft at the same time. The draft this run had created was deleted again. ${UNCHANGED}`);
		expect(emulator.store.actionDrafts.has(CRM)).toBe(false);
	});

	test('[safety] with Verify With a Separate Read, a read-back showing another timeout "reads back" it, though the write\'s answer was right', async () => {
		let written = false;
		await start([{
			patchIntegrationsActionDraft: async (ctx) => {
				const answer = await dataActionHandlers.patchIntegrationsActionDraft(ctx);
				written = true;
				return answer;
			},
			getIntegrationsActionDraft: async (ctx) => {
				const answer = await dataActionHandlers.getIntegrationsActionDraft(ctx);
				if (!written) return answer;
				const body = answer.body as JsonObject;
				return { ...answer, body: { ...body, config: { ...body.config, timeoutSeconds: 45 } } };
			},
		}]);
		const result = await run(CRM, 20, { verifyWithRead: true });
		expect(result.error?.message).toBe(`The draft of data action ${CRM} reads back a timeout of 45 s`);
		expect(result.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([200]);
	});

	test('[safety] an execution stopped while the draft is validated fails with the cancellation, and the description is the draft\'s fate alone', async () => {
		await start();
		seedDraft(CRM, 7);
		emulator.injectFault({ method: 'GET', match: `${ACTIONS}/${CRM}/draft/validation`, latencyMs: 20_000 });
		const validating = (async () => {
			while (!emulator.requests.some((r) => r.path === `${ACTIONS}/${CRM}/draft/validation`)) await sleep(10);
		})();
		const result = await runNode({
			nodeType: 'genesysCloudUpdateDataActionTimeout',
			parameters: { mode: 'draft', dataAction: byId(CRM), timeoutSeconds: 20, options: {} },
			credentialStore,
			emulator,
			cancelWhen: validating,
		});
		expect(result.error?.message).toBe('The execution was cancelled');
		expect(result.error?.description).toBe(
			`The draft existed before this run and was left in place (it now holds the new timeout of 20 s): fix it or delete it in Genesys Cloud. ${UNCHANGED}`,
		);
	}, 30_000);
});
