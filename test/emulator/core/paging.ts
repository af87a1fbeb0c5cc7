/**
 * Genesys-style paging for resource handlers: slices a list and builds the *EntityListing envelope
 * ({entities, pageSize, pageNumber, total, pageCount, firstUri, lastUri, nextUri?, previousUri?, selfUri}).
 *
 * Genesys puts RELATIVE uris in listings ("/api/v2/routing/queues?pageSize=25&pageNumber=2"), so we do too by
 * default: a node that follows nextUri must prefix its own base URL, and the emulator should catch one that doesn't.
 * Pass `{ absoluteUris: true }` to prefix `baseUrl` instead.
 */
import { GenesysError } from '../types';

export const DEFAULT_PAGE_SIZE = 25;
/** Largest pageSize we accept; Genesys rejects bigger pages on most list endpoints. */
export const MAX_PAGE_SIZE = 500;

export interface EntityListing<T> {
	entities: T[];
	pageSize: number;
	pageNumber: number;
	total: number;
	pageCount: number;
	firstUri: string;
	lastUri: string;
	selfUri: string;
	nextUri?: string;
	previousUri?: string;
}

export interface PaginateOptions {
	absoluteUris?: boolean;
}

function toInt(value: unknown, fallback: number, field: string): number {
	if (value === undefined || value === null || value === '') return fallback;
	const raw = Array.isArray(value) ? value[0] : value;
	const n = typeof raw === 'number' ? raw : Number(raw);
	if (!Number.isInteger(n)) {
		throw new GenesysError(400, 'bad.request', `Invalid value for ${field}: ${String(raw)}`);
	}
	return n;
}

/**
 * @param items   the full, already filtered and sorted list
 * @param query   the request's query (pageSize / pageNumber read from it; other keys are kept in the uris)
 * @param baseUrl emulator base URL (used only with absoluteUris)
 * @param path    the request path, e.g. '/api/v2/integrations/actions'
 */
export function paginate<T>(
	items: T[],
	query: Record<string, unknown>,
	baseUrl: string,
	path: string,
	options: PaginateOptions = {},
): EntityListing<T> {
	const pageSize = toInt(query.pageSize, DEFAULT_PAGE_SIZE, 'pageSize');
	const pageNumber = toInt(query.pageNumber, 1, 'pageNumber');
	if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
		throw new GenesysError(
			400,
			'bad.request',
			`pageSize must be between 1 and ${MAX_PAGE_SIZE}, was ${pageSize}`,
			{ field: 'pageSize' },
		);
	}
	if (pageNumber < 1) {
		throw new GenesysError(400, 'bad.request', `pageNumber must be 1 or greater, was ${pageNumber}`, {
			field: 'pageNumber',
		});
	}

	const total = items.length;
	const pageCount = Math.ceil(total / pageSize);
	const start = (pageNumber - 1) * pageSize;
	const entities = items.slice(start, start + pageSize);

	// Keep the caller's filters in every uri so following nextUri keeps the same result set.
	const kept = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (key === 'pageSize' || key === 'pageNumber' || value === undefined) continue;
		for (const v of Array.isArray(value) ? value : [value]) kept.append(key, String(v));
	}
	const prefix = options.absoluteUris ? baseUrl.replace(/\/$/, '') : '';
	const uri = (page: number) => {
		const params = new URLSearchParams({ pageSize: String(pageSize), pageNumber: String(page) });
		for (const [k, v] of kept) params.append(k, v);
		return `${prefix}${path}?${params.toString()}`;
	};

	const listing: EntityListing<T> = {
		entities,
		pageSize,
		pageNumber,
		total,
		pageCount,
		firstUri: uri(1),
		lastUri: uri(Math.max(pageCount, 1)),
		selfUri: uri(pageNumber),
	};
	if (pageNumber < pageCount) listing.nextUri = uri(pageNumber + 1);
	if (pageNumber > 1) listing.previousUri = uri(Math.min(pageNumber - 1, Math.max(pageCount, 1)));
	return listing;
}
