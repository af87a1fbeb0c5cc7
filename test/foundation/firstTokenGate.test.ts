/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: test code runs in Node and jest, outside n8n */
/**
 * The first-token gate: while a credential has no token, one request (the leader) goes first and
 * the others wait for it, before their pacer slot; when the leader gets no token, exactly one
 * waiter leads next; a request waiting there gives up when its execution is cancelled.
 */
// the built module, as the nodes use it (loaded at run time: the lint of a fresh clone has no dist/)
const { firstTokenTurn } = jest.requireActual<typeof import('../../nodes/shared/transport/firstTokenGate')>(
	'../../dist/nodes/shared/transport/firstTokenGate',
);

const noToken = () => false;
const settled = async () => await new Promise((resolve) => setImmediate(resolve));

test('[review] a request waiting at the first-token gate gives up when the execution is cancelled', async () => {
	const leader = await firstTokenTurn('gate-test', noToken);
	const cancel = new AbortController();
	const waiting = firstTokenTurn('gate-test', noToken, cancel.signal);
	cancel.abort();
	// it settles while the leader is still in flight (which would otherwise hold it forever)
	await expect(waiting).resolves.toBeUndefined();
	leader!.finish(true);
});

test('requests waiting at the gate go once the leader has a token', async () => {
	const leader = await firstTokenTurn('gate-test-2', noToken);
	let went = 0;
	const waiters = [1, 2, 3].map(async () => {
		const turn = await firstTokenTurn('gate-test-2', noToken);
		went++;
		return turn;
	});
	await settled();
	expect(went).toBe(0);
	leader!.finish(true);
	const turns = await Promise.all(waiters);
	expect(went).toBe(3);
	// they go as plain requests, not as leaders: finishing them changes nothing
	for (const turn of turns) turn!.finish(false);
	// and the gate is gone: a new request on a credential still without a token leads at once
	const next = await firstTokenTurn('gate-test-2', noToken);
	expect(next).toBeDefined();
	next!.finish(true);
});

test('[safety] when the leader gets no token, exactly one waiter leads next and the others keep waiting', async () => {
	const leader = await firstTokenTurn('gate-test-3', noToken);
	const went: number[] = [];
	const turns = new Map<number, Awaited<ReturnType<typeof firstTokenTurn>>>();
	const waiters = [1, 2, 3, 4].map(async (n) => {
		const turn = await firstTokenTurn('gate-test-3', noToken);
		went.push(n);
		turns.set(n, turn);
	});
	await settled();
	leader!.finish(false); // the login host failed: still no token
	await settled();
	expect(went).toEqual([1]);
	turns.get(1)!.finish(false); // the next leader fails too
	await settled();
	expect(went).toEqual([1, 2]);
	turns.get(2)!.finish(true); // this one got the token: everyone goes
	await Promise.all(waiters);
	expect(went).toEqual([1, 2, 3, 4]);
});

test('[safety] a leader cancelled while waiting hands the lead to the next waiter', async () => {
	const leader = await firstTokenTurn('gate-test-4', noToken);
	const cancel = new AbortController();
	const promoted = firstTokenTurn('gate-test-4', noToken, cancel.signal);
	let thirdWent = false;
	const third = firstTokenTurn('gate-test-4', noToken).then((turn) => {
		thirdWent = true;
		return turn;
	});
	leader!.finish(false);
	const secondTurn = await promoted;
	cancel.abort();
	secondTurn!.finish(false); // it never sent: no token
	const thirdTurn = await third;
	expect(thirdWent).toBe(true);
	thirdTurn!.finish(true);
});

test('a credential that has a token never waits', async () => {
	const leader = await firstTokenTurn('gate-test-5', noToken);
	const turn = await firstTokenTurn('gate-test-5', () => true);
	expect(turn).toBeDefined();
	leader!.finish(true);
});
