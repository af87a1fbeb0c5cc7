import { NodeOperationError } from 'n8n-workflow';

import type { CallScope } from './execution/callScope';

export interface ExactNameSearch<T> {
	/** what is looked for, in the messages: "queue", "data action" */
	noun: string;
	/** the pages the server's own name filter narrowed down (it may match more than the exact name) */
	pages: AsyncIterable<T[]>;
	/** how one match is named when several share the name (default: its ID) */
	describe?: (entity: T) => string;
	/** the hint shown when nothing matches */
	notFoundHint: string;
	/** the hint shown when several match */
	ambiguousHint?: string;
}

/**
 * A name given by the user is compared exactly (case and spaces included) over every page: Genesys's
 * name filters match parts of names or take wildcards, so the server's answer only narrows the search.
 * None or several matches fail the item with the IDs to choose from.
 */
export async function findByExactName<T extends { id: string; name: string }>(
	scope: CallScope,
	name: string,
	search: ExactNameSearch<T>,
): Promise<T> {
	const matches: T[] = [];
	for await (const page of search.pages) matches.push(...page.filter((entity) => entity.name === name));
	const node = scope.ctx.getNode();
	if (matches.length === 0) {
		throw new NodeOperationError(node, `No ${search.noun} is named exactly "${name}"`, {
			itemIndex: scope.itemIndex,
			description: search.notFoundHint,
		});
	}
	if (matches.length > 1) {
		const listed = matches.map((entity) => search.describe?.(entity) ?? entity.id).join(', ');
		throw new NodeOperationError(node, `${matches.length} ${search.noun}s are named "${name}": ${listed}`, {
			itemIndex: scope.itemIndex,
			...(search.ambiguousHint ? { description: search.ambiguousHint } : {}),
		});
	}
	return matches[0];
}
