/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * The contract between the emulator's core (server, spec validation, auth, faults, rate limit,
 * request log) and its resource modules (data actions, queues, conversations, ...).
 *
 * A resource module exports a `HandlerMap` keyed by the spec's operationId, and owns one slice of
 * `OrgStore`. Handlers are plain functions: they read/modify the store and return a status + body.
 * The core validates the request against the spec before a handler runs, and (in tests) validates
 * the handler's response against the spec afterwards, so handlers do not re-check shapes the spec
 * already checks; they check what the spec cannot express (ranges in descriptions, versions,
 * conversation state), the way Genesys does.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: any };

export interface RouteContext {
	/** Path parameters, e.g. { actionId: 'abc' } */
	params: Record<string, string>;
	/** Query parameters; repeated keys (id=a&id=b) arrive as arrays */
	query: Record<string, string | string[]>;
	/** Parsed JSON body (undefined when none) */
	body: any;
	/** OAuth client that owns the bearer token used for this request */
	clientId: string;
	/** how the token was granted, and for a code-grant token the user who signed in */
	token?: { grant: string; userId?: string };
	/** The whole in-memory org */
	store: OrgStore;
	/** Emulator clock in ms (Date.now unless a test froze it) */
	now(): number;
	/** Base URL of the emulator (for selfUri / nextUri fields) */
	baseUrl: string;
}

export interface RouteResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

/** operationId (as in platform-api-subset.json) -> handler */
export type HandlerMap = Record<string, Handler>;

/**
 * Throw from a handler to answer with a Genesys ErrorBody
 * ({ message, code, status, messageParams, contextId, details: [], errors: [] }).
 * The core fills contextId and the ININ-Correlation-Id header.
 */
export class GenesysError extends Error {
	constructor(
		public readonly status: number,
		public readonly code: string,
		message: string,
		public readonly messageParams: Record<string, string> = {},
	) {
		super(message);
	}
}

export type WrapupAuth = 'permission' | 'participantUser';

/** The in-memory org. Each resource module owns the fields it documents. */
export interface OrgStore {
	/** data actions: published actions by id (resources/dataActions.ts) */
	actions: Map<string, JsonObject>;
	/** data actions: drafts by action id (resources/dataActions.ts) */
	actionDrafts: Map<string, JsonObject>;
	/** authorization divisions by id (resources/divisions.ts) */
	divisions: Map<string, JsonObject>;
	/** routing queues by id, full Queue bodies (resources/queues.ts) */
	queues: Map<string, JsonObject>;
	/** org wrap-up codes by id (resources/wrapupCodes.ts) */
	wrapupCodes: Map<string, JsonObject>;
	/** queue id -> wrap-up code ids valid on that queue (resources/wrapupCodes.ts) */
	queueWrapupCodes: Map<string, string[]>;
	/**
	 * queue id -> wrap-up code ids its participants may also use although the queue's own list does not show
	 * them (resources/wrapupCodes.ts): Genesys's participant lookup is the authority, the queue's list is not
	 * (API-NOTES §8.10)
	 */
	participantOnlyWrapupCodes: Map<string, string[]>;
	/** conversations by id (resources/conversations.ts) */
	conversations: Map<string, JsonObject>;
	/** org conversation settings (resources/conversationSettings.ts) */
	conversationSettings: JsonObject;
	/** routing settings (resources/routingSettings.ts) */
	routingSettings: JsonObject;
	/** knobs a test can turn to make the emulator answer like a particular Genesys behaviour */
	behaviour: {
		/** how a stale data-action version is answered: 409, or 400 "does not match the current version" */
		staleVersionStatus: 409 | 400;
		/**
		 * who may apply a wrap-up (API-NOTES §8.10, unsettled): 'permission' lets any valid token do it;
		 * 'participantUser' answers 403 not.authorized to the wrap-up POST, the participant PATCH and the
		 * participant code lookups unless the token is a user token for that participant's userId
		 */
		wrapupAuth: WrapupAuth;
	};
	/** the org's users, who can sign in on the emulator's login page (core/auth.ts) */
	users: Map<string, JsonObject>;
}

export interface RecordedRequest {
	seq: number;
	/** ms since epoch when the request arrived */
	at: number;
	method: string;
	/** path without query string */
	path: string;
	query: Record<string, string | string[]>;
	body: unknown;
	/** matched spec operationId, 'oauthToken', 'oauthAuthorize', or undefined for unknown paths */
	operationId?: string;
	/** bearer token presented (undefined on the login host's endpoints) */
	token?: string;
	clientId?: string;
	/** status sent back (or 0 for a dropped connection) */
	status: number;
	/** true when a fault was injected into this request */
	faulted: boolean;
	/** the status the resource handler answered with (set only when a handler ran; an
	 * after-handler fault may have replaced what the client saw) */
	handlerStatus?: number;
	/** emulator clock (ms) when the handler answered, i.e. when a write took effect in the store (`at` is
	 * when the request arrived, before latency and rate limit) */
	handledAt?: number;
	/** the Genesys error code of the handler's answer, when it was an error */
	handlerCode?: string;
	/** request Host header, so a test can prove no request left for another host */
	host?: string;
}

export interface FaultSpec {
	/** HTTP method to match (any when omitted) */
	method?: string;
	/** operationId, exact path, or RegExp over the path */
	match: string | RegExp;
	/** how many matching requests to fault (default 1; Infinity for all) */
	count?: number;
	/** let this many matching requests through first (default 0): a fault on the fifth read of a queue */
	skip?: number;
	/** answer with this status and a Genesys error body */
	status?: number;
	/** Retry-After header (seconds) for 429s */
	retryAfter?: number;
	/** destroy the socket without answering */
	drop?: boolean;
	/** add this latency (ms) before answering (alone: a slow but normal answer) */
	latencyMs?: number;
	/** apply the fault after the handler ran (the write happened, the answer is lost/failed) */
	afterHandler?: boolean;
}
