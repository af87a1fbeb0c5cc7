/**
 * Issue 17, mutation testing: End ACW's output item and its notes comparison, as pure functions on
 * the built module: what the state was, what was applied, and whether stored notes are ours.
 */
// the built module, as the node uses it (loaded at run time: the lint of a fresh clone has no dist/)
const { describeState, sameNotes, endAcwOutput } = jest.requireActual<typeof import('../../nodes/GenesysCloudEndAcw/actions/endAcwOutput')>(
	'../../dist/nodes/GenesysCloudEndAcw/actions/endAcwOutput',
);

type Participant = Parameters<typeof describeState>[0];
type Facts = Parameters<typeof endAcwOutput>[0];
const participant = (over: Record<string, unknown> = {}) =>
	({ id: 'p1', purpose: 'agent', calls: [{ id: 'c1', state: 'disconnected', afterCallWork: { state: 'pending' } }], ...over }) as Participant;
const facts = (over: Partial<Facts> = {}): Facts =>
	({ input: { conversationId: 'conv-1', wrapupCodeId: 'code-1', notes: 'case 7', tags: ['crm'] }, attempts: 1, apiCalls: 3, ...over }) as Facts;

test('[safety] the state before keeps the prompt\'s timeout and the after-call work state as Genesys showed them', () => {
	expect(describeState(participant({ wrapupPrompt: 'timeout', wrapupTimeoutMs: 30000 }), 'pending')).toEqual({
		acwStatus: 'pending',
		wrapupPrompt: 'timeout',
		wrapupTimeoutMs: 30000,
		communicationState: 'disconnected',
		afterCallWork: 'pending',
		provisionalWrapupCode: null,
	});
	expect(describeState(participant({ calls: [] }), 'notRequired')).toMatchObject({ wrapupTimeoutMs: null, afterCallWork: null });
});

test('[safety] stored notes are ours when they differ only by Unicode form, runs of white space or the ends; not when a space is gone', () => {
	expect(sameNotes('Caf\u0065\u0301  called\r\nback ', 'Café called back')).toBe(true);
	expect(sameNotes('called back', 'calledback')).toBe(false);
	expect(sameNotes(undefined, undefined)).toBe(true);
	expect(sameNotes('x', undefined)).toBe(false);
});

test('[safety] a wrap-up names the code as the valid codes list it, and reports the ACW duration from its start and end', () => {
	const wrappedUp = participant({ wrapup: { code: 'code-1', name: 'Old name' }, startAcwTime: '2026-11-30T10:00:00.000Z', endAcwTime: '2026-11-30T10:00:30.000Z' });
	const validCodes = [
		{ id: 'code-0', name: 'Sale' },
		{ id: 'code-1', name: 'Resolved' },
	];
	expect(endAcwOutput(facts({ validCodes }), wrappedUp, 'wrapped-up')).toMatchObject({
		wrapupCode: { id: 'code-1', name: 'Resolved' },
		notes: 'case 7',
		tags: ['crm'],
		acwDurationSeconds: 30,
		changed: true,
	});
	// without the list, the name Genesys stored
	expect(endAcwOutput(facts(), wrappedUp, 'wrapped-up').wrapupCode).toEqual({ id: 'code-1', name: 'Old name' });
});

test('[safety] an item that applied nothing reports no code, notes or tags', () => {
	expect(endAcwOutput(facts(), participant(), 'not-in-acw')).toMatchObject({ wrapupCode: null, notes: null, tags: [], changed: false, acwDurationSeconds: null });
});

test('[safety] empty notes and no notes are the same notes', () => {
	expect(sameNotes('', undefined)).toBe(true);
	expect(sameNotes(undefined, '  ')).toBe(true);
});
