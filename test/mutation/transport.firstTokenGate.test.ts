/**
 * Issue 17, mutation testing: the first-token gate, beyond what test/foundation/firstTokenGate
 * shows. Each test kills a mutant that survived `npm run mutate` (see test/MUTATION.md).
 */
// the built module, as the nodes use it (loaded at run time: the lint of a fresh clone has no dist/)
const { firstTokenTurn } = jest.requireActual<typeof import('../../nodes/shared/transport/firstTokenGate')>(
	'../../dist/nodes/shared/transport/firstTokenGate',
);

const settle = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
};

test('[safety] a request that already has a token goes at once, not held behind a first-token fetch', async () => {
	const leader = await firstTokenTurn('gate-mutation-1', () => false);
	expect(leader).toBeDefined();
	let withTokenWent = false;
	const withToken = firstTokenTurn('gate-mutation-1', () => true).then((turn) => {
		withTokenWent = true;
		return turn;
	});
	await settle();
	// kills `if (hasToken())` -> `if (false)`: the request would wait for the leader's answer
	expect(withTokenWent).toBe(true);
	leader!.finish(true);
	await expect(withToken).resolves.toBeDefined();
});

test('[safety] the gate closes again once the leader got a token: a later first request leads and holds the others', async () => {
	const opening = await firstTokenTurn('gate-mutation-2', () => false);
	opening!.finish(true);

	// a later run on the same credential still without a token (the token was dropped, say)
	let next: Awaited<ReturnType<typeof firstTokenTurn>>;
	const nextTurn = firstTokenTurn('gate-mutation-2', () => false).then((turn) => (next = turn));
	let waiterWent = false;
	const waiter = firstTokenTurn('gate-mutation-2', () => false).then((turn) => {
		waiterWent = true;
		return turn;
	});
	await settle();
	// kills a removed `gates.delete(key)`: the next first request would wait behind the old,
	// finished gate instead of leading (and this test would see no leader)
	expect(next).toBeDefined();
	expect(waiterWent).toBe(false);
	next!.finish(true);
	await Promise.all([nextTurn, waiter]);
	expect(waiterWent).toBe(true);
});
