import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildAcwSettings, parseAcwTimeoutSeconds, requirePrompt } from '../../shared/acw/acwSettings';
import type { AcwSettings } from '../../shared/genesysTypes';
import { requireInteger } from '../../shared/validation/numbers';
import { requireGenesysId } from '../../shared/validation/ids';

export type PolicyScope =
	| { kind: 'all' }
	| { kind: 'divisions'; divisionIds: string[] }
	| { kind: 'namePattern'; pattern: string }
	| { kind: 'list'; queueIds: string[] };

export type OrgSwitchName = 'communicationBasedACW' | 'completeAcwWhenAgentTransitionsOffline';
export const ORG_SWITCHES: OrgSwitchName[] = ['communicationBasedACW', 'completeAcwWhenAgentTransitionsOffline'];

export interface AcwPolicy {
	acwSettings: AcwSettings;
	scope: PolicyScope;
	exclude: Set<string>;
	orgSwitches: Partial<Record<OrgSwitchName, boolean>>;
	dryRun: boolean;
	/** verify each written queue with a separate GET instead of the PUT's answer */
	verifyWithRead: boolean;
	concurrency: number;
	output: 'perQueue' | 'summary';
}

function idList(ctx: IExecuteFunctions, parameter: string, field: string, itemIndex: number): string[] {
	const raw = ctx.getNodeParameter(parameter, itemIndex, []) as unknown;
	const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : raw === undefined || raw === null ? [] : [raw];
	return values
		.map((value) => (typeof value === 'string' ? value.trim() : value))
		.filter((value) => value !== '')
		.map((value) => requireGenesysId(ctx.getNode(), value, field, itemIndex));
}

/** Every parameter checked before the first request: a bad policy writes nothing anywhere. */
export function readPolicy(ctx: IExecuteFunctions, itemIndex: number): AcwPolicy {
	const node = ctx.getNode();
	const prompt = requirePrompt(node, ctx.getNodeParameter('wrapupPrompt', itemIndex), itemIndex);
	const timeoutSeconds = parseAcwTimeoutSeconds(node, ctx.getNodeParameter('acwTimeoutSeconds', itemIndex, ''), itemIndex);
	const acwSettings = buildAcwSettings(node, prompt, timeoutSeconds, itemIndex);

	const scopeKind = ctx.getNodeParameter('scope', itemIndex, 'all') as string;
	let scope: PolicyScope;
	if (scopeKind === 'all') {
		scope = { kind: 'all' };
	} else if (scopeKind === 'divisions') {
		const divisionIds = idList(ctx, 'divisionIds', 'Division ID', itemIndex);
		if (!divisionIds.length) throw new NodeOperationError(node, 'Choose at least one division for the "Queues in Divisions" scope', { itemIndex });
		scope = { kind: 'divisions', divisionIds };
	} else if (scopeKind === 'namePattern') {
		const pattern = String(ctx.getNodeParameter('namePattern', itemIndex, '') ?? '').trim();
		if (!pattern || pattern.replace(/\*/g, '') === '') {
			throw new NodeOperationError(node, 'Name Pattern is empty; give part of a queue name, with * as a wildcard', { itemIndex });
		}
		if (pattern.length > 200) throw new NodeOperationError(node, 'Name Pattern is longer than 200 characters', { itemIndex });
		scope = { kind: 'namePattern', pattern };
	} else if (scopeKind === 'list') {
		const queueIds = idList(ctx, 'queueIds', 'Queue ID', itemIndex);
		if (!queueIds.length) throw new NodeOperationError(node, 'Choose at least one queue for the "A List of Queues" scope', { itemIndex });
		scope = { kind: 'list', queueIds };
	} else {
		throw new NodeOperationError(node, `Scope must be all, divisions, namePattern or list, got "${scopeKind}"`, { itemIndex });
	}

	const switches = ctx.getNodeParameter('orgSwitches', itemIndex, {}) as Record<string, unknown>;
	const orgSwitches: AcwPolicy['orgSwitches'] = {};
	for (const name of ORG_SWITCHES) {
		if (switches[name] === undefined) continue;
		if (typeof switches[name] !== 'boolean') {
			throw new NodeOperationError(node, `Org-Wide Switches: ${name} must be true or false`, { itemIndex });
		}
		orgSwitches[name] = switches[name] as boolean;
	}

	const options = ctx.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const concurrency = requireInteger(node, options.concurrency ?? 8, { field: 'Max Parallel Queues', min: 1, max: 20 }, itemIndex);
	return {
		acwSettings,
		scope,
		exclude: new Set(idList(ctx, 'excludeQueueIds', 'Excluded queue ID', itemIndex)),
		orgSwitches,
		dryRun: options.dryRun === true,
		verifyWithRead: options.verifyWithRead === true,
		concurrency,
		output: options.output === 'summary' ? 'summary' : 'perQueue',
	};
}
