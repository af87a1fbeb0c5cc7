/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in Node and jest, outside n8n */
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

/** A request asking for its turn, and whether it got it yet. */
function ask(key: string, hasToken: () => boolean, signal?: AbortSignal) {
	const asked = { went: false, turn: undefined as unknown as ReturnType<typeof firstTokenTurn> };
	asked.turn = firstTokenTurn(key, hasToken, signal).then((turn) => {
		asked.went = true;
		return turn;
	});
	return asked;
}

test('[safety] a request that already has a token goes at once, not held behind a first-token fetch', async () => {
	const leader = await firstTokenTurn('gate-mutation-1', () => false);
	expect(leader).toBeDefined();
	const withToken = ask('gate-mutation-1', () => true);
	await settle();
	// kills `if (hasToken())` -> `if (false)`: the request would wait for the leader's answer
	expect(withToken.went).toBe(true);
	leader!.finish(true);
	await expect(withToken.turn).resolves.toBeDefined();
});

test('[safety] the gate closes again once the leader got a token: a later first request leads and holds the others', async () => {
	const opening = await firstTokenTurn('gate-mutation-2', () => false);
	opening!.finish(true);

	// a later run on the same credential still without a token (the token was dropped, say)
	let next: Awaited<ReturnType<typeof firstTokenTurn>>;
	const nextTurn = firstTokenTurn('gate-mutation-2', () => false).then((turn) => (next = turn));
	const waiter = ask('gate-mutation-2', () => false);
	await settle();
	// kills a removed `gates.delete(key)`: the next first request would wait behind the old,
	// finished gate instead of leading (and this test would see no leader)
	expect(next).toBeDefined();
	expect(waiter.went).toBe(false);
	next!.finish(true);
	await Promise.all([nextTurn, waiter.turn]);
	expect(waiter.went).toBe(true);
});

test('[safety] a cancelled execution gets no turn, even on a credential that has a token', async () => {
	const cancel = new AbortController();
	cancel.abort();
	await expect(firstTokenTurn('gate-mutation-3', () => true, cancel.signal)).resolves.toBeUndefined();
});

test('[safety] a leader that failed passes the lead to one waiter, once: a second finish hands nothing on', async () => {
	const leader = await firstTokenTurn('gate-mutation-4', () => false);
	const turns: string[] = [];
	const waiters = ['a', 'b', 'c'].map((name) => firstTokenTurn('gate-mutation-4', () => false).then((turn) => (turns.push(name), turn)));
	await settle();
	leader!.finish(false);
	leader!.finish(false);
	await settle();
	// only `a` leads now; `b` and `c` keep waiting for a's answer
	expect(turns).toEqual(['a']);
	const a = await waiters[0];
	a!.finish(true);
	await Promise.all(waiters);
	expect(turns).toEqual(['a', 'b', 'c']);
});

test('[safety] a waiter whose execution is cancelled leaves the queue: the lead goes to the next one, not to it', async () => {
	const leader = await firstTokenTurn('gate-mutation-5', () => false);
	const cancel = new AbortController();
	const cancelled = firstTokenTurn('gate-mutation-5', () => false, cancel.signal);
	const next = ask('gate-mutation-5', () => false);
	await settle();
	cancel.abort();
	await expect(cancelled).resolves.toBeUndefined();
	leader!.finish(false);
	await settle();
	expect(next.went).toBe(true);
	(await next.turn)!.finish(true);
});

test('[safety] a waiter leaves no listener on its execution\'s cancel signal once it got its turn', async () => {
	const { getEventListeners } = await import('node:events');
	const leader = await firstTokenTurn('gate-mutation-6', () => false);
	const cancel = new AbortController();
	const waiter = firstTokenTurn('gate-mutation-6', () => false, cancel.signal);
	await settle();
	expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(1);
	leader!.finish(true);
	await waiter;
	expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
});

test('[safety] a waiter let through after the leader got a token holds no gate: its finish cannot open a later gate', async () => {
	const leader = await firstTokenTurn('gate-mutation-7', () => false);
	const waiter = firstTokenTurn('gate-mutation-7', () => false);
	await settle();
	leader!.finish(true);
	const passed = await waiter;
	// later the token is dropped: a new first request leads and holds the next one
	const newLeader = await firstTokenTurn('gate-mutation-7', () => false);
	const held = ask('gate-mutation-7', () => false);
	// the old waiter's request fails now: it led nothing, so nothing is handed on and the new gate
	// stays shut: a further first request waits too, instead of fetching a second token alongside
	passed!.finish(false);
	const later = ask('gate-mutation-7', () => false);
	await settle();
	expect(held.went).toBe(false);
	expect(later.went).toBe(false);
	newLeader!.finish(true);
	await Promise.all([held.turn, later.turn]);
});
