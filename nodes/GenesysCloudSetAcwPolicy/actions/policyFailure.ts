import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const MAX_LISTED = 20;

function listed(lines: string[]): string {
	const shown = lines.slice(0, MAX_LISTED).join('; ');
	return lines.length > MAX_LISTED ? `${shown}; and ${lines.length - MAX_LISTED} more` : shown;
}

/**
 * After every queue of the run was tried: if any failed, the node fails with one error that names
 * each failed queue with its reason, and every change already applied (queues and org switches),
 * so a failure never hides a write that happened.
 */
export function throwIfAnyQueueFailed(
	ctx: IExecuteFunctions,
	itemIndex: number,
	records: IDataObject[],
	orgSettings: IDataObject | undefined,
): void {
	const failed = records.filter((record) => record.outcome === 'failed');
	if (!failed.length) return;
	const failures = failed.map(
		(record) => `${String(record.queueName ?? record.queueId)} (${String(record.queueId)}): ${String(record.reason)}`,
	);
	const applied = records
		.filter((record) => record.outcome === 'changed')
		.map((record) => `${String(record.queueName)} (${String(record.queueId)}) ${JSON.stringify(record.before)} → ${JSON.stringify(record.after)}`);
	if (orgSettings?.outcome === 'changed') {
		applied.unshift(`org switches ${JSON.stringify(orgSettings.before)} → ${JSON.stringify(orgSettings.after)}`);
	}
	const description = [
		`Failed: ${listed(failures)}.`,
		applied.length ? `Already applied (${applied.length}): ${listed(applied)}.` : 'Nothing was written.',
		'Turn on Continue On Fail to get one item per queue instead, with the failed queues listed.',
	].join('\n');
	throw new NodeOperationError(
		ctx.getNode(),
		`${failed.length} of ${records.length} queues were not set to the ACW policy: ${failed.map((record) => String(record.queueId)).slice(0, MAX_LISTED).join(', ')}${failed.length > MAX_LISTED ? ', …' : ''}`,
		{ itemIndex, description },
	);
}
