/**
 * Issue 17, mutation testing: End ACW's record of its writes, on the built module. A failed item
 * never hides a write: the worst thing that reached Genesys decides the sentence.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

// the built module, as the node uses it (loaded at run time: the lint of a fresh clone has no dist/)
const { WriteLog } = jest.requireActual<typeof import('../../nodes/GenesysCloudEndAcw/actions/writeLog')>('../../dist/nodes/GenesysCloudEndAcw/actions/writeLog');

const node: INode = { id: 'n1', name: 'End ACW', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };
const failed = (httpCode: string | null, genesysCode?: string) => {
	const error = new NodeApiError(node, { message: 'failed' });
	error.httpCode = httpCode;
	if (genesysCode) error.context.genesysCode = genesysCode;
	return error;
};

test('[safety] nothing sent: "No wrap-up reached Genesys", with each attempt', () => {
	const log = new WriteLog();
	log.attempted();
	log.notSent(failed(null));
	expect(log.attempts).toBe(1);
	expect(log.unconfirmed('wrap-up', 'p1')).toBe(
		'No wrap-up reached Genesys (attempt 1: no access token from the login host, not sent); reading the conversation afterwards failed. Nothing was changed.',
	);
});

test('[safety] a write that may have been applied outranks one never sent, whatever the order', () => {
	const log = new WriteLog();
	log.attempted();
	log.mayHaveApplied(failed('503', 'service.unavailable'));
	log.attempted();
	log.notSent(failed(null));
	expect(log.lastFailure?.httpCode).toBeNull();
	expect(log.unconfirmed('wrap-up', 'p1')).toBe(
		'A wrap-up was sent to participant p1 (attempt 1: 503 service.unavailable; attempt 2: no access token from the login host, not sent) and may have been applied; reading the conversation afterwards failed, so it is not confirmed. Check the conversation before retrying.',
	);
	const lost = new WriteLog();
	lost.attempted();
	lost.mayHaveApplied(failed(null));
	expect(lost.tried).toEqual(['attempt 1: no answer']);
});

test('[safety] an accepted write outranks everything: Genesys accepted it, only the read failed', () => {
	const log = new WriteLog();
	log.attempted();
	log.mayHaveApplied(failed('500'));
	log.attempted();
	log.accepted();
	log.notSent(failed(null));
	expect(log.unconfirmed('skip', 'p9')).toBe(
		'Genesys accepted the skip for participant p9, which ends its after-call work; reading the conversation afterwards failed, so it is not confirmed. Check the conversation before retrying.',
	);
});
