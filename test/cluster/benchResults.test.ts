/* eslint-disable @typescript-eslint/no-require-imports -- bench/cluster is plain Node (CommonJS) */
/**
 * Issue 20 §4: bench:cluster keyed its results by commit only, so a 1-worker run overwrote the
 * 2-worker run's figures under the same label. Each run stays, by label and worker count.
 */
const { keepRun } = require('../../bench/cluster/results');

test('[cluster] bench:cluster keeps a 2-worker run when a 1-worker run of the same label follows, and other labels untouched', () => {
	let all = { runs: { older: { generatedAt: 't0', byWorkers: { 2: { burst: 'old' } } } } };
	all = keepRun(all, { label: 'abc123', generatedAt: 't1', settings: { scale: 1 }, byWorkers: { 2: { burst: 'two' } } });
	all = keepRun(all, { label: 'abc123', generatedAt: 't2', settings: { scale: 1 }, byWorkers: { 1: { burst: 'one' } } });
	expect(all.runs.abc123.byWorkers[2]).toEqual({ generatedAt: 't1', settings: { scale: 1 }, burst: 'two' });
	expect(all.runs.abc123.byWorkers[1]).toEqual({ generatedAt: 't2', settings: { scale: 1 }, burst: 'one' });
	expect(all.runs.older.byWorkers[2].burst).toBe('old');
	// a rerun of the same worker count replaces only that count
	all = keepRun(all, { label: 'abc123', generatedAt: 't3', settings: { scale: 1 }, byWorkers: { 2: { burst: 'two again' } } });
	expect(all.runs.abc123.byWorkers[2].burst).toBe('two again');
	expect(all.runs.abc123.byWorkers[1].burst).toBe('one');
});
