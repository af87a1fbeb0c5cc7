/**
 * Issue 8: seeded random runs of every node with 20% of API requests failing (429 with
 * Retry-After, 500, 502, 503, 504, 409, dropped connections, answers lost after the write) and
 * latency jitter. After each run: every item ends in its desired state or with a clear error on
 * that item; no write was applied twice (the emulator's log of what its handlers accepted proves
 * it); no item is lost or duplicated; no secret appears in any output.
 */
import fc from 'fast-check';

import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { addConversation } from '../emulator/fixtures/conversations';
import { generateBulkActions, seedDataActions } from '../emulator/fixtures/dataActions';
import { seedRoutingOrg } from '../emulator/fixtures/routingOrg';
import { queueWrapupCodes } from '../emulator/resources/wrapupCodes';
import type { FaultSpec, JsonObject } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';
import { appliedWrites, expectClearError, expectEveryItemOnce, expectNoSecret, expectNoWriteAppliedTwice, endingFailure, expectQueueFailureNamesWhatHappened, failureOutcome, failureWords, requestsFor } from './invariants';

const FAULT_RATE = 0.2;
// Seeds are fixed so a failure replays exactly; fast-check reports the failing seed. No shrinking:
// each run is a whole emulated org, and the first counterexample is the one to read.
const RUNS = { numRuns: 2, seed: 20261125, endOnFailure: true };

/**
 * A fresh emulated org with faults on, the token already fetched (token handling has its own
 * tests), the body run against it, and the emulator's own response checks asserted at the end.
 */
async function withChaos(
	seed: number,
	fill: (emulator: Emulator) => void,
	body: (emulator: Emulator, credentialStore: ReturnType<typeof newCredentialStore>) => Promise<void>,
) {
	const emulator = await startEmulator({ rateLimitPerMinute: 0, latencyMs: 2, latencyJitterMs: 15 });
	try {
		fill(emulator);
		const credentialStore = newCredentialStore(emulatorCredential(emulator));
		await runNode({ nodeType: 'genesysProbe', parameters: {}, credentialStore, emulator });
		emulator.setChaos({ rate: FAULT_RATE, seed });
		await body(emulator, credentialStore);
		expect(emulator.responseValidationErrors).toEqual([]);
	} finally {
		await emulator.close();
	}
}

const tokenOf = (store: ReturnType<typeof newCredentialStore>) =>
	String((store.get('genesys-credential-1')?.data.oauthTokenData as { access_token?: string })?.access_token);

test('Update Data Action Timeout under 20% faults', async () => {
	await fc.assert(
		fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 12, maxLength: 12 }), async (seed, targets) => {
			const actions = generateBulkActions(12);
			const originals = actions.map((action) => action.config.timeoutSeconds);
			await withChaos(seed, (e) => {
				seedDataActions(e.store);
				for (const action of actions) e.store.actions.set(action.id, action);
			}, async (emulator, credentialStore) => {
				const result = await runNode({
					nodeType: 'genesysCloudUpdateDataActionTimeout',
					parameters: { dataAction: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, timeoutSeconds: '={{ $json.t }}', mode: 'published', options: {} },
					items: actions.map((action, index) => ({ id: action.id, t: targets[index] })),
					continueOnFail: true,
					credentialStore,
					emulator,
				});
				expectEveryItemOnce(result, actions.length);
				result.items.forEach((item, index) => {
					const action = actions[index];
					const stored = emulator.store.actions.get(action.id)!.config.timeoutSeconds;
					const mine = requestsFor(emulator.requests, action.id);
					const applied = appliedWrites(mine, 'PATCH', /./).size > 0;
					if (!item.error) {
						expect(item.after).toBe(targets[index]);
						expect(stored).toBe(targets[index]);
						return;
					}
					expectClearError(item);
					const last = mine[mine.length - 1];
					// the answer the item ended on (see endingFailure)
					const ending = endingFailure(mine, 'PATCH');
					if (applied) {
						// the write went through, then the read-back failed: the error says it was set,
						// and names the read-back's failure
						expect(item.error).toBe(`Data action ${action.id} was set to ${targets[index]} s but could not be read back to verify`);
						expect(last.method).toBe('GET');
						expect(String(item.errorDescription)).toMatch(new RegExp(`the read-back failed: ${failureWords(last).source.slice(1)}`));
						expect(stored).toBe(targets[index]);
					} else if (ending.method === 'PATCH' && ending.status === 409) {
						expect(item.error).toMatch(failureWords(ending));
						expect(item.errorDescription).toMatch(/version conflict after \d+ attempts\. Nothing was written by this item\./);
						expect(stored).toBe(originals[index]);
					} else {
						// nothing written: the error is that answer, in the transport's words
						expect(item.error).toMatch(failureWords(ending));
						const outcome = failureOutcome(ending);
						if (outcome) expect(String(item.errorDescription)).toMatch(outcome);
						expect(stored).toBe(originals[index]);
					}
				});
				expectNoWriteAppliedTwice(emulator.requests, 'PATCH', /^\/api\/v2\/integrations\/actions\//);
				expectNoSecret(result, tokenOf(credentialStore));
			});
		}),
		RUNS,
	);
}, 240000);

test('Set ACW Policy under 20% faults', async () => {
	const policy = { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 90000 };
	await fc.assert(
		fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), async (seed) => {
			let queues: JsonObject[] = [];
			await withChaos(seed, (e) => {
				queues = seedRoutingOrg(e.store, { queueCount: 24, conversations: false, compliantWith: policy, compliantCount: 4 }).queues;
			}, async (emulator, credentialStore) => {
				const result = await runNode({
					nodeType: 'genesysCloudSetAcwPolicy',
					parameters: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', acwTimeoutSeconds: '90', scope: 'all', options: {} },
					continueOnFail: true,
					credentialStore,
					emulator,
				});
				expect(result.error).toBeUndefined();
				if (result.items.length === 1 && result.items[0].error) {
					// the listing itself failed past its retries: a clear error, and nothing written
					expectClearError(result.items[0]);
					expect(emulator.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
					return;
				}
				expect(result.items.map((i) => i.queueId).sort()).toEqual(queues.map((q) => q.id).sort());
				for (const item of result.items) {
					const stored = emulator.store.queues.get(String(item.queueId))!.acwSettings;
					if (item.outcome !== 'failed') {
						expect(stored).toEqual(policy);
						continue;
					}
					expectQueueFailureNamesWhatHappened(String(item.reason), requestsFor(emulator.requests, String(item.queueId)));
				}
				expectNoWriteAppliedTwice(emulator.requests, 'PUT', /^\/api\/v2\/routing\/queues\//);
				expectNoSecret(result, tokenOf(credentialStore));
			});
		}),
		RUNS,
	);
}, 240000);

test('Upsert Queue Override under 20% faults', async () => {
	await fc.assert(
		fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), fc.array(fc.integer({ min: 1, max: 3600 }), { minLength: 12, maxLength: 12 }), async (seed, timeouts) => {
			let queues: JsonObject[] = [];
			await withChaos(seed, (e) => {
				queues = seedRoutingOrg(e.store, { queueCount: 12, conversations: false }).queues;
			}, async (emulator, credentialStore) => {
				const result = await runNode({
					nodeType: 'genesysCloudUpsertQueueOverride',
					parameters: {
						queue: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
						wrapupPrompt: 'MANDATORY_TIMEOUT',
						acwTimeoutSeconds: '={{ $json.t }}',
						options: {},
					},
					items: queues.map((queue, index) => ({ id: queue.id, t: timeouts[index] })),
					continueOnFail: true,
					credentialStore,
					emulator,
				});
				expectEveryItemOnce(result, queues.length);
				result.items.forEach((item, index) => {
					const stored = emulator.store.queues.get(queues[index].id)!.acwSettings;
					if (item.error) {
						expectClearError(item);
						expectQueueFailureNamesWhatHappened(String(item.error), requestsFor(emulator.requests, queues[index].id));
					} else {
						expect(stored).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: timeouts[index] * 1000 });
					}
				});
				expectNoWriteAppliedTwice(emulator.requests, 'PUT', /^\/api\/v2\/routing\/queues\//);
				expectNoSecret(result, tokenOf(credentialStore));
			});
		}),
		RUNS,
	);
}, 240000);

test('End ACW under 20% faults', async () => {
	await fc.assert(
		fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), async (seed) => {
			const conversations: ReturnType<typeof addConversation>[] = [];
			await withChaos(seed, (e) => {
				const { queues } = seedRoutingOrg(e.store, { queueCount: 4, conversations: false });
				for (let n = 0; n < 16; n++) {
					conversations.push(
						addConversation(e.store, { queueId: queues[n % 4].id, prompt: 'mandatory', state: 'inAcw', media: n % 3 ? 'call' : 'chat', transfer: n % 5 === 4 }),
					);
				}
			}, async (emulator, credentialStore) => {
				const codes = conversations.map((c) => String(queueWrapupCodes(emulator.store, c.queueId)[0].id));
				const result = await runNode({
					nodeType: 'genesysCloudEndAcw',
					parameters: {
						conversationId: '={{ $json.conversationId }}',
						whenInAcw: 'applyWrapup',
						wrapupCode: { __rl: true, mode: 'id', value: '={{ $json.code }}' },
						notes: '={{ "case " + $json.n }}',
						options: { baseDelaySeconds: 1 },
					},
					items: conversations.map((c, n) => ({ conversationId: c.conversationId, code: codes[n], n })),
					continueOnFail: true,
					credentialStore,
					emulator,
				});
				expectEveryItemOnce(result, conversations.length);
				result.items.forEach((item, index) => {
					const agent = emulator.store.conversations
						.get(conversations[index].conversationId)!
						.participants.find((p: JsonObject) => p.id === conversations[index].participantId);
					if (item.error) {
						expectClearError(item);
						// never a hidden wrap-up: if ours is there, the error must not claim nothing happened
						if (agent.wrapup?.notes === `case ${index}`) expect(String(item.errorDescription ?? '')).not.toContain('no wrap-up was applied');
					} else {
						expect(item.outcome).toBe('wrapped-up');
						expect(agent.wrapup).toMatchObject({ code: codes[index], notes: `case ${index}` });
					}
				});
				expectNoWriteAppliedTwice(emulator.requests, 'POST', /\/wrapup$/);
				expectNoSecret(result, tokenOf(credentialStore));
			});
		}),
		RUNS,
	);
}, 240000);

/**
 * Each fault class the chaos runs inject, on a data action's PATCH, and the one outcome it must
 * have: absorbed (the timeout is set, written once) or a failure in the transport's words with
 * nothing written.
 */
const PATCH_FAULTS: Array<[string, Omit<FaultSpec, 'match'>, { error?: RegExp; description?: RegExp; written: number }]> = [
	['429 (once)', { status: 429, retryAfter: 1 }, { written: 1 }],
	['500 (always)', { status: 500, count: Infinity }, { error: /^Genesys Cloud answered 500 \(internal\.server\.error\)/, description: /gave up after 4 attempts/, written: 0 }],
	['502 (always)', { status: 502, count: Infinity }, { error: /^Genesys Cloud answered 502 \(/, description: /gave up after 4 attempts/, written: 0 }],
	['503 (always)', { status: 503, count: Infinity }, { error: /^Genesys Cloud answered 503 \(service\.unavailable\)/, description: /gave up after 4 attempts/, written: 0 }],
	['504 (always)', { status: 504, count: Infinity }, { error: /^Genesys Cloud answered 504 \(/, description: /gave up after 4 attempts/, written: 0 }],
	['409 (always)', { status: 409, count: Infinity }, { error: /^Genesys Cloud answered 409 \(conflict\)/, description: /version conflict after 4 attempts\. Nothing was written by this item\./, written: 0 }],
	['dropped connection (always)', { drop: true, count: Infinity }, { error: /^No answer from Genesys Cloud \(ECONNRESET\)/, description: /gave up after 4 attempts/, written: 0 }],
	['answer lost after the write (once)', { drop: true, afterHandler: true }, { written: 1 }],
	['503 after the write (once)', { status: 503, afterHandler: true }, { written: 1 }],
];

test.each(PATCH_FAULTS)('[review] Update Data Action Timeout, PATCH fault %s: the exact outcome', async (_name, fault, expected) => {
	const emulator = await startEmulator({ rateLimitPerMinute: 0 });
	try {
		seedDataActions(emulator.store);
		const [action] = generateBulkActions(1);
		const before = action.config.timeoutSeconds;
		emulator.store.actions.set(action.id, action);
		const target = before === 42 ? 43 : 42;
		emulator.injectFault({ ...fault, match: 'patchIntegrationsAction' });
		const result = await runNode({
			nodeType: 'genesysCloudUpdateDataActionTimeout',
			parameters: { dataAction: { __rl: true, mode: 'id', value: action.id }, timeoutSeconds: target, mode: 'published', options: {} },
			continueOnFail: true,
			credentialStore: newCredentialStore(emulatorCredential(emulator)),
			emulator,
		});
		expectEveryItemOnce(result, 1);
		const [item] = result.items;
		const written = appliedWrites(emulator.requests, 'PATCH', /^\/api\/v2\/integrations\/actions\//).get(`/api/v2/integrations/actions/${action.id}`) ?? 0;
		expect(written).toBe(expected.written);
		if (expected.error) {
			expect(item.error).toMatch(expected.error);
			expect(String(item.errorDescription)).toMatch(expected.description!);
			expect(emulator.store.actions.get(action.id)!.config.timeoutSeconds).toBe(before);
		} else {
			expect(item.error).toBeUndefined();
			expect(item).toMatchObject({ before: before, after: target, changed: true });
			expect(emulator.store.actions.get(action.id)!.config.timeoutSeconds).toBe(target);
		}
	} finally {
		await emulator.close();
	}
}, 60_000);
