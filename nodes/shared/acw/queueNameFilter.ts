/**
 * The `name` filter to send to GET /api/v2/routing/queues for a name or a pattern with `*`. The
 * spec allows asterisks only at the start and end ("leading and trailing asterisks allowed"): a
 * value with one in the middle is sent as its longest asterisk-free part between asterisks. The
 * answer then holds the queue whether Genesys reads the filter as an exact name with wildcards or as
 * a part of the name, and the caller compares the names itself.
 */
export function queueNameFilter(nameOrPattern: string): string {
	if (/^\*?[^*]+\*?$/.test(nameOrPattern)) return nameOrPattern;
	const longest = nameOrPattern.split('*').sort((a, b) => b.length - a.length)[0];
	return `*${longest}*`;
}
