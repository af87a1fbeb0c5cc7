/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test code runs in Node and jest, outside n8n */
/**
 * Issue 17, mutation testing: the execution helpers as pure functions on the built modules: the
 * one write-then-re-read loop, items in lanes with a concurrency limit, and version 1's output.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

// the built modules, as the nodes use them (loaded at run time: the lint of a fresh clone has no dist/)
const { writeFromFreshRead } = jest.requireActual<typeof import('../../nodes/shared/execution/writeFromFreshRead')>('../../dist/nodes/shared/execution/writeFromFreshRead');
const { mapWithConcurrency } = jest.requireActual<typeof import('../../nodes/shared/execution/mapWithConcurrency')>('../../dist/nodes/shared/execution/mapWithConcurrency');
const { toOutputV1 } = jest.requireActual<typeof import('../../nodes/shared/execution/outputV1')>('../../dist/nodes/shared/execution/outputV1');
const { runIdOf } = jest.requireActual<typeof import('../../nodes/shared/execution/runId')>('../../dist/nodes/shared/execution/runId');
const { runPerItem, errorOutput } = jest.requireActual<typeof import('../../nodes/shared/execution/runPerItem')>('../../dist/nodes/shared/execution/runPerItem');
const { locatorSequenceKey } = jest.requireActual<typeof import('../../nodes/shared/execution/locatorSequenceKey')>('../../dist/nodes/shared/execution/locatorSequenceKey');
const { retriedWrite, readFailedAfterWrite } = jest.requireActual<typeof import('../../nodes/shared/execution/retriedWrite')>('../../dist/nodes/shared/execution/retriedWrite');

type Step = { kind: 'write'; write: number } | { kind: 'noWrite' } | { kind: 'conflict'; reason: string };

/** A loop over states read in turn from `reads`; sends fail while `failures` has entries. */
function loop(options: { first: number; reads?: number[]; failures?: unknown[]; maxAttempts?: number; plan?: (state: number) => Step; signal?: AbortSignal }) {
	const log: string[] = [];
	const reads = [...(options.reads ?? [])];
	const failures = [...(options.failures ?? [])];
	const waits: number[] = [];
	const run = writeFromFreshRead<number, number, string>(options.first, {
		plan: options.plan ?? ((state) => (state === 10 ? { kind: 'noWrite' } : { kind: 'write', write: 10 })),
		send: async (write) => {
			log.push(`send ${write}`);
			if (failures.length) throw failures.shift();
			return `stored ${write}`;
		},
		onFailedSend: (error, attempts) => {
			log.push(`failed ${attempts}`);
			if (error === 'fatal') throw new Error('fatal');
		},
		read: async () => {
			const state = reads.shift()!;
			log.push(`read ${state}`);
			return state;
		},
		maxAttempts: options.maxAttempts ?? 3,
		backoffMs: (attempts) => {
			waits.push(attempts);
			return 1;
		},
		signal: options.signal,
		cancelled: () => new Error('cancelled'),
		exhausted: (error, attempts) => new Error(`exhausted after ${attempts}: ${String(error)}`),
	});
	return { run, log, waits };
}

describe('the write-then-re-read loop', () => {
	test('[safety] a state already as wanted sends nothing; a conflict sends nothing and says why', async () => {
		await expect(loop({ first: 10 }).run).resolves.toEqual({ kind: 'noWrite', state: 10, attempts: 0 });
		const conflict = loop({ first: 5, plan: () => ({ kind: 'conflict', reason: 'someone else' }) });
		await expect(conflict.run).resolves.toEqual({ kind: 'conflict', state: 5, reason: 'someone else', attempts: 0 });
		expect(conflict.log).toEqual([]);
	});

	test('[safety] one send when it works; its answer and write are returned', async () => {
		const { run, log } = loop({ first: 1 });
		await expect(run).resolves.toEqual({ kind: 'written', answer: 'stored 10', write: 10, attempts: 1 });
		expect(log).toEqual(['send 10']);
	});

	test('[safety] after a failed send: wait, read again, plan from that read (which may need no write)', async () => {
		const lost = loop({ first: 1, reads: [10], failures: ['503'] });
		await expect(lost.run).resolves.toEqual({ kind: 'noWrite', state: 10, attempts: 1 });
		expect(lost.log).toEqual(['send 10', 'failed 1', 'read 10']);
		expect(lost.waits).toEqual([1]);
		const again = loop({ first: 1, reads: [2], failures: ['503'] });
		await expect(again.run).resolves.toMatchObject({ kind: 'written', attempts: 2 });
		expect(again.log).toEqual(['send 10', 'failed 1', 'read 2', 'send 10']);
	});

	test('[safety] a failure the caller refuses ends the loop with its error, and nothing is read', async () => {
		const fatal = loop({ first: 1, failures: ['fatal'] });
		await expect(fatal.run).rejects.toThrow('fatal');
		expect(fatal.log).toEqual(['send 10', 'failed 1']);
	});

	test('[safety] at most maxAttempts sends; the state is read once more after the last, and no wait before that read', async () => {
		const spent = loop({ first: 1, reads: [2, 3, 4], failures: ['a', 'b', 'c'], maxAttempts: 3 });
		await expect(spent.run).rejects.toThrow('exhausted after 3: c');
		expect(spent.log).toEqual(['send 10', 'failed 1', 'read 2', 'send 10', 'failed 2', 'read 3', 'send 10', 'failed 3', 'read 4']);
		expect(spent.waits).toEqual([1, 2]);
		const appliedLast = loop({ first: 1, reads: [2, 10], failures: ['a', 'b'], maxAttempts: 2 });
		await expect(appliedLast.run).resolves.toEqual({ kind: 'noWrite', state: 10, attempts: 2 });
	});

	test('[safety] a cancelled execution stops the loop before the next read', async () => {
		const cancel = new AbortController();
		cancel.abort();
		const stopped = loop({ first: 1, reads: [2], failures: ['503'], signal: cancel.signal });
		await expect(stopped.run).rejects.toThrow('cancelled');
		expect(stopped.log).toEqual(['send 10', 'failed 1']);
	});
});

describe('items in lanes', () => {
	test('[safety] at most `limit` tasks at once; the same key runs in input order, one at a time', async () => {
		const events: string[] = [];
		let inFlight = 0;
		let most = 0;
		const keys = ['a', 'b', 'a', 'c', 'a', 'd'];
		await mapWithConcurrency(
			keys.length,
			2,
			async (index) => {
				inFlight++;
				most = Math.max(most, inFlight);
				events.push(`start ${index}`);
				await new Promise((resolve) => setTimeout(resolve, 5));
				events.push(`end ${index}`);
				inFlight--;
			},
			{ sequenceKey: (index) => keys[index] },
		);
		expect(most).toBe(2);
		const lane = events.filter((event) => /^(start|end) [024]$/.test(event));
		expect(lane).toEqual(['start 0', 'end 0', 'start 2', 'end 2', 'start 4', 'end 4']);
		expect(events.filter((event) => event.startsWith('start')).sort()).toEqual(keys.map((_, index) => `start ${index}`).sort());
	});

	test('[safety] a key that cannot be read gives the item its own lane; once stopped, no new task starts', async () => {
		const started: number[] = [];
		await mapWithConcurrency(
			3,
			1,
			async (index) => {
				started.push(index);
			},
			{
				sequenceKey: (index) => {
					if (index === 1) throw new Error('bad parameter');
					return 'same';
				},
			},
		);
		expect(started).toEqual([0, 2, 1]);
		const stopped: number[] = [];
		let stop = false;
		await mapWithConcurrency(
			4,
			1,
			async (index) => {
				stopped.push(index);
				if (index === 1) stop = true;
			},
			{ shouldStop: () => stop },
		);
		expect(stopped).toEqual([0, 1]);
		// within one lane too: the rest of the lane does not start
		const inLane: number[] = [];
		let laneStop = false;
		await mapWithConcurrency(
			3,
			1,
			async (index) => {
				inLane.push(index);
				laneStop = true;
			},
			{ sequenceKey: () => 'one lane', shouldStop: () => laneStop },
		);
		expect(inLane).toEqual([0]);
	});

	test('[safety] items without a key each get their own lane: up to `limit` run at once', async () => {
		let inFlight = 0;
		let most = 0;
		await mapWithConcurrency(3, 3, async () => {
			inFlight++;
			most = Math.max(most, inFlight);
			await new Promise((resolve) => setTimeout(resolve, 5));
			inFlight--;
		});
		expect(most).toBe(3);
	});

	test('[safety] no items: nothing runs; a limit of 0 still runs one at a time', async () => {
		const started: number[] = [];
		await mapWithConcurrency(0, 4, async (index) => void started.push(index));
		expect(started).toEqual([]);
		await mapWithConcurrency(2, 0, async (index) => void started.push(index));
		expect(started).toEqual([0, 1]);
	});
});

describe("version 1's output", () => {
	const run = (json: Record<string, unknown>, names?: { before: string; after: string }) => toOutputV1([[{ json: json as never }]], names)[0][0].json;

	test('[safety] a real run: before/after under the old names; version-2 names unchanged stay as they are', () => {
		expect(run({ outcome: 'changed', before: 5, after: 10 }, { before: 'timeoutBefore', after: 'timeoutAfter' })).toEqual({ outcome: 'changed', timeoutBefore: 5, timeoutAfter: 10 });
		expect(run({ outcome: 'changed', before: 5, after: 10 })).toEqual({ outcome: 'changed', before: 5, after: 10 });
		expect(run({ outcome: 'failed', reason: 'x' }, { before: 'timeoutBefore', after: 'timeoutAfter' })).toEqual({ outcome: 'failed', reason: 'x' });
	});

	test('[safety] a dry run: current under both old names, wouldSetTo only when a change was due', () => {
		expect(run({ outcome: 'wouldChange', current: 5, wouldSetTo: 10 }, { before: 'timeoutBefore', after: 'timeoutAfter' })).toEqual({
			outcome: 'wouldChange',
			timeoutBefore: 5,
			timeoutAfter: 5,
			wouldSetTo: 10,
		});
		expect(run({ outcome: 'unchanged', current: 10, wouldSetTo: 10 })).toEqual({ outcome: 'unchanged', before: 10, after: 10 });
	});
});

test("[safety] a run's ID is n8n's execution ID and the node's name", () => {
	expect(runIdOf({ getExecutionId: () => '42', getNode: () => ({ name: 'Set ACW Policy' }) } as never)).toBe('42:Set ACW Policy');
});

describe('the retry settings of a settings write, and a read that fails after a failed write', () => {
	const node = { id: 'n1', name: 'Genesys Probe', type: 'genesysProbe', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const scope = { ctx: { getNode: () => node, getExecutionCancelSignal: () => undefined }, itemIndex: 2, counter: { calls: 0 } } as never;
	const answered = (status: number, description?: string) => new NodeApiError(node, { message: `status ${status}` }, { httpCode: String(status), message: `status ${status}`, description });
	const words = { sent: 'PUT setting {"wrapupPrompt":"OPTIONAL"}', rereads: 'the queue' };
	const mayHaveApplied = (readFailure: Error) => new Error(`may have been applied; read: ${readFailure.message}`);

	test('[safety] a refused write with a read that failed without a description: the description ends with its own sentence', () => {
		const error = readFailedAfterWrite(scope, answered(409), new Error('socket closed'), words, mayHaveApplied) as NodeOperationError;
		expect(error.message).toBe('socket closed');
		expect(error.description).toBe('The PUT setting {"wrapupPrompt":"OPTIONAL"} was refused (status 409), so nothing was written; reading the queue again failed.');
		expect(error.context.itemIndex).toBe(2);
		const also = readFailedAfterWrite(scope, answered(409), answered(503, 'GET /api/v2/routing/queues/{queueId} · 1 attempt'), { ...words, also: 'No queue was written.' }, mayHaveApplied);
		expect((also as NodeApiError).description).toMatch(/again failed\. No queue was written\. GET \/api\/v2\/routing\/queues\/\{queueId\} · 1 attempt$/);
	});

	test('[safety] a write that may have been applied gets the caller\'s error, built from the read failure', () => {
		expect(readFailedAfterWrite(scope, answered(503), new Error('socket closed'), words, mayHaveApplied).message).toBe('may have been applied; read: socket closed');
	});

	test('[safety] a write failure that says the request itself was wrong fails at once; one that may pass is read again after a doubling wait', () => {
		const { onFailedSend, backoffMs } = retriedWrite(scope, 'the queue');
		expect(() => onFailedSend!(answered(400), 1)).toThrow('status 400');
		expect(onFailedSend!(answered(503), 1)).toBeUndefined();
		expect([1, 2, 3].map((attempts) => backoffMs!(attempts))).toEqual([1000, 2000, 4000]);
	});

	test('[safety] attempts run out: the description says how many and what was read, and keeps the last failure\'s own words (if it has any)', () => {
		const { exhausted, maxAttempts } = retriedWrite(scope, 'the queue');
		expect(maxAttempts).toBe(4);
		expect((exhausted!(answered(503, 'PUT /x · 1 attempt'), 4) as NodeApiError).description).toBe('gave up after 4 attempts, reading the queue after each (it still differed) · PUT /x · 1 attempt');
		expect((exhausted!(new Error('plain'), 3) as NodeOperationError).description).toBe('gave up after 3 attempts, reading the queue after each (it still differed)');
	});
});

describe('items of one run, and what a failed run says it changed', () => {
	const node = { id: 'n1', name: 'Genesys Probe', type: 'genesysProbe', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const ctx = (count: number, continueOnFail = false) =>
		({ getInputData: () => Array.from({ length: count }, () => ({ json: {} })), continueOnFail: () => continueOnFail, getNode: () => node }) as never;
	const fails = (message: string, description?: string) => new NodeOperationError(node, message, { description });
	const later = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
	const caught = async (run: Promise<unknown>) => (await run.then(() => undefined, (error: unknown) => error)) as NodeOperationError;
	/** A run one item at a time that fails: its error, and the items that started. */
	const failedRun = async (count: number, work: (index: number) => Promise<Record<string, unknown>>, options: Parameters<typeof runPerItem>[2] = {}) => {
		const started: number[] = [];
		const error = await caught(
			runPerItem(
				ctx(count),
				async (index) => {
					started.push(index);
					return await work(index);
				},
				{ concurrency: 1, ...options },
			),
		);
		return { error, started };
	};

	test('[safety] two items failing together: the first in input order is thrown, listing both with what they were for', async () => {
		const error = await caught(
			runPerItem(
				ctx(3),
				async (index) => {
					if (index === 0) await later(20).then(() => Promise.reject(fails('zero failed', 'its reason')));
					if (index === 1) await later(5).then(() => Promise.reject(fails('one failed', 'its own words')));
					return { changed: false };
				},
				{
					concurrency: 2,
					describeItem: (index) => {
						if (index === 1) throw new Error('unreadable');
						return `queue Q${index}`;
					},
				},
			),
		);
		expect(error.message).toBe('zero failed');
		expect(error.description).toBe('its reason\n2 of 3 items failed: item 0 (queue Q0): zero failed; item 1: one failed');
	});

	test('[safety] one item failing: no new item starts; the error keeps its words and lists what the items before it changed', async () => {
		const { error, started } = await failedRun(
			5,
			async (index) => {
				if (index === 3) throw fails('three failed', 'its own words');
				return index === 1 ? { changed: false, queue: 'Q1' } : { changed: true, queue: `Q${index}` };
			},
			{ describeChange: (json) => `queue ${String(json.queue)}` },
		);
		expect(started).toEqual([0, 1, 2, 3]);
		expect(error.description).toBe('its own words\nOther items had already been applied when item 3 failed: queue Q0; queue Q2');
		// nothing changed before it: nothing to list, and no "items failed" line for a single failure
		const alone = await caught(runPerItem(ctx(2), async (index) => (index === 0 ? { changed: false } : Promise.reject(fails('one failed'))), { concurrency: 1 }));
		expect(alone.description).toBeUndefined();
	});

	test('[safety] Finish All Items: every item runs; the error lists each failure and everything the others applied', async () => {
		const { error, started } = await failedRun(
			4,
			async (index) => {
				if (index === 0) throw fails('zero failed');
				return { outcome: index === 2 ? 'unchanged' : 'changed', id: index };
			},
			{ finishAllItems: true, isChange: (json) => json.outcome === 'changed' },
		);
		expect(started).toEqual([0, 1, 2, 3]);
		expect(error.description).toBe('1 of 4 items failed: item 0: zero failed\nApplied by the other items: {"outcome":"changed","id":1}; {"outcome":"changed","id":3}');
	});

	test('[safety] a failed item shows its description only when it has one', () => {
		expect(errorOutput(fails('plain'))).toStrictEqual({ error: 'plain' }); // no errorDescription key at all
		expect(errorOutput(fails('worded', 'why'))).toEqual({ error: 'worded', errorDescription: 'why' });
	});
});

describe('the lane of an item: the resource it changes', () => {
	const spec = { parameter: 'queue', field: 'Queue', urlSegment: 'queues', byName: true };
	const node = { id: 'n1', name: 'Genesys Probe', type: 'genesysProbe', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const keyOf = (value: unknown) => locatorSequenceKey({ getNodeParameter: () => value, getNode: () => node } as never, spec, 0);
	const id = '0b7d4f7e-1f0c-4c67-8e8f-2a1b3c4d5e6f';

	test('[safety] by ID, from a URL or from the list: the ID; by name: the name', () => {
		expect(keyOf({ __rl: true, mode: 'id', value: id })).toBe(`id:${id}`);
		expect(keyOf({ __rl: true, mode: 'list', value: id })).toBe(`id:${id}`);
		expect(keyOf({ __rl: true, mode: 'name', value: ' Sales ' })).toBe('name:Sales');
	});

	test('[safety] a value the package refuses keys on its trimmed raw text (at most 100 characters); no locator at all, no key', () => {
		expect(keyOf({ __rl: true, mode: 'id', value: '  not/an id  ' })).toBe('id:not/an id');
		expect(keyOf({ __rl: true, mode: 'id', value: '/'.repeat(150) })).toBe(`id:${'/'.repeat(100)}`);
		expect(keyOf({ __rl: true, mode: 'name' })).toBe('name:');
		expect(keyOf({ __rl: true, mode: 'id', value: 42.5 })).toBe('id:42.5');
		expect(keyOf('not/an id')).toBeUndefined();
		expect(keyOf(undefined)).toBeUndefined();
	});
});
