'use strict';
/**
 * Mutation runs only: a jest test sequencer that, when Stryker runs a mutant's covering tests by
 * name (jest's testNamePattern), keeps only the test files that hold one of those tests, from the
 * dry run's record (recordTestFiles.js). Without a record, or when no recorded file matches, every
 * file runs, as without this sequencer: it can make a run faster, never skip a covering test.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { readTestFileMap } = require('./testFileMap');

class OnlyCoveringFiles extends Sequencer {
	constructor(options) {
		super(options);
		this.namePattern = options.globalConfig && options.globalConfig.testNamePattern;
	}

	async sort(tests) {
		const sorted = await super.sort(tests);
		if (!this.namePattern) return sorted;
		const byFile = readTestFileMap();
		if (!byFile) return sorted;
		const pattern = new RegExp(this.namePattern, 'i');
		const matched = new Set();
		const covering = sorted.filter((test) => {
			const names = [...(byFile.get(test.path) ?? [])].filter((name) => pattern.test(name));
			names.forEach((name) => matched.add(name));
			return names.length > 0;
		});
		// Stryker's pattern is one escaped full name per test, "(a)|(b)": when the record does not
		// hold as many of them, a covering test is not in it, and every file runs
		return covering.length && matched.size >= alternatives(this.namePattern) ? covering : sorted;
	}
}

/** How many names Stryker's pattern "(a)|(b)|..." holds (its names' own parentheses are escaped). */
function alternatives(pattern) {
	return (pattern.match(/(?<!\\)\)\|\(/g) ?? []).length + 1;
}

module.exports = OnlyCoveringFiles;
