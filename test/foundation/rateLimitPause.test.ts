/**
 * Issue 17, defect 4: a 429 without Retry-After pauses the whole process (every request waiting at
 * the pacer), for the default 3 s, and cuts this process's share of the rate as the adaptive share's law says
(an isolated 429: to CUT of what it was; docs/rate-limit.md). On a fake clock:
 * the built transport is called directly with a stand-in for n8n's context whose HTTP helper
 * answers from a script, so the test takes milliseconds and no timer of the real clock.
 */
import type { INode } from 'n8n-workflow';

// the built modules, as the nodes use them (one module instance: the pacer is module state)
const { genesysApiRequestFull } = jest.requireActual<typeof import('../../nodes/shared/transport/genesysApiRequest')>(
	'../../dist/nodes/shared/transport/genesysApiRequest',
);
const { CUT } = jest.requireActual<typeof import('../../nodes/shared/transport/adaptiveShare')>('../../dist/nodes/shared/transport/adaptiveShare');
const { getPacer } = jest.requireActual<typeof import('../../nodes/shared/transport/requestPacer')>(
	'../../dist/nodes/shared/transport/requestPacer',
);

const node: INode = {
	id: 'fake-clock',
	name: 'Fake clock',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { genesysCloudOAuth2Api: { id: 'fake-clock-credential', name: 'fake' } },
};

const API = 'https://api.fake-clock.test';

function rateLimitedError() {
	// what n8n's HTTP helper throws for a 429 answered without Retry-After (axios-style response)
	return Object.assign(new Error('Request failed with status code 429'), {
		response: { status: 429, headers: {}, data: { message: 'Rate limit exceeded', code: 'too.many.requests', status: 429 } },
	});
}

/** A stand-in for n8n's execute context: a stored token, 60 requests a minute, and a scripted HTTP helper. */
function fakeContext(clientId: string, answer: (path: string) => Promise<unknown>, sent: Array<{ path: string; at: number }>) {
	return {
		getNode: () => node,
		getCredentials: async () => ({ apiBaseUrl: API, clientId, requestsPerMinute: 60, oauthTokenData: { access_token: 'fake' } }),
		getExecutionCancelSignal: () => undefined,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { url: string }) => {
				const path = options.url.slice(API.length);
				sent.push({ path, at: Date.now() });
				return await answer(path);
			},
		},
	} as never;
}

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

test('[safety] a 429 without Retry-After pauses every request waiting at the pacer for 3 s and cuts the rate share', async () => {
	const sent: Array<{ path: string; at: number }> = [];
	let first = true;
	const ctx = fakeContext('fake-clock-429', async (path) => {
		if (path === '/api/v2/a' && first) {
			first = false;
			throw rateLimitedError();
		}
		return { body: {}, statusCode: 200, headers: {} };
	}, sent);
	const start = Date.now();
	// one request a second (60 a minute): a goes now, b and c wait at the pacer for their slots
	const requests = ['/api/v2/a', '/api/v2/b', '/api/v2/c'].map(async (path) => await genesysApiRequestFull.call(ctx, { method: 'GET', path }));
	await jest.advanceTimersByTimeAsync(0);
	expect(sent.map((s) => s.path)).toEqual(['/api/v2/a']);
	const pacer = getPacer(`${API}|fake-clock-429`, 60, 'fake-clock-credential');
	expect(CUT).toBeLessThan(1);
	expect(pacer.currentShare).toBeCloseTo(CUT, 6);
	// without the pause, b would start at ~1 s; the process waits the default 3 s instead
	await jest.advanceTimersByTimeAsync(2990);
	expect(sent.map((s) => s.path)).toEqual(['/api/v2/a']);
	await jest.advanceTimersByTimeAsync(20_000);
	await Promise.all(requests);
	expect(sent.map((s) => s.path).sort()).toEqual(['/api/v2/a', '/api/v2/a', '/api/v2/b', '/api/v2/c']);
	for (const request of sent.slice(1)) expect(request.at - start).toBeGreaterThanOrEqual(3000);
});
