import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * Version 1 of the writing nodes keeps the output shape it was released with (CHANGELOG's version
 * policy: a saved workflow must behave as it was built). Version 2 speaks of `before`/`after` in a
 * real run and `current`/`wouldSetTo` in a dry run; version 1 gets those fields back under their
 * old names. The new fields (`runId`, `outcome`, `changes`) are additions and stay.
 */
function legacy(json: IDataObject, before: string, after: string): IDataObject {
	if (!('current' in json)) {
		const { before: was, after: is, ...rest } = json;
		return 'before' in json ? { ...rest, [before]: was, [after]: is } : json;
	}
	const { current, wouldSetTo, ...rest } = json;
	// version 1 showed `wouldSetTo` only when a change was due
	return { ...rest, [before]: current, [after]: current, ...(json.outcome === 'wouldChange' ? { wouldSetTo } : {}) };
}

export function toOutputV1(
	output: INodeExecutionData[][],
	names: { before: string; after: string } = { before: 'before', after: 'after' },
): INodeExecutionData[][] {
	return output.map((items) => items.map((item) => ({ ...item, json: legacy(item.json, names.before, names.after) })));
}
