/**
 * Issue 17, mutation testing: the first-token gate, beyond what test/foundation/firstTokenGate
 * shows. Each test kills a mutant that survived `npm run mutate` (see test/MUTATION.md).
 */
// the built module, as the nodes use it (loaded at run time: the lint of a fresh clone has no dist/)
const { throughFirstTokenGate } = jest.requireActual<typeof import('../../nodes/shared/transport/firstTokenGate')>(
	'../../dist/nodes/shared/transport/firstTokenGate',
);

const unused = () => new Error('unused');

/** A send that stays in flight until `answer` is called. */
function pendingSend(value: string) {
	let answer: () => void = () => {};
	const send = jest.fn(() => new Promise<string>((resolve) => (answer = () => resolve(value))));
	return { send, answer: () => answer() };
}

const settle = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
};

test('[safety] a request that already has a token is sent at once, not held behind a first-token fetch', async () => {
	const first = pendingSend('first');
	const firstDone = throughFirstTokenGate('gate-mutation-1', false, first.send, undefined, unused);
	const withToken = jest.fn(async () => 'with token');
	const withTokenDone = throughFirstTokenGate('gate-mutation-1', true, withToken, undefined, unused);
	await settle();
	// kills `if (hasToken)` -> `if (false)`: the request would wait for the first one's answer
	expect(withToken).toHaveBeenCalledTimes(1);
	first.answer();
	await expect(Promise.all([firstDone, withTokenDone])).resolves.toEqual(['first', 'with token']);
});

test('[safety] the gate closes again once the first request is answered: the next first request holds the others', async () => {
	const opening = pendingSend('opening');
	const done = throughFirstTokenGate('gate-mutation-2', false, opening.send, undefined, unused);
	opening.answer();
	await done;

	// a later run on the same credential still without a token (the first fetch failed, say)
	const next = pendingSend('next');
	const nextDone = throughFirstTokenGate('gate-mutation-2', false, next.send, undefined, unused);
	const waiter = jest.fn(async () => 'waiter');
	const waiterDone = throughFirstTokenGate('gate-mutation-2', false, waiter, undefined, unused);
	await settle();
	// kills the removed `firstRequests.delete(key)`: the waiter would find the old, settled entry and go at once
	expect(next.send).toHaveBeenCalledTimes(1);
	expect(waiter).not.toHaveBeenCalled();
	next.answer();
	await expect(Promise.all([nextDone, waiterDone])).resolves.toEqual(['next', 'waiter']);
});
