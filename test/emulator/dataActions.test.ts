/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Data-action resource of the emulator (API-NOTES §3): listing, filters, PATCH rules and the draft lifecycle.
 * Every response is also checked against the spec by the emulator itself (responseValidationErrors stays empty).
 */
import axios, { AxiosInstance } from 'axios';
import { startEmulator, Emulator, DEFAULT_CLIENT } from './server';
import { DATA_ACTION_IDS, INTEGRATIONS, seedDataActions } from './fixtures/dataActions';

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

		it('rejects a timeout on custom-auth actions, and any write to static actions', async () => {
			const auth = emu.store.actions.get(DATA_ACTION_IDS.customAuth)!;
			expect(auth.id).toBe(`customAuth_-_${INTEGRATIONS.acmeOAuth.id}`);
			const a = await api.patch(`${ACTIONS}/${auth.id}`, patchBody(auth, 10));
			expect(a.status).toBe(400);
			expect(a.data.message).toContain('This setting is invalid for Custom Authentication Actions');
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
	describe('audit §8: templates, integrations, function settings', () => {
		const text = { responseType: 'text' as const, transformResponse: (body: string) => body };

		it('[fidelity] an action stored with template files shows only the URIs, and serves each template as raw text/plain', async () => {
			const id = DATA_ACTION_IDS.createCase;
			const got = await api.get(`${ACTIONS}/${id}`, { params: { includeConfig: true } });
			expect(got.data.config.request.requestTemplate).toBeUndefined();
			expect(got.data.config.response.successTemplate).toBeUndefined();
			expect(got.data.config.request.requestTemplateUri).toBe(`${ACTIONS}/${id}/templates/requesttemplate.vm`);
			expect(got.data.config.response.successTemplateUri).toBe(`${ACTIONS}/${id}/templates/successtemplate.vm`);
			const request = await api.get(`${ACTIONS}/${id}/templates/requesttemplate.vm`, text);
			expect(request.status).toBe(200);
			expect(request.headers['content-type']).toMatch(/^text\/plain/);
			expect(request.data).toBe('{"subject": "${input.subject}", "priority": "normal"}');
			const success = await api.get(`${ACTIONS}/${id}/templates/successtemplate.vm`, text);
			expect(success.data).toBe('{"caseId": ${caseId}}');
			expect((await api.get(`${ACTIONS}/${id}/templates/other.vm`)).status).toBe(404);
			// inline actions serve their templates at the same endpoint
			const inline = await api.get(`${ACTIONS}/${DATA_ACTION_IDS.crmLookup}/templates/requesttemplate.vm`, text);
			expect(inline.data).toBe('${input.rawRequest}');
		});

		it('[fidelity] a PATCH that sends the config as read (URIs, no text) resets both templates to the default', async () => {
			const id = DATA_ACTION_IDS.createCase;
			const got = (await api.get(`${ACTIONS}/${id}`, { params: { includeConfig: true } })).data;
			const patched = await api.patch(`${ACTIONS}/${id}`, { version: got.version, name: got.name, category: got.category, config: { ...got.config, timeoutSeconds: 9 } });
			expect(patched.status).toBe(200);
			expect(emu.store.actions.get(id)!.config.request.requestTemplate).toBe('${input.rawRequest}');
			expect(emu.store.actions.get(id)!.config.response.successTemplate).toBe('${rawResult}');
			expect((await api.get(`${ACTIONS}/${id}/templates/requesttemplate.vm`, text)).data).toBe('${input.rawRequest}');
		});

		it('[fidelity] a PATCH with the templates inline keeps them; its answer carries the stored config and timeout', async () => {
			const id = DATA_ACTION_IDS.createCase;
			const before = structuredClone(emu.store.actions.get(id)!);
			const got = (await api.get(`${ACTIONS}/${id}`, { params: { includeConfig: true } })).data;
			const requestTemplate = (await api.get(`${ACTIONS}/${id}/templates/requesttemplate.vm`, text)).data;
			const successTemplate = (await api.get(`${ACTIONS}/${id}/templates/successtemplate.vm`, text)).data;
			const request = { ...got.config.request };
			delete request.requestTemplateUri;
			const response = { ...got.config.response };
			delete response.successTemplateUri;
			const config = { ...got.config, timeoutSeconds: 9, request: { ...request, requestTemplate }, response: { ...response, successTemplate } };
			const patched = await api.patch(`${ACTIONS}/${id}`, { version: got.version, name: got.name, category: got.category, config });
			expect(patched.status).toBe(200);
			expect(patched.data).toMatchObject({ version: before.version + 1, config: { timeoutSeconds: 9 } });
			expect(emu.store.actions.get(id)!.config).toEqual({ ...before.config, timeoutSeconds: 9 });
		});

		it('[fidelity] a draft of a file-stored action serves its templates under …/draft/templates and resets them the same way', async () => {
			const id = DATA_ACTION_IDS.createCase;
			expect((await api.get(`${ACTIONS}/${id}/draft/templates/requesttemplate.vm`)).status).toBe(404);
			const created = await api.post(`${ACTIONS}/${id}/draft`);
			expect(created.data.config.request.requestTemplateUri).toBe(`${ACTIONS}/${id}/draft/templates/requesttemplate.vm`);
			expect(created.data.config.request.requestTemplate).toBeUndefined();
			const draftText = await api.get(`${ACTIONS}/${id}/draft/templates/successtemplate.vm`, text);
			expect(draftText.data).toBe('{"caseId": ${caseId}}');
			await api.patch(`${ACTIONS}/${id}/draft`, { version: 1, config: { ...created.data.config, timeoutSeconds: 7 } });
			expect(emu.store.actionDrafts.get(id)!.config.request.requestTemplate).toBe('${input.rawRequest}');
			// the published action is untouched
			expect(emu.store.actions.get(id)!.config.request.requestTemplate).toContain('"priority": "normal"');
		});

		it('[fidelity] GET /api/v2/integrations/{id} tells the integration type; unknown ids are 404', async () => {
			const fn = await api.get(`/api/v2/integrations/${INTEGRATIONS.functions.id}`);
			expect(fn.status).toBe(200);
			expect(fn.data).toMatchObject({ id: INTEGRATIONS.functions.id, integrationType: { id: 'function-data-actions' }, intendedState: 'ENABLED' });
			const ws = await api.get(`/api/v2/integrations/${INTEGRATIONS.webServices.id}`);
			expect(ws.data.integrationType.id).toBe('custom-rest-actions');
			const unknown = await api.get('/api/v2/integrations/dataactions');
			expect(unknown.status).toBe(404);
			expect(unknown.data.message).toBe('Integration dataactions not found');
		});

		it('[fidelity] function settings: published and draft FunctionConfig; 404 for other actions; the action timeout is writable', async () => {
			const id = DATA_ACTION_IDS.calculateLoyalty;
			const published = await api.get(`${ACTIONS}/${id}/function`);
			expect(published.status).toBe(200);
			expect(published.data.function).toMatchObject({ timeoutSeconds: 8, runtime: 'nodejs22.x', handler: 'src/index.handler' });
			expect((await api.get(`${ACTIONS}/${DATA_ACTION_IDS.calculateLeadScore}/function`)).data.function.timeoutSeconds).toBeUndefined();
			expect((await api.get(`${ACTIONS}/${id}/draft/function`)).status).toBe(404);
			await api.post(`${ACTIONS}/${id}/draft`);
			expect((await api.get(`${ACTIONS}/${id}/draft/function`)).data.function.timeoutSeconds).toBe(8);
			expect((await api.get(`${ACTIONS}/${DATA_ACTION_IDS.crmLookup}/function`)).status).toBe(404);
			// §8.4: config.timeoutSeconds is a separate field, and Terraform PATCHes it for function actions too
			const fn = emu.store.actions.get(id)!;
			const patched = await api.patch(`${ACTIONS}/${id}`, { version: fn.version, name: fn.name, category: fn.category, config: { ...fn.config, timeoutSeconds: 10 } });
			expect(patched.status).toBe(200);
			expect(emu.store.actions.get(id)!.config.timeoutSeconds).toBe(10);
		});
	});
});
