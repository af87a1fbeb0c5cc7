/**
 * Issue 17, mutation testing: Update Data Action Timeout's rules as pure functions on the built
 * modules: which actions it refuses before any request, what a stale version looks like, the
 * compare-and-set check, and when a write's answer is verification enough.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

// the built modules, as the node uses them (loaded at run time: the lint of a fresh clone has no dist/)
const actions = '../../dist/nodes/GenesysCloudUpdateDataActionTimeout/actions';
const { refuseUnsupportedAction, isStaleVersion } = jest.requireActual<typeof import('../../nodes/GenesysCloudUpdateDataActionTimeout/actions/refusals')>(`${actions}/refusals`);
const { checkCurrentTimeout, timeoutConflict, timeoutConflictOf } = jest.requireActual<
	typeof import('../../nodes/GenesysCloudUpdateDataActionTimeout/actions/onlyIfCurrentTimeout')
>(`${actions}/onlyIfCurrentTimeout`);
const { verifiedTimeout } = jest.requireActual<typeof import('../../nodes/GenesysCloudUpdateDataActionTimeout/actions/verifyTimeout')>(`${actions}/verifyTimeout`);
const { categoryNamesFunctionAction } = jest.requireActual<typeof import('../../nodes/GenesysCloudUpdateDataActionTimeout/actions/functionDataActions')>(
	`${actions}/functionDataActions`,
);

const node: INode = { id: 'n1', name: 'Update Data Action Timeout', type: 'x', typeVersion: 2, position: [0, 0], parameters: {} };
const answered = (status: number, message: string) => Object.assign(new NodeApiError(node, { message }, { httpCode: String(status) }), { message });

test('[safety] built-in and custom-authentication actions are refused by their ID, before any request', () => {
	expect(() => refuseUnsupportedAction(node, 'static_-_abc', 1)).toThrow('Data action static_-_abc is a built-in (static) action; its timeout cannot be changed');
	expect(() => refuseUnsupportedAction(node, 'customAuth_-_abc', 1)).toThrow('Data action customAuth_-_abc is a custom authentication action; it takes no timeout');
	expect(() => refuseUnsupportedAction(node, 'custom_-_abc', 1)).not.toThrow();
	expect(() => refuseUnsupportedAction(node, 'x_static_-_abc', 1)).not.toThrow();
});

test('[safety] a stale version is a 409, or a 400 saying the version does not match; nothing else', () => {
	expect(isStaleVersion(answered(409, 'conflict'))).toBe(true);
	expect(isStaleVersion(answered(400, 'Version 3 does not match the current version 4'))).toBe(true);
	expect(isStaleVersion(answered(400, 'config.request.requestUrlTemplate: host not allowed'))).toBe(false);
	expect(isStaleVersion(answered(422, 'does not match the current version'))).toBe(false);
	expect(isStaleVersion(new Error('does not match the current version'))).toBe(false);
});

test('[safety] Only If Current Timeout Is: passes when not set or equal; otherwise says what was found', () => {
	expect(checkCurrentTimeout(5, undefined)).toEqual({ ok: true });
	expect(checkCurrentTimeout(5, 5)).toEqual({ ok: true });
	expect(checkCurrentTimeout(7, 5)).toEqual({ ok: false, found: 7, reason: 'the timeout is 7 s, not 5 s as required by Only If Current Timeout Is; nothing was written' });
	expect(checkCurrentTimeout(undefined, 5)).toEqual({ ok: false, found: null, reason: 'the timeout is null s, not 5 s as required by Only If Current Timeout Is; nothing was written' });
	const check = { ok: false as const, found: 7, reason: 'why' };
	const error = timeoutConflict(node, check, 2);
	expect(error.message).toBe('why');
	expect(timeoutConflictOf(error)).toBe(check);
	expect(timeoutConflictOf(new Error('why'))).toBeUndefined();
	expect(timeoutConflictOf('why')).toBeUndefined();
});

test("[safety] a write's answer verifies it when it carries the timeout; otherwise, or when asked, a separate read", async () => {
	const read = jest.fn(async () => ({ id: 'read' }) as never);
	const answer = { id: 'answer', config: { timeoutSeconds: 12 } };
	await expect(verifiedTimeout({ state: answer } as never, false, read)).resolves.toBe(answer);
	expect(read).not.toHaveBeenCalled();
	await expect(verifiedTimeout({ state: answer } as never, true, read)).resolves.toEqual({ id: 'read' });
	await expect(verifiedTimeout({ state: { id: 'answer', config: {} } } as never, false, read)).resolves.toEqual({ id: 'read' });
	expect(read).toHaveBeenCalledTimes(2);
});

test("[safety] a category names a function data action as Terraform reads it: any case, '_' and '-' as spaces", () => {
	expect(categoryNamesFunctionAction('Function Data Actions')).toBe(true);
	expect(categoryNamesFunctionAction('my_function-data_action')).toBe(true);
	expect(categoryNamesFunctionAction('Web Services')).toBe(false);
	expect(categoryNamesFunctionAction(undefined)).toBe(false);
});
