/**
 * Issue 17, mutation testing: Set ACW Policy's parameters, checked before the first request, on
 * the built module: the scope, the ID lists, the org switches and the options, each refused with
 * the field's name.
 */
import type { INode } from 'n8n-workflow';

// the built module, as the node uses it (loaded at run time: the lint of a fresh clone has no dist/)
const { readPolicy } = jest.requireActual<typeof import('../../nodes/GenesysCloudSetAcwPolicy/actions/readPolicy')>('../../dist/nodes/GenesysCloudSetAcwPolicy/actions/readPolicy');

const node: INode = { id: 'n1', name: 'Set ACW Policy', type: 'x', typeVersion: 2, position: [0, 0], parameters: {} };
const Q1 = '0b7d4f7e-0000-4000-8000-000000000001';
const Q2 = '0b7d4f7e-0000-4000-8000-000000000002';

function policy(parameters: Record<string, unknown>, itemIndex = 0) {
	const all: Record<string, unknown> = { wrapupPrompt: 'MANDATORY_TIMEOUT', acwTimeoutSeconds: 30, ...parameters };
	const ctx = {
		getNode: () => node,
		getNodeParameter: (name: string, _item: number, fallback?: unknown) => (name in all ? all[name] : fallback),
	};
	return readPolicy(ctx as never, itemIndex);
}

test('[safety] the defaults: every queue, nothing excluded, no switches, 8 in parallel, a real run per queue', () => {
	expect(policy({})).toEqual({
		acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 },
		scope: { kind: 'all' },
		exclude: new Set(),
		orgSwitches: {},
		dryRun: false,
		verifyWithRead: false,
		concurrency: 8,
		output: 'perQueue',
	});
});

test('[safety] the options as set: dry run, separate read, concurrency, summary output', () => {
	expect(policy({ options: { dryRun: true, verifyWithRead: true, concurrency: 20, output: 'summary' } })).toMatchObject({
		dryRun: true,
		verifyWithRead: true,
		concurrency: 20,
		output: 'summary',
	});
	expect(policy({ options: { dryRun: 'yes', output: 'other' } })).toMatchObject({ dryRun: false, output: 'perQueue' });
	expect(() => policy({ options: { concurrency: 21 } })).toThrow('Max Parallel Queues');
	expect(() => policy({ options: { concurrency: 0 } })).toThrow('Max Parallel Queues');
});

test('[safety] divisions and queue lists take IDs as a list or comma-separated text, and need at least one', () => {
	expect(policy({ scope: 'divisions', divisionIds: [` ${Q1} `, '', Q2] }).scope).toEqual({ kind: 'divisions', divisionIds: [Q1, Q2] });
	expect(policy({ scope: 'list', queueIds: `${Q1}, ${Q2}` }).scope).toEqual({ kind: 'list', queueIds: [Q1, Q2] });
	expect(policy({ scope: 'list', queueIds: Q1 }).scope).toEqual({ kind: 'list', queueIds: [Q1] });
	expect(() => policy({ scope: 'divisions', divisionIds: [] })).toThrow('Choose at least one division for the "Queues in Divisions" scope');
	expect(() => policy({ scope: 'list', queueIds: null })).toThrow('Choose at least one queue for the "A List of Queues" scope');
	expect(() => policy({ scope: 'list', queueIds: ['../queues'] })).toThrow('Queue ID is not a Genesys Cloud ID: "../queues"');
	expect(policy({ excludeQueueIds: `${Q1},${Q2}` }).exclude).toEqual(new Set([Q1, Q2]));
	expect(() => policy({ excludeQueueIds: 'a b' })).toThrow('Excluded queue ID is not a Genesys Cloud ID');
});

test('[safety] a name pattern needs more than wildcards and at most 200 characters', () => {
	expect(policy({ scope: 'namePattern', namePattern: '  Sales*  ' }).scope).toEqual({ kind: 'namePattern', pattern: 'Sales*' });
	expect(() => policy({ scope: 'namePattern', namePattern: '**' })).toThrow('Name Pattern is empty; give part of a queue name, with * as a wildcard');
	expect(() => policy({ scope: 'namePattern' })).toThrow('Name Pattern is empty');
	expect(policy({ scope: 'namePattern', namePattern: 'x'.repeat(200) }).scope).toMatchObject({ kind: 'namePattern' });
	expect(() => policy({ scope: 'namePattern', namePattern: 'x'.repeat(201) })).toThrow('Name Pattern is longer than 200 characters');
	expect(() => policy({ scope: 'everything' })).toThrow('Scope must be all, divisions, namePattern or list, got "everything"');
});

test('[safety] the org switches: only the ones set, each true or false', () => {
	expect(policy({ orgSwitches: { communicationBasedACW: false, completeAcwWhenAgentTransitionsOffline: true } }).orgSwitches).toEqual({
		communicationBasedACW: false,
		completeAcwWhenAgentTransitionsOffline: true,
	});
	expect(policy({ orgSwitches: { communicationBasedACW: true } }).orgSwitches).toEqual({ communicationBasedACW: true });
	expect(() => policy({ orgSwitches: { completeAcwWhenAgentTransitionsOffline: 'yes' } })).toThrow(
		'Org-Wide Switches: completeAcwWhenAgentTransitionsOffline must be true or false',
	);
});

test('[safety] the prompt and timeout are checked first: a bad one is refused before the scope is read', () => {
	expect(() => policy({ wrapupPrompt: 'MANDATORY', acwTimeoutSeconds: 30, scope: 'everything' })).toThrow('cannot be set for the MANDATORY prompt');
});

test('[safety] ID lists: an empty or missing value is no ID, blanks between commas are dropped, a number is an ID', () => {
	expect(() => policy({ scope: 'list', queueIds: undefined })).toThrow('Choose at least one queue for the "A List of Queues" scope');
	expect(policy({ scope: 'list', queueIds: `${Q1}, ,` }).scope).toEqual({ kind: 'list', queueIds: [Q1] });
	// a number (an expression's result) is one ID, as text
	expect(policy({ scope: 'list', queueIds: 12345 }).scope).toEqual({ kind: 'list', queueIds: ['12345'] });
	expect(policy({ scope: 'list', queueIds: [12345] }).scope).toEqual({ kind: 'list', queueIds: ['12345'] });
	expect(() => policy({ scope: 'namePattern', namePattern: null })).toThrow('Name Pattern is empty');
});

test.each([
	['no division', { scope: 'divisions', divisionIds: [] }],
	['an empty name pattern', { scope: 'namePattern', namePattern: '*' }],
	['a name pattern over 200 characters', { scope: 'namePattern', namePattern: 'x'.repeat(201) }],
	['no queue', { scope: 'list', queueIds: [] }],
	['an unknown scope', { scope: 'everything' }],
	['a switch that is not true or false', { orgSwitches: { communicationBasedACW: 1 } }],
])('[safety] %s is refused for the item it came from', (_label, parameters) => {
	let caught: (Error & { context?: { itemIndex?: number } }) | undefined;
	try {
		policy(parameters, 3);
	} catch (error) {
		caught = error as typeof caught;
	}
	expect(caught?.context?.itemIndex).toBe(3);
});
