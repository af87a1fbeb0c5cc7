/**
 * Issue 17, mutation testing: the error a write's retry loop raises when a fresh read no longer
 * matches "Only If Current Timeout Is", on the built module: it carries its item and its check.
 */
const { timeoutConflict, timeoutConflictOf } = jest.requireActual<typeof import('../../nodes/GenesysCloudUpdateDataActionTimeout/actions/onlyIfCurrentTimeout')>(
	'../../dist/nodes/GenesysCloudUpdateDataActionTimeout/actions/onlyIfCurrentTimeout',
);

test('[safety] a conflict found on a fresh read names its item and keeps the check it failed', () => {
	const check = { ok: false as const, found: 12, reason: 'the timeout is now 12 s, not 10 s' };
	const error = timeoutConflict({ name: 'Update Data Action Timeout' } as never, check as never, 3);
	expect(error.message).toBe(check.reason);
	expect(error.context.itemIndex).toBe(3);
	expect(timeoutConflictOf(error)).toBe(check);
	expect(timeoutConflictOf(new Error(check.reason))).toBeUndefined();
});
