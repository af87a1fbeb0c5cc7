/**
 * Issue 17, mutation testing: End ACW's input as the node reads it, on the built module: each
 * refusal names the field and the allowed range, with the item it came from.
 */
import type { INode } from 'n8n-workflow';

// the built module, as the node uses it (loaded at run time: the lint of a fresh clone has no dist/)
const { readEndAcwInput } = jest.requireActual<typeof import('../../nodes/GenesysCloudEndAcw/actions/readEndAcwInput')>(
	'../../dist/nodes/GenesysCloudEndAcw/actions/readEndAcwInput',
);

const node: INode = { id: 'n1', name: 'End ACW', type: 'genesysCloudEndAcw', typeVersion: 1, position: [0, 0], parameters: {} };
const read = (parameters: Record<string, unknown>) => {
	const all: Record<string, unknown> = {
		conversationId: '7db9e518-8be2-45c7-aca6-cd2644c94599',
		wrapupCode: { __rl: true, mode: 'id', value: 'code-1' },
		...parameters,
	};
	const ctx = { getNode: () => node, getNodeParameter: (name: string, _item: number, fallback: unknown) => all[name] ?? fallback };
	return () => readEndAcwInput(ctx as never, 2);
};

test('[safety] a tag longer than 100 characters is refused, naming the limit and the length found, for its item', () => {
	expect(read({ tags: `crm, ${'x'.repeat(100)}` })().tags).toEqual(['crm', 'x'.repeat(100)]);
	expect(read({ tags: `crm, ${'x'.repeat(101)}` })).toThrow('Tags: each tag is at most 100 characters, got one of 101');
	try {
		read({ tags: 'y'.repeat(101) })();
	} catch (error) {
		expect((error as { context: { itemIndex: number } }).context.itemIndex).toBe(2);
	}
	expect.assertions(3);
});
