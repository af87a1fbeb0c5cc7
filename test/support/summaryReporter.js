// Writes the run's totals to test-results/summary.json so .ci/run can print "N passed, N failed".
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const dir = path.join(process.cwd(), 'test-results');
		fs.mkdirSync(dir, { recursive: true });
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		fs.writeFileSync(
			path.join(dir, 'summary.json'),
			JSON.stringify({ passed: results.numPassedTests, failed, suitesFailed: results.numFailedTestSuites }, null, 2),
		);
	}
}
module.exports = SummaryReporter;
