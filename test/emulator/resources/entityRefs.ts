/**
 * selfUri builders and small references shared by the routing/conversation modules.
 * Genesys selfUris are relative paths ("/api/v2/routing/queues/{id}"); we keep them relative too.
 */
import type { JsonObject, OrgStore } from '../types';

export const divisionUri = (id: string) => `/api/v2/authorization/divisions/${id}`;
export const queueUri = (id: string) => `/api/v2/routing/queues/${id}`;
export const wrapupCodeUri = (id: string) => `/api/v2/routing/wrapupcodes/${id}`;
export const conversationUri = (id: string) => `/api/v2/conversations/${id}`;
export const userUri = (id: string) => `/api/v2/users/${id}`;

/** {id, name, selfUri} of a division, as embedded in queues and wrap-up codes. */
export function divisionRef(store: OrgStore, id: string): JsonObject {
	const division = store.divisions.get(id);
	return { id, name: division?.name ?? id, selfUri: divisionUri(id) };
}

/** The org's home division (every org has exactly one); new queues land there when no division is given. */
export function homeDivisionId(store: OrgStore): string | undefined {
	for (const division of store.divisions.values()) if (division.homeDivision) return division.id;
	return store.divisions.keys().next().value;
}

/** Deep copy so a handler never hands out (or keeps) a reference into the store. */
export function clone<T>(value: T): T {
	return value === undefined ? value : structuredClone(value);
}
