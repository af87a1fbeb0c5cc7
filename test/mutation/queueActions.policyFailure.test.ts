/**
 * Issue 17, mutation testing: Set ACW Policy's one error for a run with failed queues, on the built
 * module: every failed queue and every applied change is named, up to 20 of each with the rest
 * counted, so a nightly run never fails without saying what it wrote.
 */
import type { IDataObject, INode } from 'n8n-workflow';

// the built module, as the node uses it (loaded at run time: the lint of a fresh clone has no dist/)
const { throwIfAnyQueueFailed } = jest.requireActual<typeof import('../../nodes/GenesysCloudSetAcwPolicy/actions/policyFailure')>(
	'../../dist/nodes/GenesysCloudSetAcwPolicy/actions/policyFailure',
);

const node: INode = { id: 'n1', name: 'Set ACW Policy', type: 'x', typeVersion: 2, position: [0, 0], parameters: {} };
const ctx = { getNode: () => node } as never;
const failed = (n: number): IDataObject => ({ queueId: `q${n}`, queueName: `Queue ${n}`, outcome: 'failed', reason: `reason ${n}` });
const changed = (n: number): IDataObject => ({ queueId: `c${n}`, queueName: `Changed ${n}`, outcome: 'changed', before: { timeoutSeconds: 30 }, after: { timeoutSeconds: 60 } });
const range = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

function errorOf(records: IDataObject[], orgSettings?: IDataObject) {
	try {
		throwIfAnyQueueFailed(ctx, 4, records, orgSettings);
	} catch (error) {
		return error as Error & { description: string; context: IDataObject };
	}
	throw new Error('no error was thrown');
}

test('[safety] no failed queue, no error', () => {
	expect(() => throwIfAnyQueueFailed(ctx, 0, [changed(1), { queueId: 'u', outcome: 'unchanged' }], undefined)).not.toThrow();
});

test('[safety] 20 failed queues are all named, one per line of the description, with the changes already applied', () => {
	const error = errorOf([...range(20).map(failed), changed(1)], { outcome: 'changed', before: { a: false }, after: { a: true } });
	expect(error.message).toBe(`20 of 21 queues were not set to the ACW policy: ${range(20).map((n) => `q${n}`).join(', ')}`);
	expect(error.context.itemIndex).toBe(4);
	expect(error.description.split('\n')).toEqual([
		`Failed: ${range(20).map((n) => `Queue ${n} (q${n}): reason ${n}`).join('; ')}.`,
		'Already applied (2): org switches {"a":false} → {"a":true}; Changed 1 (c1) {"timeoutSeconds":30} → {"timeoutSeconds":60}.',
		'Turn on Continue On Fail to get one item per queue instead, with the failed queues listed.',
	]);
});

test('[safety] from the 21st failed queue on, the message ends with … and the description counts the rest', () => {
	const error = errorOf([...range(22).map(failed), ...range(21).map(changed)]);
	expect(error.message).toBe(`22 of 43 queues were not set to the ACW policy: ${range(20).map((n) => `q${n}`).join(', ')}, …`);
	const [failures, applied] = error.description.split('\n');
	expect(failures).toMatch(/; Queue 20 \(q20\): reason 20; and 2 more\.$/);
	expect(applied).toMatch(/^Already applied \(21\): .*; Changed 20 \(c20\) .*; and 1 more\.$/);
});

test('[safety] a run that wrote nothing says so', () => {
	const error = errorOf([failed(1)], { outcome: 'unchanged' });
	expect(error.description.split('\n')[1]).toBe('Nothing was written.');
	// a queue without a name (not found) is named by its ID
	expect(errorOf([{ queueId: 'q9', queueName: null, outcome: 'failed', reason: 'gone' }]).description).toMatch(/^Failed: q9 \(q9\): gone\./);
});
