import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallScope } from '../../shared/execution/callScope';
import { readFailedAfterWrite, retriedWrite } from '../../shared/execution/retriedWrite';
import { writeFromFreshRead } from '../../shared/execution/writeFromFreshRead';
import { genesysApiRequest } from '../../shared/transport/genesysApiRequest';
import type { AcwPolicy, OrgSwitchName } from './readPolicy';

const SETTINGS_PATH = '/api/v2/conversations/settings';

function pick(settings: IDataObject, names: OrgSwitchName[]): IDataObject {
	return Object.fromEntries(names.map((name) => [name, settings[name] ?? null]));
}

/**
 * The PATCH carries the whole settings object as read, so a blind resend could undo another
 * writer's change made in between: after a failure worth it, the settings are read again and the
 * PATCH is planned from that read (nothing is sent if they already hold the user's values).
 */
async function patchFromFreshRead(scope: CallScope, policy: AcwPolicy, first: IDataObject, read: () => Promise<IDataObject>) {
	const node = scope.ctx.getNode();
	const names = Object.keys(policy.orgSwitches) as OrgSwitchName[];
	await writeFromFreshRead<IDataObject, IDataObject, unknown>(first, {
		plan: (settings) =>
			names.some((name) => settings[name] !== policy.orgSwitches[name]) ? { kind: 'write', write: { ...settings, ...policy.orgSwitches } } : { kind: 'noWrite' },
		send: async (body) =>
			await genesysApiRequest.call(scope.ctx, {
				method: 'PATCH',
				path: SETTINGS_PATH,
				body,
				safeToRepeat: false,
				itemIndex: scope.itemIndex,
				callCounter: scope.counter,
			}),
		read: async (patchError) => {
			try {
				return await read();
			} catch (readError) {
				const sent = `PATCH setting ${JSON.stringify(policy.orgSwitches)}`;
				throw readFailedAfterWrite(scope, patchError, readError, { sent, rereads: 'the switches', also: 'No queue was written.' }, (readFailure) =>
					new NodeOperationError(node, `A PATCH of the org-wide switches failed and may have been applied; reading them again failed too (${readFailure.message})`, {
						itemIndex: scope.itemIndex,
						description: `${sent}: ${(patchError as Error).message}. No queue was written.`,
					}),
				);
			}
		},
		...retriedWrite(scope, 'the switches'),
	});
}

/**
 * The org-level switches that really exist (GET/PATCH /api/v2/conversations/settings): compare
 * only the ones the user set, and PATCH the whole object as read with those overridden.
 */
export async function applyOrgSwitches(scope: CallScope, policy: AcwPolicy): Promise<IDataObject | undefined> {
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
	if (policy.dryRun) {
		// a dry run speaks of `current` and `wouldSetTo` only
		const now = pick(current, names);
		return { type: 'orgSettings', current: now, wouldSetTo: differs ? policy.orgSwitches : now, outcome: differs ? 'wouldChange' : 'unchanged' };
	}
	const base = { type: 'orgSettings', before: pick(current, names) };
	if (!differs) return { ...base, after: pick(current, names), outcome: 'unchanged' };
	await patchFromFreshRead(scope, policy, current, read);
	// The PATCH answers with no body: read back, and compare with the target as queues are compared.
	const after = await read();
	const notApplied = names.filter((name) => after[name] !== policy.orgSwitches[name]);
	if (notApplied.length) {
		throw new NodeOperationError(scope.ctx.getNode(), `The org-wide switches read back other values than were written: ${notApplied.join(', ')}`, {
			itemIndex: scope.itemIndex,
			description: `Written ${JSON.stringify(policy.orgSwitches)}, read back ${JSON.stringify(pick(after, names))} (before: ${JSON.stringify(base.before)}). Another writer may have changed them at the same time, or Genesys Cloud did not apply the change. No queue was written.`,
		});
	}
	return { ...base, after: pick(after, names), outcome: 'changed' };
}
