import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { genesysApiRequest } from '../transport/genesysApiRequest';
import type { EntityListing } from '../transport/paging';
import { genesysListAll, MAX_PAGE_SIZE } from '../transport/paging';

const PICKER_PAGE_SIZE = 50;

interface Named extends IDataObject {
	id: string;
	name: string;
}

async function searchPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
	paginationToken: string | undefined,
	label: (entity: Named) => string,
): Promise<INodeListSearchResult> {
	const pageNumber = paginationToken ? Number(paginationToken) : 1;
	const page = (await genesysApiRequest.call(ctx, {
		method: 'GET',
		path,
		qs: { ...qs, pageSize: PICKER_PAGE_SIZE, pageNumber },
	})) as EntityListing<Named>;
	const results = (page.entities ?? []).map((entity) => ({ name: label(entity), value: entity.id }));
	const more = pageNumber < (page.pageCount ?? pageNumber);
	return { results, paginationToken: more ? String(pageNumber + 1) : undefined };
}

function trimmed(filter?: string): string | undefined {
	const text = filter?.trim();
	return text ? text : undefined;
}

/** Queue names match whole names unless wrapped in asterisks: search by part. */
function containing(text: string): string {
	return `*${text.replace(/\*/g, '')}*`;
}

/** Data actions by name (Genesys matches part of the name), each shown with its category. */
export async function searchDataActions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const name = trimmed(filter);
	return await searchPage(
		this,
		'/api/v2/integrations/actions',
		{ sortBy: 'name', ...(name ? { name } : {}) },
		paginationToken,
		(action) => `${action.name} (${String(action.category ?? 'no category')})`,
	);
}

/** Queues by name (a search for "sales" matches "*sales*"), each shown with its division. */
export async function searchQueues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const name = trimmed(filter);
	return await searchPage(
		this,
		'/api/v2/routing/queues',
		name ? { name: containing(name) } : {},
		paginationToken,
		(queue) => {
			const division = (queue.division as IDataObject | undefined)?.name;
			return division ? `${queue.name} (${String(division)})` : queue.name;
		},
	);
}

/** Org wrap-up code pages read per picker page at most, so one search stays a few requests. */
const WRAPUP_CODE_PAGES_PER_SEARCH = 5;

/**
 * The organization's wrap-up codes, filtered on the client by part of the name (any case). How
 * Genesys matches the list's `name` filter is not documented (API-NOTES §8.7; Terraform lists the
 * codes and compares them itself), so the filter is never sent: the list is read page by page, and
 * each picker page continues where the last one stopped (the token is the next list page).
 */
export async function searchWrapupCodes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const wanted = trimmed(filter)?.toLowerCase();
	const results: INodeListSearchResult['results'] = [];
	let pageNumber = paginationToken ? Number(paginationToken) : 1;
	for (let read = 0; read < WRAPUP_CODE_PAGES_PER_SEARCH; read++) {
		const page = (await genesysApiRequest.call(this, {
			method: 'GET',
			path: '/api/v2/routing/wrapupcodes',
			// no sortBy: Genesys ignores it without a name filter
			qs: { pageSize: MAX_PAGE_SIZE, pageNumber },
		})) as EntityListing<Named>;
		const entities = page.entities ?? [];
		for (const code of entities) {
			const name = String(code.name ?? code.id);
			if (!wanted || name.toLowerCase().includes(wanted)) results.push({ name, value: code.id });
		}
		const more = entities.length > 0 && pageNumber < (page.pageCount ?? pageNumber);
		pageNumber++;
		if (!more) return { results };
		// enough to show: the next picker page continues with the next list page
		if (results.length >= PICKER_PAGE_SIZE) break;
	}
	return { results, paginationToken: String(pageNumber) };
}

/** Divisions, for the "queues in these divisions" scope. */
export async function getDivisions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const divisions = await genesysListAll<Named>(this, { path: '/api/v2/authorization/divisions' });
	return divisions
		.map((division) => ({ name: division.name, value: division.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Queues as options, for the multi-select exclusion list. */
export async function getQueues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const queues = await genesysListAll<Named>(this, { path: '/api/v2/routing/queues' });
	return queues.map((queue) => ({ name: queue.name, value: queue.id }));
}
