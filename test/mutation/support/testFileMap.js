'use strict';
/** The dry run's record of test name → test file (see recordTestFiles.js), in Stryker's sandbox. */
const fs = require('node:fs');
const path = require('node:path');

const mapFile = () => path.join(process.cwd(), '.stryker-test-files.jsonl');

/** Map of test file → the full names of its tests, or undefined when there is no record yet. */
function readTestFileMap() {
	let text;
	try {
		text = fs.readFileSync(mapFile(), 'utf8');
	} catch {
		return undefined;
	}
	const byFile = new Map();
	for (const line of text.split('\n')) {
		if (!line) continue;
		const [name, file] = JSON.parse(line);
		if (!byFile.has(file)) byFile.set(file, new Set());
		byFile.get(file).add(name);
	}
	return byFile;
}

module.exports = { mapFile, readTestFileMap };
