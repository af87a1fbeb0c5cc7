#!/usr/bin/env node
'use strict';
/**
 * Writes test/mutation-summary.json from Stryker's results, so the committed figures are never typed
 * by hand. It reads the committed incremental files (test/mutation/incremental/<group>.json: the
 * mutation-testing-report-schema JSON of each group's latest run, which Stryker also writes when a
 * run is interrupted, so they hold every result so far) rather than the big reports in reports/:
 *   {score, killed, survived, timeout, noCoverage, ignored, errors, groups: {group: counts}, files: {path: score}}
 * Score as Stryker computes it: detected (killed + timeout) over valid mutants (detected + survived
 * + no coverage); compile errors, runtime errors and ignored mutants are not valid mutants.
 * With --survivors it also prints every surviving and uncovered mutant (for test/MUTATION.md).
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const REPORTS = path.join(REPO_ROOT, 'test', 'mutation', 'incremental');
const TIMINGS = path.join(REPO_ROOT, 'reports', 'mutation', 'timings.json');
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

/** The `dir/**` + `/*.ts` globs of stryker.config.mjs as a regular expression. */
function globToRegExp(glob) {
	const source = glob
		.split('**/')
		.map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
		.join('(?:.*/)?');
	return new RegExp(`^${source}$`);
}

async function main() {
	// a group's incremental file keeps results of files it no longer mutates: count only its own
	const { GROUPS } = await import(path.join(REPO_ROOT, 'stryker.config.mjs'));
	const reports = fs.existsSync(REPORTS) ? fs.readdirSync(REPORTS).filter((f) => f.endsWith('.json')) : [];
	if (!reports.length) throw new Error(`no Stryker JSON report in ${REPORTS}: run npm run mutate first`);
	let timings = {};
	try {
		timings = JSON.parse(fs.readFileSync(TIMINGS, 'utf8'));
	} catch {
		/* no timings recorded here: keep those of the committed summary */
		try {
			const previous = JSON.parse(fs.readFileSync(OUT, 'utf8')).groups ?? {};
			for (const [group, { seconds, at }] of Object.entries(previous)) timings[group] = { seconds, finishedAt: at };
		} catch {
			/* no summary yet */
		}
	}
	const total = emptyCounts();
	const files = {};
	const groups = {};
	const survivors = [];
	for (const report of reports.sort()) {
		const group = report.replace(/\.json$/, '');
		const data = JSON.parse(fs.readFileSync(path.join(REPORTS, report), 'utf8'));
		const groupCounts = emptyCounts();
		const own = (GROUPS[group]?.mutate ?? []).map(globToRegExp);
		for (const [file, { mutants }] of Object.entries(data.files)) {
			if (!own.some((pattern) => pattern.test(file))) continue;
			const fileCounts = emptyCounts();
			for (const mutant of mutants) {
				for (const c of [total, groupCounts, fileCounts]) count(c, mutant.status);
				if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
					const { line, column } = mutant.location.start;
					survivors.push(`${mutant.status} ${file}:${line}:${column} ${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '')}`);
				}
			}
			files[path.relative(REPO_ROOT, path.resolve(REPO_ROOT, file))] = score(fileCounts);
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
		// the score covers the whole scope only when no group is listed here
		notRun: Object.keys(GROUPS).filter((group) => !groups[group]),
		files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))),
	};
	fs.writeFileSync(OUT, JSON.stringify(summary, null, '\t') + '\n');
	process.stdout.write(`mutation score ${summary.score}% (${summary.killed} killed, ${summary.timeout} timeout, ${summary.survived} survived, ${summary.noCoverage} no coverage) -> ${path.relative(REPO_ROOT, OUT)}\n`);
	if (summary.notRun.length) process.stdout.write(`not the whole scope: no run yet of ${summary.notRun.join(', ')}\n`);
	if (process.argv.includes('--survivors')) process.stdout.write(survivors.join('\n') + '\n');
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
