#!/usr/bin/env node
'use strict';
/**
 * `npm run mutate`: mutation testing of the safety-critical code with StrykerJS (stryker.config.mjs).
 *
 *   npm run mutate                      every group, in order, incrementally
 *   npm run mutate -- transport acw     only these groups
 *   npm run mutate -- acw --force       extra arguments go to Stryker (--force ignores the incremental file)
 *   npm run mutate -- acw --keep-survivors   reuse the last run's survivors too (see forgetSurvivors)
 *
 * StrykerJS 10 needs Node 22 or later: it runs under the project's pinned Node 24 (installed by
 * scripts/n8n/runtime.js if missing), at low CPU priority because the machine is shared. Each group
 * is one Stryker run; afterwards scripts/mutation-summary.js writes test/mutation-summary.json from
 * the JSON reports in reports/mutation/.
 */
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');

const { ensureRuntime, envWithNode24 } = require('./n8n/runtime');

const REPO_ROOT = path.resolve(__dirname, '..');
// the order runs the most safety-critical parts first
const ALL_GROUPS = ['transport', 'acw', 'pacing', 'transportErrors', 'endAcw', 'queueActions', 'dataAction', 'execution'];
const STRYKER = path.join(REPO_ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');

function run(cmd, args, env) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
		child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

/** Run times of the latest run of each group (reports/mutation/timings.json), read by the summary. */
function recordTiming(group, timing) {
	const timingFile = path.join(REPO_ROOT, 'reports', 'mutation', 'timings.json');
	let previous = {};
	try {
		previous = JSON.parse(fs.readFileSync(timingFile, 'utf8'));
	} catch {
		/* first run */
	}
	fs.writeFileSync(timingFile, JSON.stringify({ ...previous, [group]: timing }, null, 2) + '\n');
}

/**
 * Drops the survivors (and uncovered mutants) from a group's incremental file, so this run tests
 * them again. Stryker reuses a survivor's result while the tests covering it look unchanged, and it
 * cannot see every change: jest reports where a test starts, not where it ends, so an assertion
 * added to an existing test goes unnoticed; and a static mutant (module-level code, such as a list
 * of codes) counts as covered only by the tests that loaded the module, not the one that checks the
 * list. Survivors are few, so testing them again costs minutes; killed and timed-out results are
 * still reused while their code and tests are unchanged.
 */
const incrementalFile = (group) => path.join(REPO_ROOT, 'test', 'mutation', 'incremental', `${group}.json`);
const isSurvivor = (mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage';
const sameMutant = (a, b) =>
	a.mutatorName === b.mutatorName && a.replacement === b.replacement && JSON.stringify(a.location) === JSON.stringify(b.location);

/** Returns the dropped survivors by file, with the file's source then, for putBackUntested. */
function forgetSurvivors(group) {
	const file = incrementalFile(group);
	const dropped = {};
	if (!fs.existsSync(file)) return dropped;
	const report = JSON.parse(fs.readFileSync(file, 'utf8'));
	for (const [name, result] of Object.entries(report.files ?? {})) {
		const survivors = result.mutants.filter(isSurvivor);
		if (survivors.length) dropped[name] = { source: result.source, mutants: survivors };
		result.mutants = result.mutants.filter((mutant) => !isSurvivor(mutant));
	}
	fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
	return dropped;
}

/**
 * A run stopped early (Ctrl-C) writes only what it tested: put back the survivors it did not reach
 * (where their file is unchanged), so the summary never counts an untested survivor as gone.
 */
function putBackUntested(group, dropped) {
	const file = incrementalFile(group);
	if (!fs.existsSync(file)) return 0;
	const report = JSON.parse(fs.readFileSync(file, 'utf8'));
	let restored = 0;
	for (const [name, { source, mutants }] of Object.entries(dropped)) {
		const result = report.files?.[name];
		if (!result || result.source !== source) continue;
		for (const mutant of mutants) {
			if (result.mutants.some((tested) => sameMutant(tested, mutant))) continue;
			result.mutants.push(mutant);
			restored++;
		}
	}
	if (restored) fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
	return restored;
}

async function main() {
	const args = process.argv.slice(2);
	const groups = args.filter((arg) => ALL_GROUPS.includes(arg));
	const unknown = args.filter((arg) => !arg.startsWith('-') && !ALL_GROUPS.includes(arg));
	if (unknown.length) throw new Error(`unknown group(s) ${unknown.join(', ')}; groups: ${ALL_GROUPS.join(', ')}`);
	const keepSurvivors = args.includes('--keep-survivors');
	const strykerArgs = args.filter((arg) => arg.startsWith('-') && arg !== '--keep-survivors');
	const { node24 } = await ensureRuntime();
	fs.mkdirSync(path.join(REPO_ROOT, 'reports', 'mutation'), { recursive: true });

	let failed = 0;
	for (const group of groups.length ? groups : ALL_GROUPS) {
		const started = Date.now();
		process.stderr.write(`\n[mutate] group ${group}: ${new Date(started).toISOString()}\n`);
		const dropped = keepSurvivors ? {} : forgetSurvivors(group);
		const count = Object.values(dropped).reduce((sum, { mutants }) => sum + mutants.length, 0);
		process.stderr.write(`[mutate] group ${group}: ${count} survivor(s) of the last run to test again\n`);
		const code = await run('nice', ['-n', '10', node24, STRYKER, 'run', 'stryker.config.mjs', ...strykerArgs], envWithNode24({ MUTATE_GROUP: group }));
		const seconds = Math.round((Date.now() - started) / 1000);
		const restored = putBackUntested(group, dropped);
		if (restored) process.stderr.write(`[mutate] group ${group}: ${restored} survivor(s) not reached, kept as survived\n`);
		process.stderr.write(`[mutate] group ${group}: exit ${code} after ${seconds} s\n`);
		// a run that failed (its dry run, say) keeps the group's last good run time in the summary
		// written after each group, so a run stopped later keeps the times of the groups it finished
		if (code === 0) recordTiming(group, { seconds, exitCode: code, finishedAt: new Date().toISOString() });
		else failed++;
	}
	const summaryCode = await run(process.execPath, [path.join(__dirname, 'mutation-summary.js')], process.env);
	process.exitCode = failed || summaryCode ? 1 : 0;
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[mutate] ${error.stack || error}\n`);
		process.exit(1);
	});
}

module.exports = { forgetSurvivors, putBackUntested };
