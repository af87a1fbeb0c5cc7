/**
 * The org each benchmark workload runs against, and the node parameters it runs with. Seeding uses
 * the emulator's own fixtures, so the bench exercises the same shapes the tests do.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { addConversation } from '../test/emulator/fixtures/conversations';
import { generateBulkActions, seedDataActions } from '../test/emulator/fixtures/dataActions';
import { seedRoutingOrg } from '../test/emulator/fixtures/routingOrg';
import { seedQueues } from '../test/emulator/fixtures/queues';
import { seedDivisions } from '../test/emulator/fixtures/divisions';
import { queueWrapupCodes } from '../test/emulator/resources/wrapupCodes';
import type { JsonObject, OrgStore } from '../test/emulator/types';

export type WorkloadName = 'endAcw' | 'setAcwPolicy' | 'updateDataActionTimeout';

/** The policy the Set ACW Policy workloads apply; no seeded queue has it unless asked. */
export const POLICY = { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120000 } as const;

export const POLICY_PARAMETERS: INodeParameters = {
	wrapupPrompt: POLICY.wrapupPrompt,
	acwTimeoutSeconds: String(POLICY.timeoutMs / 1000),
	scope: 'all',
	options: {},
};

export const END_ACW_PARAMETERS: INodeParameters = {
	conversationId: '={{ $json.conversationId }}',
	participant: 'owesWrapup',
	whenInAcw: 'applyWrapup',
	wrapupCode: { __rl: true, mode: 'id', value: '={{ $json.code }}' },
	notes: 'CRM Integration - Case Saved Successfully',
	tags: 'crm, case-saved',
	options: {},
};

export const DATA_ACTION_PARAMETERS: INodeParameters = {
	mode: 'published',
	dataAction: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
	timeoutSeconds: '={{ $json.timeout }}',
	options: {},
};

export const NODE_TYPES: Record<WorkloadName, string> = {
	endAcw: 'genesysCloudEndAcw',
	setAcwPolicy: 'genesysCloudSetAcwPolicy',
	updateDataActionTimeout: 'genesysCloudUpdateDataActionTimeout',
};

export interface Prepared {
	seed: (store: OrgStore) => void;
	/** filled in by seed(): the node's input items */
	items: () => IDataObject[];
	parameters: INodeParameters;
	/** after the run: how many targets are not in their desired state (read from the emulator's store) */
	notDone: (store: OrgStore) => number;
}

/** End ACW: `count` conversations with the agent in after-call work, over 6 queues. */
export function prepareEndAcw(count: number): Prepared {
	const items: IDataObject[] = [];
	const ids: string[] = [];
	return {
		parameters: END_ACW_PARAMETERS,
		items: () => items,
		seed: (store) => {
			const org = seedRoutingOrg(store, { queueCount: 6, conversations: false });
			for (let i = 0; i < count; i++) {
				const queueId = org.queues[i % org.queues.length].id;
				// a mandatory (untimed) prompt, so no ACW ends by itself during a 10-minute run
				const added = addConversation(store, { queueId, media: 'call', prompt: 'mandatory', state: 'inAcw' });
				ids.push(added.conversationId);
				items.push({ conversationId: added.conversationId, code: queueWrapupCodes(store, queueId)[0].id });
			}
		},
		notDone: (store) =>
			ids.filter((id) => {
				const agent = [...store.conversations.get(id)!.participants].reverse().find((p: JsonObject) => p.purpose === 'agent');
				return !agent?.wrapup;
			}).length,
	};
}

/** The nodes' options a workload runs with: verify from the write's answer (default) or with a separate read. */
export interface Variant {
	verifyWithRead?: boolean;
}

const withVariant = (parameters: INodeParameters, variant: Variant): INodeParameters =>
	variant.verifyWithRead ? { ...parameters, options: { ...(parameters.options as IDataObject), verifyWithRead: true } } : parameters;

/** Set ACW Policy: `count` queues, none compliant with POLICY. One input item (the policy). */
export function prepareSetAcwPolicy(count: number, compliantCount = 0, variant: Variant = {}): Prepared {
	return {
		parameters: withVariant(POLICY_PARAMETERS, variant),
		items: () => [{}],
		seed: (store) => {
			seedDivisions(store);
			seedQueues(store, { count, compliantWith: { ...POLICY }, compliantCount });
		},
		notDone: (store) =>
			[...store.queues.values()].filter(
				(q) => q.acwSettings?.wrapupPrompt !== POLICY.wrapupPrompt || q.acwSettings?.timeoutMs !== POLICY.timeoutMs,
			).length,
	};
}

/** Update Data Action Timeout: `count` custom actions, each moved to a timeout it does not have. */
export function prepareDataActions(count: number, variant: Variant = {}): Prepared {
	const items: IDataObject[] = [];
	return {
		parameters: withVariant(DATA_ACTION_PARAMETERS, variant),
		items: () => items,
		seed: (store) => {
			seedDataActions(store);
			for (const action of generateBulkActions(count)) {
				store.actions.set(action.id, action);
				const current = action.config.timeoutSeconds as number;
				items.push({ id: action.id, timeout: (current % 60) + 1 });
			}
		},
		notDone: (store) => items.filter((item) => store.actions.get(item.id as string)?.config.timeoutSeconds !== item.timeout).length,
	};
}

export function prepare(workload: WorkloadName, count: number, variant: Variant = {}): Prepared {
	switch (workload) {
		case 'endAcw':
			return prepareEndAcw(count);
		case 'setAcwPolicy':
			return prepareSetAcwPolicy(count, 0, variant);
		case 'updateDataActionTimeout':
			return prepareDataActions(count, variant);
	}
}
