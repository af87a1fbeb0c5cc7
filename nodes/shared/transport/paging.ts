import type { IDataObject } from 'n8n-workflow';

import type { GenesysContext } from './credentials';
import type { GenesysRequest } from './genesysApiRequest';
import { genesysApiRequest } from './genesysApiRequest';

export interface EntityListing<T> {
	entities?: T[];
	pageSize?: number;
	pageNumber?: number;
	pageCount?: number;
	total?: number;
	nextUri?: string;
}

/** Largest page Genesys's own tooling asks for on these endpoints (API-NOTES §7.4). */
export const MAX_PAGE_SIZE = 100;

/**
 * Walks a Genesys `*EntityListing` endpoint page by page (pageNumber 1..pageCount), yielding one
 * page of entities at a time so a caller can start work, or stop, before the last page arrives.
 */
export async function* genesysPages<T = IDataObject>(
	ctx: GenesysContext,
	request: Omit<GenesysRequest, 'method'>,
	pageSize = MAX_PAGE_SIZE,
): AsyncGenerator<T[]> {
	for (let pageNumber = 1; ; pageNumber++) {
		const page = (await genesysApiRequest.call(ctx, {
			...request,
			method: 'GET',
			qs: { ...request.qs, pageSize, pageNumber },
		})) as EntityListing<T>;
		const entities = page.entities ?? [];
		if (entities.length) yield entities;
		const pageCount = page.pageCount ?? (page.nextUri ? pageNumber + 1 : pageNumber);
		if (!entities.length || pageNumber >= pageCount) return;
	}
}

/** Every entity of a listing, in order. */
export async function genesysListAll<T = IDataObject>(
	ctx: GenesysContext,
	request: Omit<GenesysRequest, 'method'>,
	pageSize = MAX_PAGE_SIZE,
): Promise<T[]> {
	const all: T[] = [];
	for await (const page of genesysPages<T>(ctx, request, pageSize)) all.push(...page);
	return all;
}
