/**
 * Issue 17: safety rules of Update Data Action Timeout that no test guarded before: a template
 * given both inline and as a file is sent as the file's text; a draft whose write answer shows
 * another timeout fails the item; the function-timeout warning's boundary.
 */
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { DATA_ACTION_IDS, seedDataActions } from '../emulator/fixtures/dataActions';
import { dataActionHandlers } from '../emulator/resources/dataActions';
import type { HandlerMap, JsonObject } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let credentialStore: ReturnType<typeof newCredentialStore>;

async function start(handlers: HandlerMap[] = []) {
	emulator = await startEmulator({ seed: (store) => seedDataActions(store), handlers });
	credentialStore = newCredentialStore(emulatorCredential(emulator));
}
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

const run = (parameters: Record<string, unknown>) =>
	runNode({
		nodeType: 'genesysCloudUpdateDataActionTimeout',
		parameters: { mode: 'published', options: {}, ...parameters },
		credentialStore,
		emulator,
	});
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

test('[safety] a template the GET shows both as text and as a file URI is sent as the file\'s text', async () => {
	await start([
		{
			getIntegrationsAction: async (ctx) => {
				const answer = await dataActionHandlers.getIntegrationsAction(ctx);
				const body = answer.body as JsonObject;
				// the text beside the URI is not the stored template: the file is the source
				if (body.config?.request) body.config.request.requestTemplate = 'STALE inline copy';
				return answer;
			},
		},
	]);
	const id = DATA_ACTION_IDS.createCase;
	const result = await run({ dataAction: byId(id), timeoutSeconds: 12 });
	expect(result.error).toBeUndefined();
	const patch = result.requests.find((r) => r.method === 'PATCH')!;
	expect((patch.body as JsonObject).config.request.requestTemplate).toBe('{"subject": "${input.subject}", "priority": "normal"}');
	expect(result.requests.some((r) => r.path.endsWith(`/${id}/templates/requesttemplate.vm`))).toBe(true);
});

test('[safety] draft mode: a write answer showing another timeout fails the item', async () => {
	await start([
		{
			patchIntegrationsActionDraft: async (ctx) => {
				const answer = await dataActionHandlers.patchIntegrationsActionDraft(ctx);
				const body = answer.body as JsonObject;
				return { ...answer, body: { ...body, config: { ...body.config, timeoutSeconds: 45 } } };
			},
		},
	]);
	const id = DATA_ACTION_IDS.crmLookup;
	const result = await run({ dataAction: byId(id), timeoutSeconds: 10, mode: 'draft' });
	expect(result.error?.message).toBe(`The draft of data action ${id} shows a timeout of 45 s`);
	expect(result.items).toEqual([]);
});

test('[safety] the function-timeout warning: none when the function\'s own timeout equals the action\'s, one when it is lower', async () => {
	await start();
	const id = DATA_ACTION_IDS.calculateLoyalty; // its function's own timeout is 8 s
	const equal = await run({ dataAction: byId(id), timeoutSeconds: 8 });
	expect(equal.items[0]).toMatchObject({ changed: true, functionSettings: { timeoutSeconds: 8 } });
	expect(equal.items[0].warning).toBeUndefined();
	const above = await run({ dataAction: byId(id), timeoutSeconds: 9 });
	expect(above.items[0].warning).toEqual(expect.stringContaining("function's own timeout is 8 s, lower than the 9 s"));
});
