import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { DataAction } from '../../shared/genesysTypes';
import type { CallScope } from './dataActionApi';
import { createDraft, deleteDraft, getDraft, patchDraft, validateDraft } from './dataActionApi';
import { isRetryableWriteFailure } from '../../shared/transport/writeFailures';
import { writeTimeoutWithVersionRetry } from './versionedWrite';

async function existingDraft(scope: CallScope, actionId: string): Promise<DataAction | undefined> {
	try {
		return await getDraft(scope, actionId);
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
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
	dryRun: boolean,
): Promise<IDataObject> {
	const node = scope.ctx.getNode();
	const published = action.config?.timeoutSeconds ?? null;
	let draft = await existingDraft(scope, action.id);
	const draftBefore = draft ? (draft.config?.timeoutSeconds ?? null) : null;
	if (dryRun) {
		const alreadySet = draft !== undefined && draftBefore === timeoutSeconds;
		return {
			timeoutBefore: draft ? draftBefore : published,
			timeoutAfter: draft ? draftBefore : published,
			publishedTimeout: published,
			draftExists: draft !== undefined,
			...(alreadySet ? {} : { wouldSetTo: timeoutSeconds }),
			changed: false,
		};
	}

	let draftCreated = false;
	if (!draft) {
		try {
			await createDraft(scope, action.id);
			draftCreated = true;
		} catch (error) {
			// 409: someone created the draft a moment ago, use theirs. A lost answer or server error:
			// the draft may exist now, and then it is this run's (there was none a moment ago).
			const conflict = error instanceof NodeApiError && error.httpCode === '409';
			if (!conflict && !isRetryableWriteFailure(error)) throw asNodeError(node, error, scope.itemIndex);
			if (!conflict) {
				if (!(await existingDraft(scope, action.id))) throw asNodeError(node, error, scope.itemIndex);
				draftCreated = true;
			}
		}
		// the create answer may omit the config: read the draft as Genesys stored it
		draft = await getDraft(scope, action.id);
	}
	try {
		return await finishDraft(scope, action, draft, timeoutSeconds, { draftBefore, published, draftCreated });
	} catch (error) {
		const failed = asNodeError(node, error, scope.itemIndex);
		if (draftCreated) {
			// The draft is ours: remove it, so a failed item leaves the action as it found it.
			try {
				await deleteDraft(scope, action.id);
				failed.description = `${failed.description ?? ''} The draft this run had created was deleted again; nothing was changed.`.trim();
			} catch {
				failed.description = `${failed.description ?? ''} This run created a draft of the action, and could not delete it again: review or delete it in Genesys Cloud.`.trim();
			}
		}
		throw failed;
	}
}

async function finishDraft(
	scope: CallScope,
	action: DataAction,
	draft: DataAction,
	timeoutSeconds: number,
	known: { draftBefore: number | null; published: number | null; draftCreated: boolean },
): Promise<IDataObject> {
	const node = scope.ctx.getNode();
	const { draftBefore, published, draftCreated } = known;
	const timeoutInDraft = draft.config?.timeoutSeconds ?? null;
	if (timeoutInDraft !== timeoutSeconds) {
		const draftId = action.id;
		await writeTimeoutWithVersionRetry(
			scope,
			draft,
			timeoutSeconds,
			async () => await getDraft(scope, draftId),
			async (body) => await patchDraft(scope, draftId, body),
		);
	}
	const validation = await validateDraft(scope, action.id);
	const after = await getDraft(scope, action.id);
	const afterTimeout = after.config?.timeoutSeconds ?? null;
	const changed = draftCreated || timeoutInDraft !== timeoutSeconds;
	if (validation.valid === false) {
		const problems = (validation.errors ?? []).map((problem) => String(problem.message ?? problem.code ?? 'unknown')).join('; ');
		throw new NodeOperationError(node, `The draft of data action ${action.id} does not validate: ${problems || 'no reason given'}`, {
			itemIndex: scope.itemIndex,
			description: `The draft now holds a timeout of ${String(afterTimeout)} s${draftCreated ? ' (the draft was created by this run)' : ''}; the published action is unchanged. Fix the draft in Genesys Cloud or delete it.`,
		});
	}
	if (afterTimeout !== timeoutSeconds) {
		throw new NodeOperationError(node, `The draft of data action ${action.id} reads back a timeout of ${String(afterTimeout)} s`, {
			itemIndex: scope.itemIndex,
			description: 'Another writer may have changed the draft at the same time.',
		});
	}
	return {
		timeoutBefore: draftBefore ?? published,
		timeoutAfter: afterTimeout,
		publishedTimeout: published,
		draftCreated,
		draftVersion: after.version,
		draftValid: true,
		changed,
	};
}
