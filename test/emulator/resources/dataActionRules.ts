/**
 * The data-action rules the spec cannot express (API-NOTES §3): the 1-60 s timeout range from ActionConfig's
 * description, the custom-auth and function-action exceptions, read-only static actions, and version checks.
 *
 * How an action's kind is known: the spec's Action has nothing that says "function" or "custom auth"; in Genesys it
 * follows from the action's integration (integrationType 'function-data-actions' for Function data actions; the
 * auth action a 'custom-rest-actions' integration with User Defined (OAuth) credentials creates, listed only with
 * includeAuthActions=true). `/api/v2/integrations/{id}` is not in our spec subset, so the emulator keeps that
 * integration info beside the store (registerIntegration, called by the fixtures) and a client can only learn the
 * kind from the 400 a PATCH with timeoutSeconds gets.
 */
import { GenesysError, JsonObject, OrgStore } from '../types';

export type IntegrationType = 'custom-rest-actions' | 'function-data-actions' | 'purecloud-data-actions' | string;

export interface IntegrationInfo {
	id: string;
	name: string;
	type: IntegrationType;
	/** ids of this integration's custom authentication actions */
	authActionIds?: string[];
}

export type ActionKind = 'standard' | 'function' | 'customAuth' | 'static';

export const TIMEOUT_MIN_SECONDS = 1;
export const TIMEOUT_MAX_SECONDS = 60;
/** Function data actions time out in their function settings, 1-15 s (Genesys Function integration docs). */
export const FUNCTION_TIMEOUT_RANGE = '1-15 seconds';

// Keyed by store so emulators running side by side keep separate orgs; OrgStore (shared contract) has no slot.
const integrationsByStore = new WeakMap<OrgStore, Map<string, IntegrationInfo>>();

export function registerIntegration(store: OrgStore, info: IntegrationInfo): void {
	let map = integrationsByStore.get(store);
	if (!map) integrationsByStore.set(store, (map = new Map()));
	map.set(info.id, info);
}

export function integrationsOf(store: OrgStore): IntegrationInfo[] {
	return [...(integrationsByStore.get(store)?.values() ?? [])];
}

export function actionKind(store: OrgStore, action: JsonObject): ActionKind {
	if (String(action.id).startsWith('static_')) return 'static';
	const integration = integrationsByStore.get(store)?.get(action.integrationId);
	if (integration?.authActionIds?.includes(action.id)) return 'customAuth';
	if (integration?.type === 'function-data-actions') return 'function';
	return 'standard';
}

/** Optimistic locking on `version`; Genesys has answered both 409 and 400 for this (API-NOTES §3.3). */
export function checkVersion(store: OrgStore, sent: number, current: number): void {
	if (sent === current) return;
	const status = store.behaviour.staleVersionStatus;
	throw new GenesysError(
		status,
		status === 409 ? 'conflict' : 'bad.request',
		`Version ${sent} does not match the current version ${current}`,
		{ sentVersion: String(sent), currentVersion: String(current) },
	);
}

/** Problems with a config a client wants to save; [] when it is fine. Shared by PATCH and draft validation. */
export function configProblems(kind: ActionKind, config: JsonObject | undefined): string[] {
	if (!config) return [];
	const problems: string[] = [];
	const timeout = config.timeoutSeconds;
	if (timeout !== undefined) {
		if (kind === 'customAuth') {
			problems.push('config.timeoutSeconds: This setting is invalid for Custom Authentication Actions');
		} else if (kind === 'function') {
			problems.push(
				'config.timeoutSeconds: Function data actions do not take an action timeout; the timeout is set in ' +
					`the function settings of the integration (${FUNCTION_TIMEOUT_RANGE})`,
			);
		} else if (!Number.isInteger(timeout) || timeout < TIMEOUT_MIN_SECONDS || timeout > TIMEOUT_MAX_SECONDS) {
			problems.push(
				`config.timeoutSeconds must be an integer between ${TIMEOUT_MIN_SECONDS} and ${TIMEOUT_MAX_SECONDS} ` +
					`seconds, was ${timeout}`,
			);
		}
	}
	if (!config.request?.requestUrlTemplate) problems.push('config.request.requestUrlTemplate is required');
	if (!config.request?.requestType) problems.push('config.request.requestType is required');
	return problems;
}

/** Throw the first config problem as a Genesys 400. */
export function assertConfig(kind: ActionKind, config: JsonObject | undefined): void {
	const [problem] = configProblems(kind, config);
	if (problem) throw new GenesysError(400, 'bad.request', problem, { field: problem.split(/[: ]/)[0] });
}
