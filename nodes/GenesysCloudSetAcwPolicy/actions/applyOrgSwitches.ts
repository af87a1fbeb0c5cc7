import type { IDataObject } from 'n8n-workflow';

import type { QueueCallScope } from '../../shared/acw/queueApi';
import { genesysApiRequest } from '../../shared/transport/genesysApiRequest';
import type { AcwPolicy, OrgSwitchName } from './readPolicy';

const SETTINGS_PATH = '/api/v2/conversations/settings';

function pick(settings: IDataObject, names: OrgSwitchName[]): IDataObject {
	return Object.fromEntries(names.map((name) => [name, settings[name] ?? null]));
}

/**
 * The org-level switches that really exist (GET/PATCH /api/v2/conversations/settings): compare
 * only the ones the user set, and PATCH the whole object as read with those overridden.
 */
export async function applyOrgSwitches(scope: QueueCallScope, policy: AcwPolicy): Promise<IDataObject | undefined> {
	const names = Object.keys(policy.orgSwitches) as OrgSwitchName[];
	if (!names.length) return undefined;
	const read = async () =>
		(await genesysApiRequest.call(scope.ctx, {
			method: 'GET',
			path: SETTINGS_PATH,
			itemIndex: scope.itemIndex,
			callCounter: scope.counter,
		})) as IDataObject;
	const current = await read();
	const differs = names.some((name) => current[name] !== policy.orgSwitches[name]);
	const base = { type: 'orgSettings', before: pick(current, names) };
	if (!differs) return { ...base, after: pick(current, names), outcome: 'unchanged' };
	if (policy.dryRun) return { ...base, after: pick(current, names), wouldSetTo: policy.orgSwitches, outcome: 'wouldChange' };
	await genesysApiRequest.call(scope.ctx, {
		method: 'PATCH',
		path: SETTINGS_PATH,
		body: { ...current, ...policy.orgSwitches },
		// absolute values: sending them twice leaves the same state
		safeToRepeat: true,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	});
	const after = await read();
	return { ...base, after: pick(after, names), outcome: 'changed' };
}
