import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { acwSatisfies, acwView } from '../../shared/acw/acwSettings';
import { applyQueueAcw } from '../../shared/acw/applyQueueAcw';
import type { CallScope } from '../../shared/execution/callScope';
import { asNodeError } from '../../shared/asNodeError';
import { errorOutput } from '../../shared/execution/runPerItem';
import { runIdOf } from '../../shared/execution/runId';
import { mapWithConcurrency } from '../../shared/execution/mapWithConcurrency';
import type { AcwSettings } from '../../shared/genesysTypes';
import { applyOrgSwitches } from './applyOrgSwitches';
import { throwIfAnyQueueFailed } from './policyFailure';
import { queuesInScope } from './queuesInScope';
import type { AcwPolicy } from './readPolicy';
import { readPolicy } from './readPolicy';

export type QueueOutcome = 'changed' | 'unchanged' | 'excluded' | 'failed' | 'wouldChange';

/** What is kept of each listed queue: enough to decide and report, not the whole body. */
interface QueueInScope {
	id: string;
	name: string;
	division: string | null;
	acwSettings?: AcwSettings;
}

function queueRecord(queue: QueueInScope, outcome: QueueOutcome, extra: IDataObject = {}, dryRun = false): IDataObject {
	const current = acwView(queue.acwSettings);
	return {
		type: 'queue',
		queueId: queue.id,
		queueName: queue.name,
		division: queue.division,
		outcome,
		// a dry run speaks of `current` and `wouldSetTo` only; a real run of `before` and `after`
		...(dryRun ? { current, wouldSetTo: current } : { before: current, after: current }),
		...extra,
	};
}

/** What an undo needs from a run: each changed queue's settings before and after. */
const changesOf = (records: IDataObject[]) =>
	records
		.filter((record) => record.outcome === 'changed')
		.map(({ queueId, queueName, before, after }) => ({ queueId, queueName, before, after }));

function summary(policy: AcwPolicy, records: IDataObject[], orgSettings: IDataObject | undefined, apiCalls: number): IDataObject {
	const count = (outcome: QueueOutcome) => records.filter((record) => record.outcome === outcome).length;
	return {
		type: 'summary',
		policy: acwView(policy.acwSettings),
		scope: policy.scope.kind,
		dryRun: policy.dryRun,
		considered: records.length,
		changed: count('changed'),
		unchanged: count('unchanged'),
		excluded: count('excluded'),
		failed: count('failed'),
		...(policy.dryRun ? { wouldChange: count('wouldChange') } : {}),
		failedQueueIds: records.filter((record) => record.outcome === 'failed').map((record) => record.queueId),
		failures: records
			.filter((record) => record.outcome === 'failed')
			.map((record) => ({ queueId: record.queueId, queueName: record.queueName, reason: record.reason })),
		...(orgSettings ? { orgSettings } : {}),
		changes: changesOf(records),
		apiCalls,
	};
}

/**
 * One policy run: list the queues in scope, compare each queue's acwSettings from the listing,
 * and write only those that differ (read fresh, PUT as read with acwSettings replaced, verify),
 * several at a time. A queue that fails does not stop the others; once all are done, failures
 * fail the node (listing what was applied), or, with Continue On Fail, stay on their own records.
 */
export async function applyPolicy(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const policy = readPolicy(ctx, itemIndex);
	const scope: CallScope = { ctx, itemIndex, counter: { calls: 0 } };
	const orgSettings = await applyOrgSwitches(scope, policy);

	const records: IDataObject[] = [];
	const toWrite: Array<{ index: number; queue: QueueInScope }> = [];
	try {
		for await (const page of queuesInScope(scope, policy.scope)) {
			for (const listed of page) {
				const queue: QueueInScope = {
					id: listed.id,
					name: listed.name,
					division: listed.division?.name ?? null,
					acwSettings: listed.acwSettings,
				};
				if (policy.exclude.has(queue.id)) {
					records.push(queueRecord(queue, 'excluded', { reason: 'in Queues to Exclude' }, policy.dryRun));
				} else if (acwSatisfies(queue.acwSettings, policy.acwSettings)) {
					records.push(queueRecord(queue, 'unchanged', {}, policy.dryRun));
				} else if (policy.dryRun) {
					records.push(queueRecord(queue, 'wouldChange', { wouldSetTo: acwView(policy.acwSettings) }, true));
				} else {
					toWrite.push({ index: records.length, queue });
					records.push(queueRecord(queue, 'failed', { reason: 'not attempted' }));
				}
			}
		}
	} catch (error) {
		const failed = asNodeError(ctx.getNode(), error, itemIndex);
		if (orgSettings?.outcome === 'changed') {
			failed.description = `${failed.description ?? ''} The org-wide switches had already been changed: ${JSON.stringify(orgSettings.before)} → ${JSON.stringify(orgSettings.after)}. No queue was written.`.trim();
		}
		throw failed;
	}

	if (policy.scope.kind === 'list') {
		// A listed ID that Genesys did not return is reported, not silently dropped.
		const seen = new Set(records.map((record) => record.queueId));
		for (const id of policy.scope.queueIds.filter((queueId) => !seen.has(queueId))) {
			records.push({ type: 'queue', queueId: id, queueName: null, division: null, outcome: 'failed', reason: `Queue ${id} was not found in Genesys Cloud` });
		}
	}

	await mapWithConcurrency(toWrite.length, policy.concurrency, async (position) => {
		const { index, queue } = toWrite[position];
		try {
			const result = await applyQueueAcw(scope, queue.id, () => policy.acwSettings, { dryRun: false, verifyWithRead: policy.verifyWithRead });
			records[index] = queueRecord(queue, result.changed ? 'changed' : 'unchanged', {
				before: result.before,
				after: result.after,
			});
		} catch (error) {
			const { error: reason, ...details } = errorOutput(asNodeError(ctx.getNode(), error, itemIndex));
			records[index] = queueRecord(queue, 'failed', { reason, ...details });
		}
	});

	// A queue the policy did not reach fails the node unless the user chose Continue On Fail: a
	// nightly run must not end green with queues left as they were.
	if (!ctx.continueOnFail()) throwIfAnyQueueFailed(ctx, itemIndex, records, orgSettings);
	const runId = runIdOf(ctx);
	if (policy.output === 'summary') return [{ runId, ...summary(policy, records, orgSettings, scope.counter.calls) }];
	return (orgSettings ? [orgSettings, ...records] : records).map((record) => ({ runId, ...record }));
}
