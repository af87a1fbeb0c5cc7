import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

// Genesys IDs are UUIDs, or for data actions "custom_-_<uuid>" and "static_<name>": letters,
// digits, "-" and "_". Anything else ("../", "?", "#", "/", spaces) could change the request's
// path, so it is refused before a request is built.
const GENESYS_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function requireGenesysId(node: INode, value: unknown, field: string, itemIndex: number): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) {
		throw new NodeOperationError(node, `${field} is empty`, {
			itemIndex,
			description: 'Pick an entry from the list, or give its ID (check the expression if you used one).',
		});
	}
	if (!GENESYS_ID.test(text)) {
		const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
		throw new NodeOperationError(node, `${field} is not a Genesys Cloud ID: "${shown}"`, {
			itemIndex,
			description: 'IDs contain only letters, digits, "-" and "_" (at most 128 characters).',
		});
	}
	return text;
}
