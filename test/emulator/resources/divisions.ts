/**
 * GET /api/v2/authorization/divisions: the division picker for queue scopes (AuthzDivisionEntityListing).
 * Owns store.divisions (AuthzDivision bodies: id, name, description (required by the schema), homeDivision, selfUri).
 */
import { paginate } from '../core/paging';
import type { HandlerMap, JsonObject, RouteContext } from '../types';
import { clone } from './entityRefs';
import { compareNames, flag, many, one } from './queryParams';

function getAuthorizationDivisions(ctx: RouteContext) {
	const { store, query } = ctx;
	const ids = many(query, 'id');
	// `name` is a "search term" here (not the exact/wildcard filter of queues): case-insensitive contains.
	const term = one(query, 'name')?.toLowerCase();
	const withCounts = flag(query, 'objectCount') === true;

	let divisions = [...store.divisions.values()];
	if (ids.length) divisions = divisions.filter((d) => ids.includes(d.id));
	if (term) divisions = divisions.filter((d) => String(d.name).toLowerCase().includes(term));
	divisions.sort((a, b) => compareNames(a.name, b.name));

	const listing = paginate(divisions, query, ctx.baseUrl, '/api/v2/authorization/divisions');
	listing.entities = listing.entities.map((d) => {
		const body: JsonObject = clone(d);
		if (withCounts) body.objectCounts = { queues: countQueues(ctx, d.id) };
		return body;
	});
	return { status: 200, body: listing };
}

function countQueues(ctx: RouteContext, divisionId: string): number {
	let n = 0;
	for (const q of ctx.store.queues.values()) if (q.division?.id === divisionId) n++;
	return n;
}

export const divisionHandlers: HandlerMap = { getAuthorizationDivisions };
export const handlers = divisionHandlers;
