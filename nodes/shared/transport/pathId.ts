/**
 * Encodes one path segment. Callers validate IDs first (validation/ids.ts); encoding is the
 * second fence, so no value can change the path or the host a request goes to.
 */
export function pathId(value: string): string {
	return encodeURIComponent(value);
}
