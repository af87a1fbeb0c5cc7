import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// Genesys IDs are UUIDs, or for data actions "custom_-_<uuid>" and "static_<name>": letters,
// digits, "-" and "_". Anything else ("../", "?", "#", "/", spaces) could change the request's
// path, so it is refused before a request is built.
// These checks run in the package's own code with native, linear-time patterns, never through
// n8n's safeRegex: n8n 2.x runs that in a vm with a 250 ms timeout, which a busy worker can exceed
// and so fail a valid item with "Regular expression execution timed out".
const GENESYS_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const ID_RULE = 'IDs contain only letters, digits, "-" and "_" (at most 128 characters).';
// an admin address is a single http(s) URL; longer text is not one (and is not scanned)
const HTTP_URL = /^https?:\/\/[^\s/]+\/\S*$/i;
const MAX_URL_LENGTH = 2048;

function shown(text: string): string {
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

export function requireGenesysId(node: INode, value: unknown, field: string, itemIndex: number): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) {
		throw new NodeOperationError(node, `${field} is empty`, {
			itemIndex,
			description: 'Pick an entry from the list, or give its ID (check the expression if you used one).',
		});
	}
	if (!GENESYS_ID.test(text)) {
		throw new NodeOperationError(node, `${field} is not a Genesys Cloud ID: "${shown(text)}"`, {
			itemIndex,
			description: ID_RULE,
		});
	}
	return text;
}

/**
 * The ID in a Genesys Cloud admin address: the path segment after the last "/<segment>/", up to
 * the next "/", "?" or "#" (".../admin/routing/queues/<ID>/settings" gives <ID>).
 */
export function requireIdFromAdminUrl(node: INode, value: unknown, field: string, segment: string, itemIndex: number): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const refuse = (why: string) =>
		new NodeOperationError(node, `${field} URL ${why}`, {
			itemIndex,
			description: `Give the address from Genesys Cloud admin: an http(s) URL containing /${segment}/<ID>. ${ID_RULE}`,
		});
	if (!text) throw refuse('is empty');
	if (text.length > MAX_URL_LENGTH) throw refuse(`is longer than ${MAX_URL_LENGTH} characters`);
	if (!HTTP_URL.test(text)) throw refuse(`is not an http(s) address: "${shown(text)}"`);
	const marker = `/${segment}/`;
	const at = text.lastIndexOf(marker);
	// the segment must be in the path, not the scheme's "//" followed by a host of that name
	if (at < text.indexOf('/', text.indexOf('//') + 2)) throw refuse(`does not contain /${segment}/<ID>: "${shown(text)}"`);
	const id = text.slice(at + marker.length).split(/[/?#]/, 1)[0];
	if (!GENESYS_ID.test(id)) throw refuse(`does not contain a Genesys Cloud ID after /${segment}/: "${shown(text)}"`);
	return id;
}
