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

const ID = '7db9e518-8be2-45c7-aca6-cd2644c94599';
const OTHER_ID = '0b7c3f2e-1d4a-4e5b-9c6d-7e8f9a0b1c2d';
const itemIndexOf = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		return (error as { context: { itemIndex: number } }).context.itemIndex;
	}
	throw new Error('expected the input to be refused');
};

test('[safety] each parameter is read by its own name: conversation, user, participant, notes and tags', () => {
	expect(read({})()).toMatchObject({ conversationId: ID, selector: { by: 'owesWrapup' }, wrapupCodeId: 'code-1', tags: [] });
	expect(read({ participant: 'userId', userId: OTHER_ID })().selector).toEqual({ by: 'userId', userId: OTHER_ID });
	expect(read({ participant: 'participantId', participantId: OTHER_ID })().selector).toEqual({ by: 'participantId', participantId: OTHER_ID });
	expect(read({ notes: 'case 7', tags: 'crm, , vip,' })()).toMatchObject({ notes: 'case 7', tags: ['crm', 'vip'] });
	// a skip sends no wrap-up, so it carries no code, notes or tags, whatever the hidden fields hold
	expect(read({ whenInAcw: 'skipWrapup', notes: 'case 7', tags: 'crm' })()).toMatchObject({ wrapupCodeId: undefined, notes: undefined, tags: [] });
});

test('[safety] 20 tags of 100 characters are accepted; a 21st tag, or more text than 20 such tags need, is refused naming Tags', () => {
	const tag = (n: number) => String(n).padStart(100, 'x');
	const twenty = Array.from({ length: 20 }, (_, n) => tag(n)).join(', ');
	expect(read({ tags: twenty })().tags).toHaveLength(20);
	expect(read({ tags: `${twenty},a` })).toThrow('Tags: at most 20 tags, got 21');
	expect(itemIndexOf(read({ tags: `${twenty},a` }))).toBe(2);
	expect(read({ tags: `${twenty},${' '.repeat(2)}` })).toThrow(/^Tags is 2041 characters long; the limit is 2040$/);
});

test.each([
	['participant', { participant: 'nobody' }, 'Participant must be one of owesWrapup, userId, participantId, got "nobody"'],
	['whenInAcw', { whenInAcw: 'later' }, 'When in ACW must be one of applyWrapup, skipWrapup, got "later"'],
	['ifAlreadyWrappedUp', { options: { ifAlreadyWrappedUp: 'maybe' } }, 'If Already Wrapped Up must be one of succeed, fail, got "maybe"'],
	['ifNotInAcwYet', { options: { ifNotInAcwYet: 'wait' } }, 'If Not in ACW Yet must be one of waitThenFail, waitThenSkip, fail, skip, got "wait"'],
	['baseDelaySeconds', { options: { baseDelaySeconds: 61 } }, 'Base Delay (Seconds) must be a whole number from 0 to 60 seconds, got 61'],
	['maxWaitSeconds', { options: { maxWaitSeconds: 601 } }, 'Max Wait (Seconds) must be a whole number from 0 to 600 seconds, got 601'],
])('[safety] %s out of its range is refused naming the field, the allowed values and what was given, for its item', (_field, parameters, message) => {
	expect(read(parameters)).toThrow(message);
	expect(itemIndexOf(read(parameters))).toBe(2);
});

test('[safety] a parameter that is not there is empty: the IDs are refused as empty, and no notes are sent', () => {
	expect(read({ conversationId: undefined })).toThrow('Conversation ID is empty');
	expect(read({ participant: 'userId' })).toThrow('User ID is empty');
	expect(read({ participant: 'participantId' })).toThrow('Participant ID is empty');
	expect(read({})().notes).toBeUndefined();
});
