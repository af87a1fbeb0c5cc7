/**
 * Reading Genesys list-endpoint query parameters the way the platform does.
 * The core hands us repeated keys (`id=a&id=b`) as arrays and single keys as strings; array params are
 * NOT comma-split, because Genesys does not split them either (`id=a,b` is one id that matches nothing).
 */

/** First value of a query key (a repeated key yields its first value). */
export function one(query: Record<string, unknown>, key: string): string | undefined {
	const value = query[key];
	if (value === undefined || value === null) return undefined;
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined ? undefined : String(first);
}

/** All values of an array-typed query key; [] when absent. */
export function many(query: Record<string, unknown>, key: string): string[] {
	const value = query[key];
	if (value === undefined || value === null) return [];
	return (Array.isArray(value) ? value : [value]).map(String).filter((v) => v !== '');
}

/** Boolean query key ('true'/'false' strings, or booleans after the core's coercion). */
export function flag(query: Record<string, unknown>, key: string): boolean | undefined {
	const raw = one(query, key);
	if (raw === undefined) return undefined;
	return raw === 'true';
}

/**
 * Genesys name filters: leading and/or trailing `*` are wildcards ("Sales*", "*EMEA*", "*001"),
 * anything else is an exact match. Case-insensitive (queue names are unique case-insensitively in Genesys).
 */
export function nameMatcher(pattern: string): (name: unknown) => boolean {
	const lower = pattern.toLowerCase();
	const leading = lower.startsWith('*');
	const trailing = lower.length > 1 && lower.endsWith('*');
	const core = lower.slice(leading ? 1 : 0, trailing ? -1 : undefined);
	return (name) => {
		if (typeof name !== 'string') return false;
		const n = name.toLowerCase();
		if (leading && trailing) return n.includes(core);
		if (leading) return n.endsWith(core);
		if (trailing) return n.startsWith(core);
		return n === core;
	};
}

/** Case-insensitive name comparison used for every "sorted by name" listing. */
export function compareNames(a: unknown, b: unknown): number {
	const x = String(a ?? '').toLowerCase();
	const y = String(b ?? '').toLowerCase();
	return x < y ? -1 : x > y ? 1 : 0;
}
