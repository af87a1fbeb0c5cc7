/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * The figures the [cluster] test and bench:cluster assert on come from scripts/cluster/load.js reading the
 * emulator's record. These checks feed it records with a known answer, so a lost conversation or a double
 * write cannot go unseen by the end-to-end test because of the counting.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { startEmulator } from '../emulator/server';
import { seeds } from '../emulator/fixtures';
import { seedAcwBacklog } from '../emulator/fixtures/scale';
import { storeToJson } from '../emulator/store';
import type { RecordedRequest } from '../emulator/types';

const { analyseRun } = require('../../scripts/cluster/load');

let seq = 0;
function request(method: string, path: string, status: number, at: number, handlerStatus?: number): RecordedRequest {
	return { seq: ++seq, at, handledAt: at + 50, method, path, query: {}, body: undefined, status, faulted: false, handlerStatus };
}

describe('cluster figures from the emulator record', () => {
	it('[cluster] counts a conversation left in ACW without an error answer as lost, one with an error answer as failed, and a wrap-up accepted twice as a double write', async () => {
		const emulator = await startEmulator({ seed: seeds.test });
		try {
			const ids = seedAcwBacklog(emulator.store, 3);
			const conv = (id: string) => emulator.store.conversations.get(id)!;
			const agent = (id: string) => [...conv(id).participants].reverse().find((p: any) => p.purpose === 'agent');
			const wrapPath = (id: string) =>
				`/api/v2/conversations/calls/${id}/participants/${agent(id).id}/communications/${agent(id).calls[0].id}/wrapup`;
			// ids[0] wrapped up through the API, twice accepted (a double write); ids[1] and ids[2] stay in ACW
			const code = { code: (emulator.store.queueWrapupCodes.get(agent(ids[0]).queueId) ?? [])[0] };
			const token = await (
				await fetch(`${emulator.url}/oauth/token`, {
					method: 'POST',
					headers: {
						'content-type': 'application/x-www-form-urlencoded',
						authorization: `Basic ${Buffer.from('test-client-id:test-client-secret-Sup3rS3cret').toString('base64')}`,
					},
					body: 'grant_type=client_credentials',
				})
			).json();
			const res = await fetch(`${emulator.url}${wrapPath(ids[0])}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` },
				body: JSON.stringify(code),
			});
			expect(res.status).toBeLessThan(300);
			const requests = [
				...emulator.requests,
				request('POST', wrapPath(ids[0]), 200, Date.now(), 200),
				request('GET', `/api/v2/conversations/${ids[1]}`, 429, Date.now()),
			];
			const calls = [
				{ conversationId: ids[0], status: 200, sentAt: Date.now() - 1000 },
				{ conversationId: ids[1], status: 200, sentAt: Date.now() - 1000 },
				{ conversationId: ids[2], status: 500, sentAt: Date.now() - 1000 },
			];
			const state = { store: storeToJson(emulator.store) };
			const run = analyseRun({ requests, state, ids, calls });
			expect(run).toMatchObject({ wrappedUp: 1, lost: 1, failedWithError: 1, doubleWrites: 1, rateLimited: 1 });
			expect(run.apiRequests).toBe(3);
			expect(run.latencyMs.n).toBe(1);
		} finally {
			await emulator.close();
		}
	});
});
