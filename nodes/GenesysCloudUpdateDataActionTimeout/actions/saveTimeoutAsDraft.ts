import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { DataAction } from '../../shared/genesysTypes';
import { isRetryableWriteFailure } from '../../shared/transport/writeFailures';
import type { CallScope } from './dataActionApi';
import { createDraft, deleteDraft, getDraft, patchDraft, validateDraft } from './dataActionApi';
import { functionActionReport } from './functionDataActions';
import { checkCurrentTimeout } from './onlyIfCurrentTimeout';
import type { ChangeOptions } from './updatePublishedTimeout';
import { conflictReport } from './updatePublishedTimeout';
import type { WriteOutcome } from './versionedWrite';
import { writeTimeoutWithVersionRetry } from './versionedWrite';
import { verifiedTimeout } from './verifyTimeout';

/**
 * Where the draft this item works on came from. Only a draft this run is sure it created is
 * deleted when the item fails: after a create whose answer was lost, a draft found afterwards may
 * be another writer's ('unsure').
 */
type DraftOrigin = 'existing' | 'created' | 'unsure';

async function existingDraft(scope: CallScope, actionId: string): Promise<DataAction | undefined> {
	try {
		return await getDraft(scope, actionId);
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
	}
}

async function createDraftOnce(scope: CallScope, actionId: string): Promise<DraftOrigin> {
	const node = scope.ctx.getNode();
	try {
		await createDraft(scope, actionId);
		return 'created';
	} catch (error) {
		// 409: someone created the draft a moment ago: use theirs, it is not this run's to delete.
		if (error instanceof NodeApiError && error.httpCode === '409') return 'existing';
		if (!isRetryableWriteFailure(error)) throw asNodeError(node, error, scope.itemIndex);
		// No usable answer (server error, lost answer): the create may or may not have happened, and
		// a draft that exists now may be this run's or another writer's.
		if (!(await existingDraft(scope, actionId))) throw asNodeError(node, error, scope.itemIndex);
		return 'unsure';
	}
}

/**
 * "Save as draft for review": the published action keeps running unchanged; the new timeout goes
 * into the action's draft (reused if one exists, else created from the published action), the
 * draft is validated, and nothing is published: a person reviews and publishes it in Genesys.
 */
export async function saveTimeoutAsDraft(
	scope: CallScope,
	action: DataAction,
	timeoutSeconds: number,
	options: ChangeOptions,
): Promise<IDataObject> {
	const node = scope.ctx.getNode();
	const published = action.config?.timeoutSeconds ?? null;
	let draft = await existingDraft(scope, action.id);
	const draftBefore = draft ? (draft.config?.timeoutSeconds ?? null) : null;
	const alreadySet = draft !== undefined && draftBefore === timeoutSeconds;
	// the condition is about the timeout this item would change: the draft's, or the published one a new draft copies
	const check = checkCurrentTimeout(draft ? draftBefore : published, options.onlyIfCurrentTimeout);
	if (!alreadySet && !check.ok) {
		return { ...conflictReport(check, draft ? draftBefore : published, options.dryRun), publishedTimeout: published, draftExists: draft !== undefined };
	}
	if (options.dryRun) {
		const kind = alreadySet ? {} : await functionActionReport(scope, action, timeoutSeconds, draft ? 'draft' : 'published');
		const current = draft ? draftBefore : published;
		return {
			outcome: alreadySet ? 'unchanged' : 'wouldChange',
			// a dry run speaks of `current` and `wouldSetTo` only
			current,
			wouldSetTo: alreadySet ? current : timeoutSeconds,
			publishedTimeout: published,
			draftExists: draft !== undefined,
			changed: false,
			...kind,
		};
	}

	const origin: DraftOrigin = draft ? 'existing' : await createDraftOnce(scope, action.id);
	const progress = { draftWritten: false };
	try {
		// the create answer may omit the config: read the draft as Genesys stored it
		draft ??= await getDraft(scope, action.id);
		return await finishDraft(scope, action, draft, timeoutSeconds, options, { draftBefore, published, origin }, progress);
	} catch (error) {
		const failed = asNodeError(node, error, scope.itemIndex);
		const fate = await settleDraftAfterFailure(scope, action.id, timeoutSeconds, origin, progress.draftWritten);
		failed.description = [failed.description, fate].filter(Boolean).join(' ');
		throw failed;
	}
}

/**
 * What happens to the draft when the item fails, and the one sentence that says so: a draft this
 * run created is deleted again; any other draft is left in place for a person to look at.
 */
async function settleDraftAfterFailure(
	scope: CallScope,
	actionId: string,
	timeoutSeconds: number,
	origin: DraftOrigin,
	draftWritten: boolean,
): Promise<string> {
	const unchanged = 'The published action is unchanged.';
	if (origin === 'created') {
		try {
			await deleteDraft(scope, actionId);
			return `The draft this run had created was deleted again. ${unchanged}`;
		} catch {
			return `This run created a draft of the action and could not delete it again: review or delete it in Genesys Cloud. ${unchanged}`;
		}
	}
	const holds = draftWritten ? ` (it now holds the new timeout of ${timeoutSeconds} s)` : '';
	if (origin === 'unsure') {
		return `The answer to creating the draft was lost and a draft exists now: it may be this run's or another writer's, so it was left in place${holds}: review it, or delete it, in Genesys Cloud. ${unchanged}`;
	}
	return `The draft existed before this run and was left in place${holds}: fix it or delete it in Genesys Cloud. ${unchanged}`;
}

async function finishDraft(
	scope: CallScope,
	action: DataAction,
	draft: DataAction,
	timeoutSeconds: number,
	options: ChangeOptions,
	known: { draftBefore: number | null; published: number | null; origin: DraftOrigin },
	progress: { draftWritten: boolean },
): Promise<IDataObject> {
	const node = scope.ctx.getNode();
	const { draftBefore, published, origin } = known;
	const timeoutInDraft = draft.config?.timeoutSeconds ?? null;
	const needsWrite = timeoutInDraft !== timeoutSeconds;
	// The kind (and a function's own settings) is asked only when this item changes something.
	const kind = needsWrite || origin !== 'existing' ? await functionActionReport(scope, action, timeoutSeconds, 'draft') : {};
	let written: WriteOutcome = { state: draft, fromWriteAnswer: false };
	if (needsWrite) {
		const draftId = action.id;
		written = await writeTimeoutWithVersionRetry(
			scope,
			draft,
			timeoutSeconds,
			'draft',
			async () => await getDraft(scope, draftId),
			async (body) => await patchDraft(scope, draftId, body),
			(state) => checkCurrentTimeout(state.config?.timeoutSeconds, options.onlyIfCurrentTimeout),
		);
		progress.draftWritten = true;
	}
	const validation = await validateDraft(scope, action.id);
	if (validation.valid === false) {
		const problems = (validation.errors ?? []).map((problem) => String(problem.message ?? problem.code ?? 'unknown')).join('; ');
		throw new NodeOperationError(node, `The draft of data action ${action.id} does not validate: ${problems || 'no reason given'}`, {
			itemIndex: scope.itemIndex,
			description: 'Genesys Cloud validated the draft and listed these problems; nothing was published.',
		});
	}
	const after = await verifiedTimeout(written, options.verifyWithRead, async () => await getDraft(scope, action.id));
	const afterTimeout = after.config?.timeoutSeconds ?? null;
	if (afterTimeout !== timeoutSeconds) {
		const fromAnswer = written.fromWriteAnswer && after === written.state;
		throw new NodeOperationError(node, `The draft of data action ${action.id} ${fromAnswer ? 'shows' : 'reads back'} a timeout of ${String(afterTimeout)} s`, {
			itemIndex: scope.itemIndex,
			description: 'Another writer may have changed the draft at the same time.',
		});
	}
	return {
		outcome: origin === 'created' || progress.draftWritten ? 'changed' : 'unchanged',
		before: draftBefore ?? published,
		after: afterTimeout,
		publishedTimeout: published,
		// null: the create's answer was lost, and the draft found may be this run's or another writer's
		draftCreated: origin === 'created' ? true : origin === 'unsure' ? null : false,
		draftVersion: after.version,
		draftValid: true,
		changed: origin === 'created' || progress.draftWritten,
		...kind,
	};
}
