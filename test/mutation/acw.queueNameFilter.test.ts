/**
 * Issue 17, mutation testing: the queue listing's `name` filter, on the built module. The spec
 * allows asterisks only at the ends, so a name or pattern with one in the middle is sent as its
 * longest part; the callers compare the names themselves.
 */
// the built module, as the nodes use it (loaded at run time: the lint of a fresh clone has no dist/)
const { queueNameFilter } = jest.requireActual<typeof import('../../nodes/shared/acw/queueNameFilter')>('../../dist/nodes/shared/acw/queueNameFilter');

test.each([
	['Sales', 'Sales'],
	['S', 'S'],
	['Sales*', 'Sales*'],
	['*Sales', '*Sales'],
	['*Sales*', '*Sales*'],
	['VIP*Line', '*Line*'],
	['ab*cdef*g', '*cdef*'],
	['*a*bcd', '*bcd*'],
	['abcd*e*', '*abcd*'],
])('[safety] %s is sent as %s', (nameOrPattern, filter) => {
	expect(queueNameFilter(nameOrPattern)).toBe(filter);
});
