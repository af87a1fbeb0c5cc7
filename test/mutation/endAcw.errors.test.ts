/**
 * Issue 17, mutation testing: End ACW's errors as pure functions on the built module: a 403 names
 * what was refused and keeps Genesys's IDs, a token failure means the write was never sent, and the
 * error after the last attempt lists every attempt. The engine tests reach each through n8n; these
 * pin each field.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

// the built modules, as the nodes use them (loaded at run time: the lint of a fresh clone has no dist/)
const { permissionError, isTokenUnavailable, attemptsExhausted } = jest.requireActual<typeof import('../../nodes/GenesysCloudEndAcw/actions/endAcwErrors')>(
	'../../dist/nodes/GenesysCloudEndAcw/actions/endAcwErrors',
);
const { tokenFailureError } = jest.requireActual<typeof import('../../nodes/shared/transport/tokenFailure')>('../../dist/nodes/shared/transport/tokenFailure');
const { WriteLog } = jest.requireActual<typeof import('../../nodes/GenesysCloudEndAcw/actions/writeLog')>('../../dist/nodes/GenesysCloudEndAcw/actions/writeLog');

const node: INode = { id: 'n1', name: 'End ACW', type: 'genesysCloudEndAcw', typeVersion: 1, position: [0, 0], parameters: {} };
const genesys403 = (context: Record<string, string> = {}) => {
	const error = new NodeApiError(node, { message: 'Forbidden' }, { httpCode: '403', message: 'Forbidden' });
	Object.assign(error.context, context);
	return error;
};
const ctx = (credentials: Promise<Record<string, unknown>>) => ({ getNode: () => node, getCredentials: async () => await credentials }) as never;

test('[safety] a refused skip says so, as a 403 whose response holds only the message and status, with Genesys\'s IDs kept', async () => {
	const error = await permissionError(ctx(Promise.resolve({ grantType: 'clientCredentials' })), genesys403({ correlationId: 'c-1', genesysCode: 'not.authorized' }), 3, 'skip');
	expect(error.message).toBe("Genesys Cloud refused to skip the wrap-up (403): it needs the permission conversation:participant:wrapup or the agent's own sign-in");
	expect(error.httpCode).toBe('403');
	expect(error.errorResponse).toEqual({ message: error.message, status: 403 });
	expect(error.context).toMatchObject({ correlationId: 'c-1', genesysCode: 'not.authorized', itemIndex: 3 });
});

test('[safety] a 403 without Genesys IDs adds no empty keys; an unreadable credential gets the Client Credentials advice', async () => {
	const error = await permissionError(ctx(Promise.reject(new Error('no credential'))), genesys403(), 0);
	expect(Object.keys(error.context)).not.toEqual(expect.arrayContaining(['correlationId']));
	expect(Object.keys(error.context)).not.toEqual(expect.arrayContaining(['genesysCode']));
	expect(error.description).toContain('This credential uses Client Credentials (no user).');
	expect(error.description).toContain("use an Authorization Code credential signed in as the conversation's agent (fits one-agent automations)");
});

test('[safety] "never sent" is known by the token error\'s code only: a login host that gave no token, not one that refused the client, not an API error', () => {
	const connection = { apiBaseUrl: 'https://api.mypurecloud.com', clientId: 'c', requestsPerMinute: 300, hasToken: false };
	expect(isTokenUnavailable(tokenFailureError(node, connection, 'transient', 0, 4))).toBe(true);
	expect(isTokenUnavailable(tokenFailureError(node, connection, 'rejected', 0))).toBe(false);
	expect(isTokenUnavailable(new NodeApiError(node, { message: 'Could not get an access token from the Genesys Cloud login host' }, { httpCode: '503' }))).toBe(false);
	expect(isTokenUnavailable(Object.assign(new Error('x'), { errorResponse: { code: 'token_unavailable' } }))).toBe(false);
});

test('[safety] after the last attempt: every attempt, the last correlation ID, and that no wrap-up was applied', () => {
	const last = genesys403({ correlationId: 'c-9' });
	const error = attemptsExhausted(node, 'conv-1', ['attempt 1: 503', 'attempt 2: 503'], last, 1);
	expect(error.message).toBe('After-call work of conversation conv-1 was not ended after 2 attempts: Forbidden');
	expect(error.description).toBe('Tried: attempt 1: 503; attempt 2: 503. Last correlation ID: c-9. The state was read before every retry; no wrap-up was applied by this node.');
	expect(error.context.correlationId).toBe('c-9');
	const quiet = attemptsExhausted(node, 'conv-1', ['attempt 1: no answer'], genesys403(), 1);
	expect(quiet.description).toBe('Tried: attempt 1: no answer. The state was read before every retry; no wrap-up was applied by this node.');
	expect(Object.keys(quiet.context)).not.toEqual(expect.arrayContaining(['correlationId']));
});

test('[safety] two writes never sent: both attempts listed, one after the other', () => {
	const log = new WriteLog();
	const connection = { apiBaseUrl: 'https://api.mypurecloud.com', clientId: 'c', requestsPerMinute: 300, hasToken: false };
	for (let i = 0; i < 2; i++) {
		log.attempted();
		log.notSent(tokenFailureError(node, connection, 'transient', 0, 4));
	}
	expect(log.unconfirmed('wrap-up', 'p-1')).toBe(
		'No wrap-up reached Genesys (attempt 1: no access token from the login host, not sent; attempt 2: no access token from the login host, not sent); reading the conversation afterwards failed. Nothing was changed.',
	);
});
