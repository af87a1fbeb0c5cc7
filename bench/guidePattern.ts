/**
 * The guides' pattern (the seed scripts in /work/shared/seeds/): fetch a token once, then one item at a
 * time, each call awaited before the next: GET, compare, write, GET to verify. It makes the same calls
 * the nodes make (including End ACW's one wrap-up-code lookup per queue), so the comparison measures
 * the execution pattern, not a difference in work. No pacing, no retries: the guides have neither.
 */
import axios, { type AxiosInstance } from 'axios';
import type { IDataObject } from 'n8n-workflow';

import type { WorkloadName } from './scenarios';

export interface GuideResult {
	items: number;
	outcomes: Record<string, number>;
	failed: number;
	errors: string[];
}

const MEDIA_KEYS = ['calls', 'callbacks', 'chats', 'emails', 'messages'];

async function connect(baseUrl: string, clientId: string, clientSecret: string): Promise<AxiosInstance> {
	const token = await axios.post(
		`${baseUrl}/oauth/token`,
		new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
		{ auth: { username: clientId, password: clientSecret }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
	);
	return axios.create({
		baseURL: baseUrl,
		headers: { Authorization: `Bearer ${token.data.access_token as string}`, 'Content-Type': 'application/json' },
	});
}

class Tally implements GuideResult {
	items = 0;
	outcomes: Record<string, number> = {};
	failed = 0;
	errors: string[] = [];

	async item(work: () => Promise<string>) {
		this.items++;
		try {
			const outcome = await work();
			this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
		} catch (error) {
			this.failed++;
			const e = error as { response?: { status: number; data?: { message?: string } }; message: string };
			if (this.errors.length < 5) this.errors.push(e.response ? `${e.response.status} ${e.response.data?.message ?? ''}` : e.message);
		}
	}
}

async function endAcw(api: AxiosInstance, items: IDataObject[], tally: Tally) {
	const codesByQueue = new Map<string, Array<{ id: string }>>();
	for (const item of items) {
		await tally.item(async () => {
			const path = `/api/v2/conversations/${item.conversationId as string}`;
			const conversation = (await api.get(path)).data;
			const agent = [...conversation.participants].reverse().find((p: IDataObject) => p.purpose === 'agent');
			const media = MEDIA_KEYS.find((key) => Array.isArray(agent?.[key]));
			const communication = media ? agent[media].at(-1) : undefined;
			if (agent.wrapup || agent.wrapupSkipped || agent.endAcwTime) return 'already-wrapped-up';
			if (communication?.state !== 'disconnected') return 'not-in-acw';
			let codes = codesByQueue.get(agent.queueId);
			if (!codes) {
				codes = (await api.get(`${path}/participants/${agent.id as string}/wrapupcodes`)).data as Array<{ id: string }>;
				codesByQueue.set(agent.queueId, codes);
			}
			if (!codes.some((code) => code.id === item.code)) throw new Error('code not valid for the queue');
			await api.post(`/api/v2/conversations/${media}/${item.conversationId as string}/participants/${agent.id as string}/communications/${communication.id as string}/wrapup`, {
				code: item.code,
				notes: 'CRM Integration - Case Saved Successfully',
				tags: ['crm', 'case-saved'],
			});
			const after = (await api.get(path)).data;
			const verified = after.participants.find((p: IDataObject) => p.id === agent.id);
			if ((verified?.wrapup as IDataObject | undefined)?.code !== item.code) throw new Error('read-back does not show the wrap-up');
			return 'wrapped-up';
		});
	}
}

async function setAcwPolicy(api: AxiosInstance, policy: { wrapupPrompt: string; timeoutMs: number }, tally: Tally) {
	const queues: IDataObject[] = [];
	for (let pageNumber = 1; ; pageNumber++) {
		const page = (await api.get('/api/v2/routing/queues', { params: { pageSize: 100, pageNumber } })).data;
		queues.push(...(page.entities ?? []));
		if (!page.entities?.length || pageNumber >= (page.pageCount ?? pageNumber)) break;
	}
	const same = (acw: IDataObject | undefined) => acw?.wrapupPrompt === policy.wrapupPrompt && acw?.timeoutMs === policy.timeoutMs;
	for (const listed of queues) {
		await tally.item(async () => {
			if (same(listed.acwSettings as IDataObject)) return 'unchanged';
			const path = `/api/v2/routing/queues/${listed.id as string}`;
			const queue = (await api.get(path)).data;
			if (same(queue.acwSettings)) return 'unchanged';
			// as any client must (API-NOTES §8.1): rule 1 of conditional group routing goes back without its queue
			const rules = queue.conditionalGroupRouting?.rules;
			if (rules?.length) rules[0] = Object.fromEntries(Object.entries(rules[0]).filter(([key]) => key !== 'queue'));
			await api.put(path, { ...queue, acwSettings: { ...policy } });
			const after = (await api.get(path)).data;
			if (!same(after.acwSettings)) throw new Error('read-back shows other ACW settings');
			return 'changed';
		});
	}
}

async function updateDataActionTimeout(api: AxiosInstance, items: IDataObject[], tally: Tally) {
	for (const item of items) {
		await tally.item(async () => {
			const path = `/api/v2/integrations/actions/${item.id as string}`;
			const action = (await api.get(path, { params: { includeConfig: true } })).data;
			if (action.config?.timeoutSeconds === item.timeout) return 'unchanged';
			await api.patch(path, {
				version: action.version,
				name: action.name,
				category: action.category,
				config: { ...action.config, timeoutSeconds: item.timeout },
			});
			const after = (await api.get(path, { params: { includeConfig: true } })).data;
			if (after.config?.timeoutSeconds !== item.timeout) throw new Error('read-back shows another timeout');
			return 'changed';
		});
	}
}

export async function runGuidePattern(
	workload: WorkloadName,
	baseUrl: string,
	items: IDataObject[],
	client: { clientId: string; clientSecret: string },
	policy: { wrapupPrompt: string; timeoutMs: number },
): Promise<GuideResult> {
	const api = await connect(baseUrl, client.clientId, client.clientSecret);
	const tally = new Tally();
	if (workload === 'endAcw') await endAcw(api, items, tally);
	else if (workload === 'setAcwPolicy') await setAcwPolicy(api, policy, tally);
	else await updateDataActionTimeout(api, items, tally);
	return { items: tally.items, outcomes: tally.outcomes, failed: tally.failed, errors: tally.errors };
}
