/**
 * Issue 17, mutation testing: which failed writes are read again and planned again (the queue PUT,
 * the org switches PATCH), and which fail the item at once. The engine tests reach the retried
 * statuses one by one; this pins the whole rule on the built module.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

// the built module, as the nodes use it (loaded at run time: the lint of a fresh clone has no dist/)
const { isRetryableWriteFailure, mayHaveBeenApplied } = jest.requireActual<typeof import('../../nodes/shared/transport/writeFailures')>(
	'../../dist/nodes/shared/transport/writeFailures',
);
const { genesysApiError } = jest.requireActual<typeof import('../../nodes/shared/transport/genesysApiError')>('../../dist/nodes/shared/transport/genesysApiError');

const node: INode = { id: 'n1', name: 'Genesys Probe', type: 'genesysProbe', typeVersion: 1, position: [0, 0], parameters: {} };
const answered = (status: number) => new NodeApiError(node, { message: `status ${status}` }, { httpCode: String(status) });
/** a write whose answer never came, as the transport builds it: no status, the network code kept out of httpCode */
const dropped = () =>
	genesysApiError(node, {
		method: 'PUT',
		path: '/api/v2/routing/queues/{queueId}',
		attempts: 1,
		failure: { headers: {}, networkCode: 'ECONNRESET', aborted: false },
	});

test.each([408, 409, 500, 502, 503, 504])('[safety] a write that got %i may or may not have been applied, or lost a race: read again, then decide', (status) => {
	expect(isRetryableWriteFailure(answered(status))).toBe(true);
});

test.each([400, 401, 403, 404, 422, 429])('[safety] a write that got %i says the request itself failed: the item fails at once, no re-read', (status) => {
	expect(isRetryableWriteFailure(answered(status))).toBe(false);
});

test('[safety] a write with no answer at all (a dropped connection) may have been applied: read again', () => {
	expect(dropped().httpCode).toBeFalsy();
	expect(isRetryableWriteFailure(dropped())).toBe(true);
});

test('[safety] a failure that is not an API error (the package refused the input, a bug) is never retried', () => {
	expect(isRetryableWriteFailure(new NodeOperationError(node, 'bad input'))).toBe(false);
	expect(isRetryableWriteFailure(new Error('boom'))).toBe(false);
	expect(isRetryableWriteFailure(undefined)).toBe(false);
});

test.each([408, 500, 502, 503, 504])('[safety] a write answered %i may have been applied: a failed re-read after it says so', (status) => {
	expect(mayHaveBeenApplied(answered(status))).toBe(true);
});

test.each([400, 403, 404, 409, 429])('[safety] a write answered %i was refused, not applied: a failed re-read after it must not claim a possible write', (status) => {
	expect(mayHaveBeenApplied(answered(status))).toBe(false);
});

test('[safety] a write with no answer may have been applied; a failure that is not an API error was never sent', () => {
	expect(mayHaveBeenApplied(dropped())).toBe(true);
	expect(mayHaveBeenApplied(new NodeOperationError(node, 'bad input'))).toBe(false);
	expect(mayHaveBeenApplied(undefined)).toBe(false);
});
