/**
 * n8n's "On Error: Continue (using error output)": a failed item leaves on the node's error output
 * (the second main output) with the error's fields, the others stay on the success output, each
 * paired with its input item. The CRM webhook example answers its caller through this output.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

let emulator: Emulator;
let queueIds: string[];

beforeEach(async () => {
	emulator = await startEmulator({
		rateLimitPerMinute: 0,
		seed: (store) => {
			queueIds = seedRoutingOrg(store, { queueCount: 3, conversations: false }).queues.map((queue) => queue.id);
		},
	});
});
afterEach(async () => {
	expect(emulator.responseValidationErrors).toEqual([]);
	await emulator.close();
});

test('with the error output on, a failed item goes to the error output and a good one to the success output', async () => {
	const credentialStore = newCredentialStore(emulatorCredential(emulator));
	const refusedBefore = structuredClone(emulator.store.queues.get(queueIds[1])!.acwSettings);
	const result = await runNode({
		nodeType: 'genesysCloudUpsertQueueOverride',
		parameters: {
			queue: { __rl: true, mode: 'id', value: '={{ $json.queueId }}' },
			wrapupPrompt: 'MANDATORY_TIMEOUT',
			acwTimeoutSeconds: '={{ $json.seconds }}',
			options: {},
		},
		items: [
			{ queueId: queueIds[0], seconds: 45 },
			{ queueId: queueIds[1], seconds: 0 }, // refused before any request
			{ queueId: 'f0000000-0000-4000-a000-000000000404', seconds: 30 }, // Genesys answers 404
		],
		onError: 'continueErrorOutput',
		credentialStore,
		emulator,
	});
	expect(result.error).toBeUndefined();
	const [success, failed] = result.run.data.resultData.runData['Upsert Queue Override'][0].data!.main as INodeExecutionData[][];

	expect(success.map((item) => [item.json.queueId, item.json.changed, item.pairedItem])).toEqual([[queueIds[0], true, { item: 0 }]]);
	expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	// the error's fields (behind a previous node, n8n also merges in the input item's fields)
	expect(failed[0].json).toEqual({ error: expect.stringMatching(/^ACW Timeout \(Seconds\) must be a whole number from 1 to 3600/), details: { errorDescription: expect.stringContaining('does not mean "no limit"') } });
	expect(failed[1].json).toEqual({
		error: expect.stringMatching(/^Genesys Cloud answered 404 \(not\.found\)/),
		details: { httpStatus: 404, correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/), errorDescription: expect.stringContaining('GET /api/v2/routing/queues/') },
	});
	expect(emulator.store.queues.get(queueIds[1])!.acwSettings).toEqual(refusedBefore);
});
