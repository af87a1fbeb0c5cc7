/**
 * Routing queues: /api/v2/routing/queues[...]. Owns store.queues (full Queue bodies, exactly what GET returns).
 * Listing semantics follow the spec's parameter descriptions: sorted by name, `name` exact with optional
 * leading/trailing `*`, repeated `id` / `divisionId`. PUT is a whole-queue replacement (queueRequest.ts).
 */
import { randomUUID } from 'crypto';
import { paginate } from '../core/paging';
import { GenesysError, type HandlerMap, type JsonObject, type RouteContext } from '../types';
import { clone, queueUri } from './entityRefs';
import { buildQueue } from './queueRequest';
import { compareNames, flag, many, nameMatcher, one } from './queryParams';
import { listWrapupCodes } from './wrapupCodes';

const QUEUES_PATH = '/api/v2/routing/queues';

/**
 * A stored queue as Genesys answers it (GET, listing, PUT and POST answers): rule 1 of conditional group
 * routing comes back naming the queue itself (API-NOTES §8.1, inferred from Terraform), although a PUT may
 * not send it back. The store keeps rule 1 without it.
 */
export function queueView(stored: JsonObject): JsonObject {
	const view = clone(stored);
	const first = view.conditionalGroupRouting?.rules?.[0];
	if (first && !first.queue) first.queue = { id: view.id, name: view.name, selfUri: queueUri(view.id) };
	return view;
}

function requireQueue(ctx: RouteContext): JsonObject {
	const queue = ctx.store.queues.get(ctx.params.queueId);
	if (!queue) throw new GenesysError(404, 'not.found', `Queue ${ctx.params.queueId} not found`);
	return queue;
}

/** The filters both queue listings share. */
function filterQueues(ctx: RouteContext): JsonObject[] {
	const { query } = ctx;
	const name = one(query, 'name');
	const ids = new Set(many(query, 'id'));
	const divisionIds = new Set(many(query, 'divisionId'));
	const peerIds = new Set(many(query, 'peerId'));
	const hasPeer = flag(query, 'hasPeer');
	const library = one(query, 'cannedResponseLibraryId');
	const matches = name ? nameMatcher(name) : undefined;

	const out: JsonObject[] = [];
	for (const q of ctx.store.queues.values()) {
		if (matches && !matches(q.name)) continue;
		if (ids.size && !ids.has(q.id)) continue;
		if (divisionIds.size && !divisionIds.has(q.division?.id)) continue;
		if (peerIds.size && !peerIds.has(q.peerId)) continue;
		if (hasPeer !== undefined && Boolean(q.peerId) !== hasPeer) continue;
		if (library && !q.cannedResponseLibraries?.libraryIds?.includes(library)) continue;
		out.push(q);
	}
	return out;
}

function sortBy(queues: JsonObject[], key: 'name' | 'id' | 'divisionId', order: string | undefined): JsonObject[] {
	const value = (q: JsonObject) => (key === 'divisionId' ? q.division?.id : q[key]);
	queues.sort((a, b) => compareNames(value(a), value(b)) || compareNames(a.id, b.id));
	if (order === 'desc') queues.reverse();
	return queues;
}

function getRoutingQueues(ctx: RouteContext) {
	const queues = sortBy(filterQueues(ctx), 'name', one(ctx.query, 'sortOrder'));
	const listing = paginate(queues, ctx.query, ctx.baseUrl, QUEUES_PATH);
	listing.entities = listing.entities.map(queueView);
	return { status: 200, body: listing };
}

/** The "light" search: only id, name, division, selfUri per queue; pageSize <= 100 and pageNumber <= 5. */
function getRoutingQueuesDivisionviews(ctx: RouteContext) {
	const pageSize = Number(one(ctx.query, 'pageSize') ?? 25);
	const pageNumber = Number(one(ctx.query, 'pageNumber') ?? 1);
	if (pageSize > 100) {
		throw new GenesysError(400, 'bad.request', `pageSize max value is 100, was ${pageSize}`, { field: 'pageSize' });
	}
	if (pageNumber > 5) {
		throw new GenesysError(400, 'bad.request', `pageNumber max value is 5, was ${pageNumber}`, { field: 'pageNumber' });
	}
	const key = (one(ctx.query, 'sortBy') ?? 'name') as 'name' | 'id' | 'divisionId';
	const queues = sortBy(filterQueues(ctx), key, one(ctx.query, 'sortOrder'));
	const listing = paginate(queues, ctx.query, ctx.baseUrl, `${QUEUES_PATH}/divisionviews`);
	listing.entities = listing.entities.map((q) => ({
		id: q.id,
		name: q.name,
		division: clone(q.division),
		selfUri: q.selfUri,
	}));
	return { status: 200, body: listing };
}

function getRoutingQueue(ctx: RouteContext) {
	return { status: 200, body: queueView(requireQueue(ctx)) };
}

function putRoutingQueue(ctx: RouteContext) {
	const existing = requireQueue(ctx);
	const queue = buildQueue(ctx.store, ctx.body ?? {}, existing, {
		id: existing.id,
		nowIso: new Date(ctx.now()).toISOString(),
		userId: ctx.clientId,
	});
	ctx.store.queues.set(existing.id, queue);
	// Genesys answers the PUT with the stored Queue (spec: 200 -> Queue), which clients may verify from.
	return { status: 200, body: queueView(queue) };
}

function postRoutingQueues(ctx: RouteContext) {
	const body: JsonObject = { ...(ctx.body ?? {}) };
	// sourceQueueId: "copy the settings from" an existing queue; the body's own fields win.
	if (body.sourceQueueId) {
		const source = ctx.store.queues.get(body.sourceQueueId);
		if (!source) throw new GenesysError(400, 'bad.request', `sourceQueueId ${body.sourceQueueId} does not exist`);
		for (const [k, v] of Object.entries(source)) if (body[k] === undefined) body[k] = clone(v);
	}
	const id = randomUUID();
	const queue = buildQueue(ctx.store, body, undefined, {
		id,
		nowIso: new Date(ctx.now()).toISOString(),
		userId: ctx.clientId,
	});
	ctx.store.queues.set(id, queue);
	if (body.sourceQueueId) {
		ctx.store.queueWrapupCodes.set(id, [...(ctx.store.queueWrapupCodes.get(body.sourceQueueId) ?? [])]);
	}
	return { status: 200, body: queueView(queue) };
}

function deleteRoutingQueue(ctx: RouteContext) {
	const queue = requireQueue(ctx);
	ctx.store.queues.delete(queue.id);
	ctx.store.queueWrapupCodes.delete(queue.id);
	return { status: 200 };
}

function getRoutingQueueWrapupcodes(ctx: RouteContext) {
	const queue = requireQueue(ctx);
	const codes = (ctx.store.queueWrapupCodes.get(queue.id) ?? [])
		.map((id) => ctx.store.wrapupCodes.get(id))
		.filter((c): c is JsonObject => c !== undefined);
	// "Wrapup code's name (trailing asterisks allowed)".
	const listing = listWrapupCodes(codes, ctx, `${QUEUES_PATH}/${queue.id}/wrapupcodes`);
	return { status: 200, body: listing };
}

export const queueHandlers: HandlerMap = {
	getRoutingQueues,
	getRoutingQueuesDivisionviews,
	getRoutingQueue,
	putRoutingQueue,
	postRoutingQueues,
	deleteRoutingQueue,
	getRoutingQueueWrapupcodes,
};
export const handlers = queueHandlers;
