/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Routing queues, divisions, wrap-up codes and org settings through the emulator's HTTP surface
 * (spec-validated both ways), plus direct checks of the seeders' scale.
 */
import type { AxiosInstance } from 'axios';
import type { Emulator } from './server';
import { createEmptyStore } from './store';
import { seedRoutingOrg, type RoutingOrg } from './fixtures/routingOrg';
import { seedQueues } from './fixtures/queues';
import { seedWrapupCodes } from './fixtures/wrapupCodes';
import { seedDivisions } from './fixtures/divisions';
import { queueHandlers } from './resources/queues';
import { AGENT_REQUESTED_DEFAULT_TIMEOUT_MS, TIMED_PROMPT_DEFAULT_TIMEOUT_MS } from './resources/queueRequest';
import { startRoutingEmulator } from './routingTestClient';
import type { RouteContext } from './types';

let emulator: Emulator;
let api: AxiosInstance;
let org: RoutingOrg;

beforeAll(async () => {
	({ emulator, api } = await startRoutingEmulator({
		seed: (store) => {
			org = seedRoutingOrg(store, { conversations: false });
		},
	}));
});
afterAll(() => emulator.close());
afterEach(() => expect(emulator.responseValidationErrors).toEqual([]));

const Q = '/api/v2/routing/queues';

/** A queue as read, made fit for a PUT: rule 1 of conditional group routing without its queue (§8.1). */
function asRead(queue: any): any {
	const [first, ...rest] = queue.conditionalGroupRouting.rules;
	const { queue: _self, ...firstRule } = first;
	return { ...queue, conditionalGroupRouting: { ...queue.conditionalGroupRouting, rules: [firstRule, ...rest] } };
}

describe('GET /api/v2/routing/queues', () => {
	it('pages all queues sorted by name, with Genesys paging fields', async () => {
		const page1 = await api.get(Q, { params: { pageSize: 10 } });
		expect(page1.status).toBe(200);
		expect(page1.data).toMatchObject({ pageSize: 10, pageNumber: 1, total: 30, pageCount: 3 });
		expect(page1.data.nextUri).toBe(`${Q}?pageSize=10&pageNumber=2`);
		const names: string[] = [];
		for (let p = 1; p <= 3; p++) {
			const res = await api.get(Q, { params: { pageSize: 10, pageNumber: p } });
			names.push(...res.data.entities.map((q: any) => q.name));
		}
		expect(names).toHaveLength(30);
		expect(new Set(names).size).toBe(30);
		expect([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(names);
		const desc = await api.get(Q, { params: { pageSize: 100, sortOrder: 'desc' } });
		expect(desc.data.entities.map((q: any) => q.name)).toEqual([...names].reverse());
	});

	it('name filter: exact (case-insensitive) without asterisks, wildcards with', async () => {
		const exact = await api.get(Q, { params: { name: 'sales - emea 001' } });
		expect(exact.data.entities.map((q: any) => q.name)).toEqual(['Sales - EMEA 001']);
		const partialNoStar = await api.get(Q, { params: { name: 'Sales' } });
		expect(partialNoStar.data.total).toBe(0);
		const prefix = await api.get(Q, { params: { name: 'Sales*', pageSize: 100 } });
		expect(prefix.data.total).toBeGreaterThan(1);
		expect(prefix.data.entities.every((q: any) => q.name.startsWith('Sales'))).toBe(true);
		const contains = await api.get(Q, { params: { name: '*EMEA*', pageSize: 100 } });
		expect(contains.data.entities.every((q: any) => q.name.includes('EMEA'))).toBe(true);
		const suffix = await api.get(Q, { params: { name: '*001' } });
		expect(suffix.data.entities.map((q: any) => q.name)).toEqual(['Sales - EMEA 001']);
	});

	it('filters by repeated id and divisionId', async () => {
		const [a, b] = org.queues;
		const byId = await api.get(Q, { params: { id: [a.id, b.id] } });
		expect(byId.data.entities.map((q: any) => q.id).sort()).toEqual([a.id, b.id].sort());
		const division = org.divisions[1];
		const byDivision = await api.get(Q, { params: { divisionId: [division.id], pageSize: 100 } });
		expect(byDivision.data.total).toBe(10);
		expect(byDivision.data.entities.every((q: any) => q.division.id === division.id)).toBe(true);
	});

	it('divisionviews is a light listing and enforces its page limits', async () => {
		const res = await api.get(`${Q}/divisionviews`, { params: { pageSize: 5 } });
		expect(res.status).toBe(200);
		expect(Object.keys(res.data.entities[0]).sort()).toEqual(['division', 'id', 'name', 'selfUri']);
		expect((await api.get(`${Q}/divisionviews`, { params: { pageSize: 101 } })).status).toBe(400);
		expect((await api.get(`${Q}/divisionviews`, { params: { pageNumber: 6 } })).status).toBe(400);
	});
});

describe('PUT /api/v2/routing/queues/{queueId}', () => {
	it('replaces the whole queue: fields omitted from the body are cleared', async () => {
		const queue = org.queues[2];
		const before = (await api.get(`${Q}/${queue.id}`)).data;
		expect(before.conditionalGroupRouting).toBeDefined();
		expect(before.outboundEmailAddress).toBeDefined();
		const res = await api.put(`${Q}/${queue.id}`, {
			name: before.name,
			division: { id: before.division.id },
			acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 },
		});
		expect(res.status).toBe(200);
		expect(res.data.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 });
		for (const cleared of ['conditionalGroupRouting', 'outboundEmailAddress', 'mediaSettings', 'bullseye', 'description']) {
			expect(res.data[cleared]).toBeUndefined();
		}
		// server-owned fields survive
		expect(res.data).toMatchObject({
			id: before.id,
			dateCreated: before.dateCreated,
			createdBy: before.createdBy,
			memberCount: before.memberCount,
			selfUri: before.selfUri,
			division: { id: before.division.id, name: before.division.name },
		});
		expect(res.data.dateModified).not.toBe(before.dateModified);
		expect((await api.get(`${Q}/${queue.id}`)).data).toEqual(res.data);
	});

	it('keeps everything when the body is the queue as read (read-modify-write), rule 1 of conditional group routing left out', async () => {
		const queue = org.queues[3];
		const before = (await api.get(`${Q}/${queue.id}`)).data;
		const { queue: _self, ...firstRule } = before.conditionalGroupRouting.rules[0];
		const conditionalGroupRouting = { rules: [firstRule, ...before.conditionalGroupRouting.rules.slice(1)] };
		const res = await api.put(`${Q}/${queue.id}`, { ...before, conditionalGroupRouting, acwSettings: { wrapupPrompt: 'OPTIONAL' } });
		expect(res.status).toBe(200);
		const { dateModified: _a, modifiedBy: _b, acwSettings: _c, ...restAfter } = res.data;
		const { dateModified: _d, modifiedBy: _e, acwSettings: _f, ...restBefore } = before;
		expect(restAfter).toEqual(restBefore);
		expect(res.data.acwSettings).toEqual({ wrapupPrompt: 'OPTIONAL' });
	});

	it.each([
		[{ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 999 }, 'acwSettings.timeoutMs', '1000 and 3600000'],
		[{ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 3600001 }, 'acwSettings.timeoutMs', '1000 and 3600000'],
		[{ wrapupPrompt: 'MANDATORY', timeoutMs: 60000 }, 'acwSettings.timeoutMs', 'can only be used'],
		[{ wrapupPrompt: 'OPTIONAL', timeoutMs: 60000 }, 'acwSettings.timeoutMs', 'can only be used'],
	])('rejects acwSettings %j with 400 naming %s', async (acwSettings, field, text) => {
		const queue = org.queues[4];
		const before = (await api.get(`${Q}/${queue.id}`)).data;
		const res = await api.put(`${Q}/${queue.id}`, { ...asRead(before), acwSettings });
		expect(res.status).toBe(400);
		expect(res.data.code).toBe('bad.request');
		expect(res.data.message).toContain(field);
		expect(res.data.message).toContain(text);
		expect((await api.get(`${Q}/${queue.id}`)).data).toEqual(before);
	});

	it('accepts the boundaries and AGENT_REQUESTED with or without a timeout; keeps or fills timeouts as Genesys may (§8.6)', async () => {
		const queue = org.queues[5];
		const before = asRead((await api.get(`${Q}/${queue.id}`)).data);
		for (const [acwSettings, stored] of [
			[{ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 1000 }],
			[{ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 3600000 }],
			// no timeout sent: the old one stays
			[{ wrapupPrompt: 'AGENT_REQUESTED' }, { wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: 3600000 }],
			[{ wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: 5000 }],
			// MANDATORY takes no timeout, but the queue keeps the old one
			[{ wrapupPrompt: 'MANDATORY' }, { wrapupPrompt: 'MANDATORY', timeoutMs: 5000 }],
			[{ wrapupPrompt: 'OPTIONAL' }],
			// no old timeout to keep: Genesys's default (value undocumented)
			[{ wrapupPrompt: 'AGENT_REQUESTED' }, { wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: AGENT_REQUESTED_DEFAULT_TIMEOUT_MS }],
		]) {
			const res = await api.put(`${Q}/${queue.id}`, { ...before, acwSettings });
			expect(res.status).toBe(200);
			expect(res.data.acwSettings).toEqual(stored ?? acwSettings);
			expect((await api.get(`${Q}/${queue.id}`)).data.acwSettings).toEqual(stored ?? acwSettings);
		}
	});

	it('conditional group routing (§8.1): the GET names the queue itself on rule 1, a PUT that sends it back is refused', async () => {
		const queue = org.queues[6];
		const read = (await api.get(`${Q}/${queue.id}`)).data;
		expect(read.conditionalGroupRouting.rules[0].queue).toEqual({ id: queue.id, name: queue.name, selfUri: `${Q}/${queue.id}` });
		expect(read.conditionalGroupRouting.rules[1].queue.id).not.toBe(queue.id);
		const listed = (await api.get(Q, { params: { id: queue.id } })).data.entities[0];
		expect(listed.conditionalGroupRouting).toEqual(read.conditionalGroupRouting);
		const refused = await api.put(`${Q}/${queue.id}`, read);
		expect(refused.status).toBe(400);
		expect(refused.data.message).toContain('conditionalGroupRouting.rules[0].queue');
		expect((await api.get(`${Q}/${queue.id}`)).data).toEqual(read);
		// the PUT's answer is the stored queue, as read
		const accepted = await api.put(`${Q}/${queue.id}`, asRead(read));
		expect(accepted.status).toBe(200);
		const { dateModified: _a, modifiedBy: _b, ...answer } = accepted.data;
		const { dateModified: _c, modifiedBy: _d, ...original } = read;
		expect(answer).toEqual(original);
		expect(emulator.store.queues.get(queue.id)!.conditionalGroupRouting.rules[0].queue).toBeUndefined();
	});

	it('[fidelity] keeps every field the PUT sends, one the spec does not list too, and still validates the known ones', async () => {
		const queue = org.queues[7];
		const before = asRead((await api.get(`${Q}/${queue.id}`)).data);
		const extra = { futureRoutingFeature: { enabled: true, level: 3 } };
		const res = await api.put(`${Q}/${queue.id}`, { ...before, ...extra });
		expect(res.status).toBe(200);
		expect(res.data.futureRoutingFeature).toEqual(extra.futureRoutingFeature);
		expect((await api.get(`${Q}/${queue.id}`)).data.futureRoutingFeature).toEqual(extra.futureRoutingFeature);
		// known fields are still checked against the spec
		const bad = await api.put(`${Q}/${queue.id}`, { ...before, ...extra, scoringMethod: 'Loudest' });
		expect(bad.status).toBe(400);
		expect(bad.data.message).toContain('scoringMethod');
		// server-owned fields sent back are ignored
		const owned = await api.put(`${Q}/${queue.id}`, { ...before, memberCount: 999, dateCreated: '2020-01-01T00:00:00.000Z' });
		expect(owned.data).toMatchObject({ memberCount: before.memberCount, dateCreated: before.dateCreated });
	});

	it.each([
		['{}', {}],
		['empty conditions, no expression', { conditions: [] }],
		['no conditions, blank expression', { conditions: [], conditionExpression: '  ' }],
	])('[fidelity] a PUT with an empty pilotRule (%s) is a 500, as Genesys NPEs on it (Terraform PR #2310)', async (_name, pilotRule) => {
		const queue = org.queues[8];
		const before = asRead((await api.get(`${Q}/${queue.id}`)).data);
		const res = await api.put(`${Q}/${queue.id}`, {
			...before,
			conditionalGroupActivation: { ...before.conditionalGroupActivation, pilotRule },
		});
		expect(res.status).toBe(500);
		expect(res.data.code).toBe('internal.server.error');
		const { pilotRule: _p, ...withoutPilot } = before.conditionalGroupActivation;
		const ok = await api.put(`${Q}/${queue.id}`, { ...before, conditionalGroupActivation: withoutPilot });
		expect(ok.status).toBe(200);
		expect(ok.data.conditionalGroupActivation.pilotRule).toBeUndefined();
		await api.put(`${Q}/${queue.id}`, before);
	});

	it('[fidelity] a time-boxed prompt sent without a timeout is accepted and gets the old or a server-chosen timeout (§8.10)', async () => {
		const queue = org.queues[9];
		const before = asRead((await api.get(`${Q}/${queue.id}`)).data);
		await api.put(`${Q}/${queue.id}`, { ...before, acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 45000 } });
		const kept = await api.put(`${Q}/${queue.id}`, { ...before, acwSettings: { wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT' } });
		expect(kept.status).toBe(200);
		expect(kept.data.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 45000 });
		const { acwSettings: _a, ...noAcw } = before;
		const created = await api.post(Q, { ...noAcw, name: 'Terraform simplest queue', acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT' } });
		expect(created.status).toBe(200);
		expect(created.data.acwSettings).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: TIMED_PROMPT_DEFAULT_TIMEOUT_MS });
		await api.delete(`${Q}/${created.data.id}`);
	});

	it('[fidelity] a legacy timeout over 60 minutes is accepted when sent back unchanged, a new one is not (§8.10)', async () => {
		const queue = org.queues[10];
		emulator.store.queues.get(queue.id)!.acwSettings = { wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: 7_200_000 };
		const before = asRead((await api.get(`${Q}/${queue.id}`)).data);
		const same = await api.put(`${Q}/${queue.id}`, { ...before, acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 7_200_000 } });
		expect(same.status).toBe(200);
		const longer = await api.put(`${Q}/${queue.id}`, { ...before, acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 7_300_000 } });
		expect(longer.status).toBe(400);
		expect(longer.data.message).toContain('1000 and 3600000');
	});

	it('404s an unknown queue and 400s a body without name (spec)', async () => {
		expect((await api.put(`${Q}/nope`, { name: 'x' })).status).toBe(404);
		expect((await api.get(`${Q}/nope`)).data.code).toBe('not.found');
		expect((await api.put(`${Q}/${org.queues[0].id}`, { description: 'no name' })).status).toBe(400);
	});
});

describe('POST / DELETE queues, queue wrap-up codes', () => {
	it('creates in the home division, lists it, deletes it', async () => {
		const created = await api.post(Q, { name: 'Emulator Test Queue', acwSettings: { wrapupPrompt: 'MANDATORY' } });
		expect(created.status).toBe(200);
		expect(created.data.division.id).toBe(org.divisions[0].id);
		expect((await api.get(Q, { params: { name: 'emulator test queue' } })).data.total).toBe(1);
		expect((await api.delete(`${Q}/${created.data.id}`)).status).toBe(200);
		expect((await api.get(`${Q}/${created.data.id}`)).status).toBe(404);
	});

	it('lists the codes assigned to a queue', async () => {
		const queue = org.queues[0];
		const res = await api.get(`${Q}/${queue.id}/wrapupcodes`);
		expect(res.status).toBe(200);
		expect(res.data.total).toBe(emulator.store.queueWrapupCodes.get(queue.id)!.length);
		expect((await api.get(`${Q}/nope/wrapupcodes`)).status).toBe(404);
	});
});

describe('divisions, org wrap-up codes, settings', () => {
	it('lists divisions with name search and objectCount', async () => {
		const all = await api.get('/api/v2/authorization/divisions');
		expect(all.data.entities.map((d: any) => d.name)).toEqual(['Home', 'Sales', 'Support']);
		const sales = await api.get('/api/v2/authorization/divisions', { params: { name: 'sal', objectCount: true } });
		expect(sales.data.entities).toHaveLength(1);
		expect(sales.data.entities[0].objectCounts.queues).toBe(10);
	});

	it('lists org wrap-up codes with a name filter', async () => {
		const all = await api.get('/api/v2/routing/wrapupcodes', { params: { pageSize: 100 } });
		expect(all.data.total).toBe(8);
		const sale = await api.get('/api/v2/routing/wrapupcodes', { params: { name: 'Sale' } });
		expect(sale.data.entities.map((c: any) => c.name)).toEqual(['Sale']);
	});

	it('conversation settings: GET all six, PATCH partial -> 204, routing settings PUT', async () => {
		const before = (await api.get('/api/v2/conversations/settings')).data;
		expect(Object.keys(before)).toHaveLength(6);
		const patch = await api.patch('/api/v2/conversations/settings', { completeAcwWhenAgentTransitionsOffline: true });
		expect(patch.status).toBe(204);
		const after = (await api.get('/api/v2/conversations/settings')).data;
		expect(after).toEqual({ ...before, completeAcwWhenAgentTransitionsOffline: true });
		const put = await api.put('/api/v2/routing/settings', { resetAgentScoreOnPresenceChange: true });
		expect(put.data).toEqual({ resetAgentScoreOnPresenceChange: true });
		expect((await api.get('/api/v2/routing/settings')).data).toEqual({ resetAgentScoreOnPresenceChange: true });
	});
});

describe('seeders (direct, no HTTP)', () => {
	it('seeds 10,000 full queues and lists a filtered page of them', () => {
		const store = createEmptyStore();
		seedDivisions(store);
		seedWrapupCodes(store);
		const compliant = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 300000 };
		seedQueues(store, { count: 10_000, compliantWith: compliant, compliantCount: 2500 });
		expect(store.queues.size).toBe(10_000);
		const queues = [...store.queues.values()];
		expect(queues.filter((q) => q.acwSettings.wrapupPrompt === 'MANDATORY_TIMEOUT' && q.acwSettings.timeoutMs === 300000)).toHaveLength(2500);
		expect(new Set(queues.map((q) => q.acwSettings.wrapupPrompt)).size).toBe(5);

		const ctx = { params: {}, query: { pageSize: '100', pageNumber: '10', name: 'Support*' }, body: undefined, clientId: 'c', store, now: Date.now, baseUrl: 'http://x' } as RouteContext;
		const res: any = queueHandlers.getRoutingQueues(ctx);
		expect(res.body.entities.length).toBeGreaterThan(0);
	});
});
