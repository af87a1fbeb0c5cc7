/**
 * The first-token gate: while a credential has no token, one request goes first and the others
 * wait for it; a request waiting there must give up when its execution is cancelled.
 */
import { throughFirstTokenGate } from '../../dist/nodes/shared/transport/firstTokenGate';

test('[review] a request waiting at the first-token gate gives up when the execution is cancelled', async () => {
	let answerFirst: (value: string) => void = () => {};
	const first = throughFirstTokenGate('gate-test', false, () => new Promise<string>((resolve) => (answerFirst = resolve)), undefined, () => new Error('unused'));
	const cancel = new AbortController();
	const sentAfterCancel = jest.fn(async () => 'sent');
	const waiting = throughFirstTokenGate('gate-test', false, sentAfterCancel, cancel.signal, () => new Error('The execution was cancelled'));
	cancel.abort();
	// it settles while the first request is still in flight (which would otherwise hold it forever)
	await expect(waiting).rejects.toThrow('The execution was cancelled');
	expect(sentAfterCancel).not.toHaveBeenCalled();
	answerFirst('token fetched');
	await expect(first).resolves.toBe('token fetched');
	expect(sentAfterCancel).not.toHaveBeenCalled();
});

test('requests waiting at the gate go once the first one has its answer', async () => {
	let answerFirst: (value: string) => void = () => {};
	const first = throughFirstTokenGate('gate-test-2', false, () => new Promise<string>((resolve) => (answerFirst = resolve)), undefined, () => new Error('unused'));
	const second = jest.fn(async () => 'second');
	const waiting = throughFirstTokenGate('gate-test-2', false, second, undefined, () => new Error('unused'));
	await Promise.resolve();
	expect(second).not.toHaveBeenCalled();
	answerFirst('first');
	await expect(Promise.all([first, waiting])).resolves.toEqual(['first', 'second']);
});
