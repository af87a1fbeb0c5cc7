import type { IDataObject } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { DataAction } from '../../shared/genesysTypes';
import type { CallScope, Integration, Target } from './dataActionApi';
import { getFunctionConfig, getIntegration } from './dataActionApi';

/** `integrationType.id` of the Function integration (API-NOTES §8.4). */
export const FUNCTION_INTEGRATION_TYPE = 'function-data-actions';
/** Function.timeoutSeconds: "Range allowed 1 to 15. Default value 15 seconds." */
export const FUNCTION_TIMEOUT_DEFAULT_SECONDS = 15;

/**
 * Terraform's rule (`containsFunctionDataAction`): a category that contains "function data action",
 * case-insensitive, with "_" and "-" read as spaces. It costs no call, but a category is free
 * text, so an action it does not catch is asked about its integration.
 */
export function categoryNamesFunctionAction(category: string | undefined): boolean {
	return (category ?? '').toLowerCase().replace(/[_-]/g, ' ').includes('function data action');
}

/** Integrations read during one node run, by ID: many actions share one, and its type does not change. */
const integrationsByRun = new WeakMap<object, Map<string, Promise<Integration>>>();

function readIntegration(scope: CallScope, known: Map<string, Promise<Integration>>, integrationId: string): Promise<Integration> {
	const integration = getIntegration(scope, integrationId);
	known.set(integrationId, integration);
	// a failed read is not remembered: the next item asks again
	integration.catch(() => {
		if (known.get(integrationId) === integration) known.delete(integrationId);
	});
	return integration;
}

async function integrationOf(scope: CallScope, integrationId: string): Promise<Integration> {
	let known = integrationsByRun.get(scope.ctx);
	if (!known) integrationsByRun.set(scope.ctx, (known = new Map()));
	const shared = known.get(integrationId);
	if (!shared) return await readIntegration(scope, known, integrationId);
	// Another item's read failed: this item asks on its own, so that its error (which the caller
	// adds to) is its own, never the same object as another item's.
	return await shared.catch(async () => await readIntegration(scope, known, integrationId));
}

/**
 * Whether the action is a function data action: by its category when that says so, else by its
 * integration's type (`GET /api/v2/integrations/{integrationId}`, once per integration and run).
 */
export async function isFunctionDataAction(scope: CallScope, action: DataAction): Promise<boolean> {
	if (categoryNamesFunctionAction(action.category)) return true;
	if (!action.integrationId) return false;
	try {
		const integration = await integrationOf(scope, action.integrationId);
		return integration.integrationType?.id === FUNCTION_INTEGRATION_TYPE;
	} catch (error) {
		const failed = asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
		failed.description = [
			failed.description,
			`Reading the action's integration ${action.integrationId} (to tell a function data action apart) failed, so nothing was written. The role needs integrations:integration:view.`,
		]
			.filter(Boolean)
			.join(' ');
		throw failed;
	}
}

/**
 * For a function data action, the output fields that report the function's own settings, and a
 * warning when the function's own timeout (1-15 s) is lower than the action timeout being set:
 * the two limits are separate (how Genesys combines them is unverified, API-NOTES §8.4), so the
 * function may still stop first. Other actions get no extra fields. Read before any write, so a
 * failed read writes nothing.
 */
export async function functionActionReport(
	scope: CallScope,
	action: DataAction,
	timeoutSeconds: number,
	target: Target,
): Promise<IDataObject> {
	if (!(await isFunctionDataAction(scope, action))) return {};
	let settings;
	try {
		settings = (await getFunctionConfig(scope, action.id, target)).function ?? {};
	} catch (error) {
		const failed = asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
		failed.description = [
			failed.description,
			`Data action ${action.id} is a function data action; reading its ${target === 'draft' ? "draft's " : ''}function settings failed, so nothing was written. The role needs integrations:actionFunction:view.`,
		]
			.filter(Boolean)
			.join(' ');
		throw failed;
	}
	const own = typeof settings.timeoutSeconds === 'number' ? settings.timeoutSeconds : undefined;
	const functionTimeout = own ?? FUNCTION_TIMEOUT_DEFAULT_SECONDS;
	const report: IDataObject = {
		actionKind: 'function',
		functionSettings: {
			timeoutSeconds: functionTimeout,
			timeoutIsDefault: own === undefined,
			runtime: settings.runtime ?? null,
			handler: settings.handler ?? null,
			description: settings.description ?? null,
		},
	};
	if (functionTimeout < timeoutSeconds) {
		report.warning =
			`The function's own timeout is ${functionTimeout} s, lower than the ${timeoutSeconds} s set on the action: ` +
			'the function may still stop first. It is a separate setting (1 to 15 s), changed in the function settings of the action.';
	}
	return report;
}
