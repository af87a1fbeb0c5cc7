/**
 * The pacer spaces request starts under the credential's rate, and after a 429 holds back every
 * request of that client, including those already waiting for a slot.
 */
// the built module, as the nodes use it (loaded at run time: the lint of a fresh clone has no dist/)
const { getPacer } = jest.requireActual<typeof import('../../nodes/shared/transport/requestPacer')>(
	'../../dist/nodes/shared/transport/requestPacer',
);

test('request starts are spaced by the rate (with 2% headroom)', async () => {
	const pacer = getPacer('spacing-test', 600); // 100 ms apart, ~102 ms with headroom
	const starts: number[] = [];
	await Promise.all(Array.from({ length: 5 }, async () => {
		await pacer.acquire();
		starts.push(Date.now());
	}));
	starts.sort((a, b) => a - b);
	for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(95);
});

test('a 429 pause holds back requests that were already waiting for a slot', async () => {
	const pacer = getPacer('pause-test', 60_000); // 1 ms apart: slots are given at once
	const waiting = [pacer.acquire(), pacer.acquire(), pacer.acquire()];
	const pausedAt = Date.now();
	pacer.pauseUntil(pausedAt + 300);
	await Promise.all(waiting);
	expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(290);
});
