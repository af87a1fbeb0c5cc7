'use strict';
/**
 * Mutation runs only (stryker.config.mjs adds this as a jest setup file): during Stryker's dry run,
 * record which test file holds each test, by its full name, so that for each mutant
 * onlyCoveringFiles.js can load just the files of the tests that reach it. Stryker's jest runner
 * runs a mutant's tests by name pattern over every file of the run, and each engine test file costs
 * seconds to load (n8n-core, the emulator's OpenAPI validation): this cuts a mutant's cost to the
 * files it needs. Stryker sets __STRYKER_ACTIVE_MUTANT__ for mutant runs; the dry run has none.
 */
const fs = require('node:fs');
const { mapFile } = require('./testFileMap');

if (!process.env.__STRYKER_ACTIVE_MUTANT__) {
	beforeEach(() => {
		const { currentTestName, testPath } = expect.getState();
		if (currentTestName && testPath) fs.appendFileSync(mapFile(), JSON.stringify([currentTestName, testPath]) + '\n');
	});
}
