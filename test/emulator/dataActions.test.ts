/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Data-action resource of the emulator (API-NOTES §3): listing, filters, PATCH rules and the draft lifecycle.
 * Every response is also checked against the spec by the emulator itself (responseValidationErrors stays empty).
 */
import axios, { AxiosInstance } from 'axios';
import { startEmulator, Emulator, DEFAULT_CLIENT } from './server';
import { DATA_ACTION_IDS, seedDataActions } from './fixtures/dataActions';

const ACTIONS = '/api/v2/integrations/actions';

async function apiClient(emu: Emulator): Promise<AxiosInstance> {
	const auth = Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64');
	const tok = await axios.post(`${emu.url}/oauth/token`, 'grant_type=client_credentials', {
		headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
	});
	return axios.create({
		baseURL: emu.url,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${tok.data.access_token}` },
	});
}

describe('emulator data actions', () => {
	let emu: Emulator;
	let api: AxiosInstance;

	// A fresh org per test: PATCHes and drafts change the store.
	beforeEach(async () => {
		emu = await startEmulator({ seed: (s) => seedDataActions(s, { count: 50 }), rateLimitPerMinute: 0 });
		api = await apiClient(emu);
	});
	afterEach(async () => {
		expect(emu.responseValidationErrors).toEqual([]);
		await emu.close();
	});

	describe('listing', () => {
		it('pages through every action with Genesys paging fields', async () => {
			const total = emu.store.actions.size - 1; // the custom-auth action is hidden by default
			const seen: string[] = [];
			let page = await api.get(ACTIONS, { params: { pageSize: 25 } });
			expect(page.data).toMatchObject({ pageSize: 25, pageNumber: 1, total, pageCount: Math.ceil(total / 25) });
			expect(page.data.firstUri).toBe(`${ACTIONS}?pageSize=25&pageNumber=1`);
			while (true) {
				expect(page.status).toBe(200);
				seen.push(...page.data.entities.map((a: any) => a.id));
				if (!page.data.nextUri) break;
				page = await api.get(page.data.nextUri); // relative uri, as Genesys returns it
			}
			expect(new Set(seen).size).toBe(total);
			expect(page.data.previousUri).toBeDefined();
			expect(page.data.entities[0].config).toBeUndefined(); // config only with includeConfig=true
		});

		it('rejects pageSize above 500', async () => {
			const res = await api.get(ACTIONS, { params: { pageSize: 501 } });
			expect(res.status).toBe(400);
			expect(res.data.message).toContain('pageSize');
		});

		it('filters by partial, case-insensitive name and by category', async () => {
			const res = await api.get(ACTIONS, { params: { name: 'get customer' } });
			expect(res.data.entities.map((a: any) => a.name)).toEqual([
				'Get Customer',
				'Get Customer (Legacy)',
				'Get Customer By Phone',
			]);
			const same = await api.get(ACTIONS, { params: { name: 'Lookup Account' } });
			expect(same.data.entities.map((a: any) => a.category).sort()).toEqual(['CRM', 'Salesforce']);
			const crm = await api.get(ACTIONS, { params: { name: 'Lookup Account', category: 'CRM' } });
			expect(crm.data.entities.map((a: any) => a.id)).toEqual([DATA_ACTION_IDS.lookupAccountCrm]);
		});

		it('filters by ids, secure and auth actions, includes config on request, sorts', async () => {
			const ids = [DATA_ACTION_IDS.crmLookup, DATA_ACTION_IDS.createTicket].join(',');
			const byIds = await api.get(ACTIONS, { params: { ids, includeConfig: true } });
			expect(byIds.data.total).toBe(2);
			expect(byIds.data.entities.find((a: any) => a.name === 'CRM Lookup').config.timeoutSeconds).toBe(3);
			const secure = await api.get(ACTIONS, { params: { secure: 'true' } });
			expect(secure.data.entities.map((a: any) => a.name)).toEqual(['Create Ticket']);
			const withAuth = await api.get(ACTIONS, { params: { includeAuthActions: 'true', name: 'Custom Auth' } });
			expect(withAuth.data.entities.map((a: any) => a.id)).toEqual([DATA_ACTION_IDS.customAuth]);
			const desc = await api.get(ACTIONS, { params: { sortBy: 'name', sortOrder: 'DESC', pageSize: 1 } });
			expect(desc.data.entities[0].name).toBe('Lookup Account');
		});

		it('gets one action with config and contract only when asked', async () => {
			const plain = await api.get(`${ACTIONS}/${DATA_ACTION_IDS.crmLookup}`);
			expect(plain.data).toMatchObject({ name: 'CRM Lookup', version: 4 });
			expect(plain.data.config).toBeUndefined();
			expect(plain.data.contract).toBeUndefined();
			const full = await api.get(`${ACTIONS}/${DATA_ACTION_IDS.crmLookup}`, {
				params: { includeConfig: true, expand: 'contract' },
			});
			expect(full.data.config.timeoutSeconds).toBe(3);
			expect(full.data.config.request.requestUrlTemplate).toContain('crm.example.com');
			expect(full.data.contract.input.inputSchema.type).toBe('object');
			const flat = await api.get(`${ACTIONS}/${DATA_ACTION_IDS.crmLookup}`, {
				params: { expand: 'contract', flatten: true },
			});
			expect(flat.data.contract.input.inputSchemaFlattened).toBeDefined();
			expect((await api.get(`${ACTIONS}/custom_-_nope`)).status).toBe(404);
		});
	});

	describe('PATCH', () => {
		const patchBody = (action: any, timeoutSeconds: number, version = action.version) => ({
			version,
			name: action.name,
			category: action.category,
			config: { ...action.config, timeoutSeconds },
		});

		it('updates the timeout, bumps the version and returns the Action', async () => {
			const action = emu.store.actions.get(DATA_ACTION_IDS.crmLookup)!;
			const res = await api.patch(`${ACTIONS}/${action.id}`, patchBody(action, 10));
			expect(res.status).toBe(200);
			expect(res.data).toMatchObject({ id: action.id, version: 5, config: { timeoutSeconds: 10 } });
			expect(res.data.config.request.requestUrlTemplate).toContain('crm.example.com');
		});

		it('answers 409 for a stale version, or 400 "does not match" when configured', async () => {
			const action = structuredClone(emu.store.actions.get(DATA_ACTION_IDS.crmLookup)!);
			const stale = await api.patch(`${ACTIONS}/${action.id}`, patchBody(action, 10, 3));
			expect(stale.status).toBe(409);
			expect(stale.data.message).toBe('Version 3 does not match the current version 4');
			emu.store.behaviour.staleVersionStatus = 400;
			const stale400 = await api.patch(`${ACTIONS}/${action.id}`, patchBody(action, 10, 3));
			expect(stale400.status).toBe(400);
			expect(stale400.data.message).toContain('does not match the current version');
			expect(emu.store.actions.get(action.id)!.version).toBe(4);
		});

		it.each([0, 61, 120])('rejects timeoutSeconds %d with a 400 naming the 1-60 range', async (t) => {
			const action = emu.store.actions.get(DATA_ACTION_IDS.crmLookup)!;
			const res = await api.patch(`${ACTIONS}/${action.id}`, patchBody(action, t));
			expect(res.status).toBe(400);
			expect(res.data.message).toMatch(/between 1 and 60/);
		});

		it('rejects a timeout on custom-auth and function actions, and any write to static actions', async () => {
			const auth = emu.store.actions.get(DATA_ACTION_IDS.customAuth)!;
			const a = await api.patch(`${ACTIONS}/${auth.id}`, patchBody(auth, 10));
			expect(a.status).toBe(400);
			expect(a.data.message).toContain('This setting is invalid for Custom Authentication Actions');
			const fn = emu.store.actions.get(DATA_ACTION_IDS.calculateLoyalty)!;
			const f = await api.patch(`${ACTIONS}/${fn.id}`, patchBody(fn, 10));
			expect(f.status).toBe(400);
			expect(f.data.message).toContain('function settings');
			const st = emu.store.actions.get(DATA_ACTION_IDS.staticGetUser)!;
			const s = await api.patch(`${ACTIONS}/${st.id}`, patchBody(st, 10));
			expect(s.status).toBe(400);
			expect(s.data.message).toContain('cannot be updated');
		});

		it('replaces config as sent (a partial config loses its request and is refused)', async () => {
			const action = emu.store.actions.get(DATA_ACTION_IDS.crmLookup)!;
			const res = await api.patch(`${ACTIONS}/${action.id}`, { version: 4, config: { timeoutSeconds: 10 } });
			expect(res.status).toBe(400);
			expect(res.data.message).toContain('requestUrlTemplate');
		});
	});

	describe('drafts', () => {
		it('runs create -> patch -> validate -> publish', async () => {
			const id = DATA_ACTION_IDS.crmLookup;
			const created = await api.post(`${ACTIONS}/${id}/draft`);
			expect(created.status).toBe(200);
			expect(created.data).toMatchObject({ id, version: 1, config: { timeoutSeconds: 3 } });
			expect((await api.post(`${ACTIONS}/${id}/draft`)).status).toBe(409);

			const draft = created.data;
			const bad = await api.patch(`${ACTIONS}/${id}/draft`, { version: 1, config: { ...draft.config, timeoutSeconds: 99 } });
			expect(bad.status).toBe(400);
			const patched = await api.patch(`${ACTIONS}/${id}/draft`, { version: 1, config: { ...draft.config, timeoutSeconds: 20 } });
			expect(patched.data).toMatchObject({ version: 2, config: { timeoutSeconds: 20 } });
			expect((await api.patch(`${ACTIONS}/${id}/draft`, { version: 1, name: 'x' })).status).toBe(409);

			const valid = await api.get(`${ACTIONS}/${id}/draft/validation`);
			expect(valid.data).toEqual({ valid: true, errors: [] });
			const drafts = await api.get(`${ACTIONS}/drafts`);
			expect(drafts.data.entities.map((d: any) => d.id)).toEqual([id]);

			expect((await api.post(`${ACTIONS}/${id}/draft/publish`, { version: 1 })).status).toBe(409);
			const published = await api.post(`${ACTIONS}/${id}/draft/publish`, { version: 2 });
			expect(published.status).toBe(200);
			expect(published.data).toMatchObject({ id, version: 5, config: { timeoutSeconds: 20 } });
			expect((await api.get(`${ACTIONS}/${id}/draft`)).status).toBe(404);
		});

		it('reports an invalid draft and refuses to publish it; delete removes it', async () => {
			const id = DATA_ACTION_IDS.getCustomer;
			await api.post(`${ACTIONS}/${id}/draft`);
			emu.store.actionDrafts.get(id)!.config.request.requestUrlTemplate = '';
			const validation = await api.get(`${ACTIONS}/${id}/draft/validation`);
			expect(validation.data.valid).toBe(false);
			expect(validation.data.errors[0]).toMatchObject({ code: 'bad.request', message: expect.stringContaining('requestUrlTemplate') });
			expect((await api.post(`${ACTIONS}/${id}/draft/publish`, { version: 1 })).status).toBe(400);
			expect((await api.delete(`${ACTIONS}/${id}/draft`)).status).toBe(204);
			expect((await api.get(`${ACTIONS}/${id}/draft`)).status).toBe(404);
		});
	});
});
