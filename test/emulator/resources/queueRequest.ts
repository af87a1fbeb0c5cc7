/**
 * Turning a QueueRequest / CreateQueueRequest body into a stored Queue, with the checks Genesys makes that the
 * spec cannot express (ranges live only in descriptions).
 *
 * PUT replaces the WHOLE queue (API-NOTES §5.2, terraform DEVTOOLING-751): whatever the body omits is gone
 * afterwards. Only server-owned fields survive from the old queue.
 */
import { GenesysError, type JsonObject, type OrgStore } from '../types';
import { clone, divisionRef, homeDivisionId, queueUri } from './entityRefs';

/**
 * Writable properties of the spec's Queue schema (QueueRequest has the same ones). A PUT keeps every field it
 * sends, these and any other (API-NOTES §8.10 audit: Genesys's Queue model carries many more than the spec subset
 * lists, and a client that drops one it does not know loses it); only the server-owned ones below are the server's.
 */
export const WRITABLE_QUEUE_FIELDS = [
	'name',
	'description',
	'mediaSettings',
	'routingRules',
	'conditionalGroupRouting',
	'conditionalGroupActivation',
	'bullseye',
	'scoringMethod',
	'lastAgentRoutingMode',
	'acwSettings',
	'skillEvaluationMethod',
	'memberGroups',
	'queueFlow',
	'emailInQueueFlow',
	'messageInQueueFlow',
	'whisperPrompt',
	'onHoldPrompt',
	'autoAnswerOnly',
	'cannedResponseLibraries',
	'enableTranscription',
	'enableAudioMonitoring',
	'enableManualAssignment',
	'agentOwnedRouting',
	'directRouting',
	'callingPartyName',
	'callingPartyNumber',
	'defaultScripts',
	'outboundMessagingAddresses',
	'outboundEmailAddress',
	'peerId',
	'suppressInQueueCallRecording',
	'defaultMediaLanguage',
] as const;

/** Server-computed fields a PUT keeps from the stored queue (a client cannot set them; sent back, they are ignored). */
const SERVER_OWNED_FIELDS = ['id', 'selfUri', 'dateCreated', 'createdBy', 'memberCount', 'userMemberCount', 'joinedMemberCount'];
/** Set by the server on every write, or resolved from the request (division). */
const SERVER_SET_FIELDS = [...SERVER_OWNED_FIELDS, 'name', 'division', 'dateModified', 'modifiedBy'];

const TIMED_PROMPTS = ['MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT'];
const TIMEOUT_ALLOWED = [...TIMED_PROMPTS, 'AGENT_REQUESTED'];
export const ACW_TIMEOUT_MIN_MS = 1000;
export const ACW_TIMEOUT_MAX_MS = 3_600_000;
/**
 * Terraform validates acw_timeout_ms up to a day; the SDK text says 60 minutes (API-NOTES §8.10). Modelled: a
 * queue set before the 60-minute cap keeps its longer timeout, and a PUT that sends that same value back is
 * accepted; a new value over 60 minutes is refused.
 */
export const LEGACY_ACW_TIMEOUT_MAX_MS = 86_400_000;

function badRequest(message: string, field: string): GenesysError {
	return new GenesysError(400, 'bad.request', message, { field });
}

/**
 * Conditional group routing (API-NOTES §8.1): rule 1 always evaluates the current queue. The GET fills
 * its `queue` in (queues.ts, queueView) and a PUT that names a queue on rule 1 is refused, which is why
 * Terraform blanks it "to avoid api error" before every queue PUT. Both halves are inferred from
 * Terraform's code; the real error text is unverified, so this one only names the field.
 */
export function validateConditionalGroupRouting(cgr: JsonObject | undefined): void {
	const first = cgr?.rules?.[0];
	if (first && first.queue !== undefined && first.queue !== null) {
		throw badRequest(
			'conditionalGroupRouting.rules[0].queue must not be set: the first rule always evaluates the current queue',
			'conditionalGroupRouting.rules[0].queue',
		);
	}
}

/**
 * The timeout Genesys itself keeps or fills (API-NOTES §8.6, a server default whose value is
 * undocumented): an old `timeoutMs` stays on a queue switched to MANDATORY, and AGENT_REQUESTED sent
 * without one gets one (the old value, or this default). Clients must compare timeouts only for the
 * prompts that use them, and accept a server-filled one for AGENT_REQUESTED.
 */
export const AGENT_REQUESTED_DEFAULT_TIMEOUT_MS = 60_000;
/**
 * A time-boxed prompt sent without a timeout is accepted and Genesys fills one in (API-NOTES §8.10: Terraform's
 * default MANDATORY_TIMEOUT is sent without `acw_timeout_ms`, which is Optional + Computed, "Default may be set by
 * server"). The value is undocumented: the old timeout if there is one, else this.
 */
export const TIMED_PROMPT_DEFAULT_TIMEOUT_MS = 30_000;

function storedAcwSettings(sent: JsonObject, existing: JsonObject | undefined): JsonObject {
	const stored = clone(sent);
	if (stored.timeoutMs !== undefined && stored.timeoutMs !== null) return stored;
	const old = existing?.timeoutMs;
	if (stored.wrapupPrompt === 'MANDATORY' && typeof old === 'number') stored.timeoutMs = old;
	if (stored.wrapupPrompt === 'AGENT_REQUESTED') stored.timeoutMs = typeof old === 'number' ? old : AGENT_REQUESTED_DEFAULT_TIMEOUT_MS;
	if (TIMED_PROMPTS.includes(stored.wrapupPrompt)) stored.timeoutMs = typeof old === 'number' ? old : TIMED_PROMPT_DEFAULT_TIMEOUT_MS;
	return stored;
}

/**
 * AcwSettings.timeoutMs: "Min: 1 sec, Max: 60 min. Can only be used when ACW is AGENT_REQUESTED,
 * MANDATORY_TIMEOUT or MANDATORY_FORCED_TIMEOUT" (spec description). The two time-boxed modes need it.
 */
export function validateAcwSettings(acw: JsonObject | undefined, existing?: JsonObject): void {
	if (acw === undefined || acw === null) return;
	const prompt = acw.wrapupPrompt;
	if (prompt === undefined) {
		throw badRequest('acwSettings.wrapupPrompt is required when acwSettings is given', 'acwSettings.wrapupPrompt');
	}
	const timeout = acw.timeoutMs;
	// a time-boxed prompt without a timeout gets one from the server (storedAcwSettings)
	if (timeout === undefined || timeout === null) return;
	if (!TIMEOUT_ALLOWED.includes(prompt)) {
		throw badRequest(
			`acwSettings.timeoutMs can only be used when acwSettings.wrapupPrompt is AGENT_REQUESTED, MANDATORY_TIMEOUT or MANDATORY_FORCED_TIMEOUT, not ${prompt}`,
			'acwSettings.timeoutMs',
		);
	}
	const legacy = timeout === existing?.timeoutMs && timeout > ACW_TIMEOUT_MAX_MS && timeout <= LEGACY_ACW_TIMEOUT_MAX_MS;
	if (!legacy && (!Number.isInteger(timeout) || timeout < ACW_TIMEOUT_MIN_MS || timeout > ACW_TIMEOUT_MAX_MS)) {
		throw badRequest(
			`acwSettings.timeoutMs must be between ${ACW_TIMEOUT_MIN_MS} and ${ACW_TIMEOUT_MAX_MS} (1 second to 60 minutes), was ${timeout}`,
			'acwSettings.timeoutMs',
		);
	}
}

/** ServiceLevel.percentage is "a value between 0 and 1" (description only, so the spec validator lets 95 through). */
function validateMediaSettings(media: JsonObject | undefined): void {
	if (!media) return;
	for (const [type, settings] of Object.entries(media)) {
		const pct = (settings as JsonObject | undefined)?.serviceLevel?.percentage;
		if (pct !== undefined && (typeof pct !== 'number' || pct < 0 || pct > 1)) {
			throw badRequest(
				`mediaSettings.${type}.serviceLevel.percentage must be between 0 and 1, was ${pct}`,
				`mediaSettings.${type}.serviceLevel.percentage`,
			);
		}
	}
}

/**
 * Terraform PR #2310 leaves an empty conditional-group-activation `pilotRule` out of every queue body because it
 * "can trigger platform NPEs" (API-NOTES §8.10): answered here as the server error it causes.
 */
function isBlankPilotRule(rule: unknown): boolean {
	if (rule === null) return true;
	if (typeof rule !== 'object') return false;
	const { conditions, conditionExpression } = rule as JsonObject;
	const noConditions = conditions === undefined || conditions === null || (Array.isArray(conditions) && conditions.length === 0);
	const noExpression = conditionExpression === undefined || conditionExpression === null || String(conditionExpression).trim() === '';
	return noConditions && noExpression;
}

function assertPilotRule(cga: JsonObject | undefined): void {
	if (cga && 'pilotRule' in cga && isBlankPilotRule(cga.pilotRule)) {
		throw new GenesysError(500, 'internal.server.error', 'The server encountered an unexpected error (NullPointerException)');
	}
}

/** The division a request puts the queue in: the named one (must exist), else the org's home division. */
function resolveDivision(store: OrgStore, body: JsonObject): JsonObject | undefined {
	const id = body.division?.id;
	if (id === undefined) {
		const home = homeDivisionId(store);
		return home ? divisionRef(store, home) : undefined;
	}
	if (store.divisions.size && !store.divisions.has(id)) {
		throw badRequest(`division.id ${id} does not exist`, 'division.id');
	}
	return divisionRef(store, id);
}

/**
 * Build the stored queue from a request body. `existing` is the queue being replaced (PUT) or undefined (POST).
 * @returns a new object; the caller stores it.
 */
export function buildQueue(
	store: OrgStore,
	body: JsonObject,
	existing: JsonObject | undefined,
	ids: { id: string; nowIso: string; userId: string },
): JsonObject {
	if (typeof body.name !== 'string' || body.name.trim() === '') {
		throw badRequest('name is required', 'name');
	}
	validateAcwSettings(body.acwSettings, existing?.acwSettings);
	validateMediaSettings(body.mediaSettings);
	validateConditionalGroupRouting(body.conditionalGroupRouting);
	assertPilotRule(body.conditionalGroupActivation);

	const queue: JsonObject = {};
	if (existing) {
		for (const key of SERVER_OWNED_FIELDS) if (existing[key] !== undefined) queue[key] = existing[key];
	} else {
		Object.assign(queue, {
			id: ids.id,
			dateCreated: ids.nowIso,
			createdBy: ids.userId,
			memberCount: 0,
			userMemberCount: 0,
			joinedMemberCount: 0,
			selfUri: queueUri(ids.id),
		});
	}
	queue.name = body.name;
	const division = resolveDivision(store, body);
	if (division) queue.division = division;
	for (const [key, value] of Object.entries(body)) {
		if (!SERVER_SET_FIELDS.includes(key) && key !== 'sourceQueueId' && value !== undefined && value !== null) queue[key] = clone(value);
	}
	if (body.acwSettings) queue.acwSettings = storedAcwSettings(body.acwSettings, existing?.acwSettings);
	queue.dateModified = ids.nowIso;
	queue.modifiedBy = ids.userId;
	return queue;
}
