#!/usr/bin/env node
'use strict';
/**
 * Writes test/mutation-summary.json from Stryker's JSON reports (reports/mutation/<group>.json,
 * mutation-testing-report-schema), so the committed figures are never typed by hand:
 *   {score, killed, survived, timeout, noCoverage, files: {path: score}, ...}
 * Score as Stryker computes it: detected (killed + timeout) over valid mutants (detected + survived
 * + no coverage); compile errors, runtime errors and ignored mutants are not valid mutants.
 * With --survivors it also prints every surviving and uncovered mutant (for test/MUTATION.md).
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const REPORTS = path.join(REPO_ROOT, 'reports', 'mutation');
const OUT = path.join(REPO_ROOT, 'test', 'mutation-summary.json');

const round = (value) => Math.round(value * 100) / 100;
const score = (c) => {
	const valid = c.killed + c.timeout + c.survived + c.noCoverage;
	return valid ? round((100 * (c.killed + c.timeout)) / valid) : null;
};
const emptyCounts = () => ({ killed: 0, survived: 0, timeout: 0, noCoverage: 0, ignored: 0, errors: 0 });

function count(counts, status) {
	if (status === 'Killed') counts.killed++;
	else if (status === 'Survived') counts.survived++;
	else if (status === 'Timeout') counts.timeout++;
	else if (status === 'NoCoverage') counts.noCoverage++;
	else if (status === 'Ignored') counts.ignored++;
	else counts.errors++; // CompileError, RuntimeError
}

function main() {
	const reports = fs.existsSync(REPORTS) ? fs.readdirSync(REPORTS).filter((f) => f.endsWith('.json') && f !== 'timings.json') : [];
	if (!reports.length) throw new Error(`no Stryker JSON report in ${REPORTS}: run npm run mutate first`);
	let timings = {};
	try {
		timings = JSON.parse(fs.readFileSync(path.join(REPORTS, 'timings.json'), 'utf8'));
	} catch {
		/* no timings recorded */
	}
	const total = emptyCounts();
	const files = {};
	const groups = {};
	const survivors = [];
	for (const report of reports.sort()) {
		const group = report.replace(/\.json$/, '');
		const data = JSON.parse(fs.readFileSync(path.join(REPORTS, report), 'utf8'));
		const groupCounts = emptyCounts();
		for (const [file, { mutants }] of Object.entries(data.files)) {
			const fileCounts = emptyCounts();
			for (const mutant of mutants) {
				for (const c of [total, groupCounts, fileCounts]) count(c, mutant.status);
				if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
					const { line, column } = mutant.location.start;
					survivors.push(`${mutant.status} ${file}:${line}:${column} ${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '')}`);
				}
			}
			files[path.relative(REPO_ROOT, path.resolve(REPO_ROOT, file))] = { score: score(fileCounts), ...fileCounts };
		}
		groups[group] = { score: score(groupCounts), ...groupCounts, seconds: timings[group]?.seconds ?? null, at: timings[group]?.finishedAt ?? null };
	}
	const summary = {
		score: score(total),
		killed: total.killed,
		survived: total.survived,
		timeout: total.timeout,
		noCoverage: total.noCoverage,
		ignored: total.ignored,
		errors: total.errors,
		groups,
		files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))),
	};
	fs.writeFileSync(OUT, JSON.stringify(summary, null, '\t') + '\n');
	process.stdout.write(`mutation score ${summary.score}% (${summary.killed} killed, ${summary.timeout} timeout, ${summary.survived} survived, ${summary.noCoverage} no coverage) -> ${path.relative(REPO_ROOT, OUT)}\n`);
	if (process.argv.includes('--survivors')) process.stdout.write(survivors.join('\n') + '\n');
}

main();
