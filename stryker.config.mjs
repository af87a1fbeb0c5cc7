// StrykerJS configuration for `npm run mutate` (scripts/mutate.js runs it once per group, under the
// pinned Node 24, with MUTATE_GROUP set). Not part of `npm test` or .ci/run.
//
// What is mutated: the TypeScript source. Stryker writes every mutant into the source at once
// (mutant schemata, each switched on at run time), then `npm run build` in its sandbox compiles
// that instrumented source into dist/, which the tests load through n8n-core as n8n does. So the
// code the tests execute is exactly the mutated code, mutants are reported on TypeScript lines,
// and per-test coverage works (the instrumented dist/ reports which test reached which mutant).
//
// Why groups: each engine test file costs seconds to load (n8n-core), the dry run and a static
// mutant (module-level code) load every file of the run, and Stryker's jest runner has no bail.
// So each group mutates one part of the scope and runs only the fast test files that exercise it
// (a mutant's own run loads only its covering tests' files: test/mutation/support/). Every group keeps its own incremental file, committed, so a re-run only tests the
// mutants whose code or tests changed.
import { existsSync, readdirSync } from 'node:fs';

const nodeTests = (...names) => names.map((name) => `test/nodes/${name}.test.ts`);
const foundation = (...names) => names.map((name) => `test/foundation/${name}.test.ts`);
const badInput = ['test/faults/badInput.test.ts'];

/** mutate: what is mutated; tests: the fast test files run against it (plus test/mutation/<group>.*.test.ts). */
export const GROUPS = {
	// the request, its retry rules and cancellation: what may be sent again, and when
	transport: {
		mutate: ['genesysApiRequest', 'retryPolicy', 'firstTokenGate', 'cancellation', 'cancellableSleep'].map(
			(name) => `nodes/shared/transport/${name}.ts`,
		),
		tests: foundation('transport', 'firstTokenGate', 'safeTransport', 'rateLimitPause', 'cancellation'),
	},
	// pacing under the client's rate limit
	pacing: {
		mutate: ['requestPacer', 'adaptiveShare'].map((name) => `nodes/shared/transport/${name}.ts`),
		// the simulation drives the real pacer and share on a fake clock against the emulator's limiters:
		// seconds, and the only test that holds the control law to its goals for 1-16 processes
		tests: [...foundation('requestPacer', 'transport', 'rateLimitPause'), 'test/multiprocess/sharedRateSimulation.test.ts'],
	},
	// the credential, token failures, error texts (no secrets) and path IDs
	transportErrors: {
		mutate: ['credentials', 'tokenFailure', 'httpFailure', 'genesysApiError', 'pathId'].map((name) => `nodes/shared/transport/${name}.ts`),
		tests: foundation('transport', 'safeTransport', 'credential', 'errorOutput'),
	},
	// a queue's read-compare-write, which failed writes may be retried after a fresh read, and the
	// paging of the queue listing (the queue tests walk 3 pages)
	acw: {
		mutate: ['nodes/shared/acw/**/*.ts', 'nodes/shared/transport/writeFailures.ts', 'nodes/shared/transport/paging.ts'],
		tests: [...nodeTests('queueAcw', 'safeWrites', 'queueFidelity', 'undo'), ...badInput],
	},
	endAcw: {
		mutate: ['nodes/GenesysCloudEndAcw/actions/**/*.ts'],
		tests: [...nodeTests('endAcw', 'safeEndAcw', 'endAcwAuth'), ...badInput],
	},
	queueActions: {
		mutate: ['nodes/GenesysCloudSetAcwPolicy/actions/**/*.ts', 'nodes/GenesysCloudUpsertQueueOverride/actions/**/*.ts'],
		tests: [...nodeTests('queueAcw', 'safeWrites', 'queueFidelity', 'undo'), ...badInput],
	},
	dataAction: {
		mutate: ['nodes/GenesysCloudUpdateDataActionTimeout/actions/**/*.ts'],
		tests: [...nodeTests('updateDataActionTimeout', 'safeDataActions', 'dataActionDraftFidelity', 'undo'), ...badInput],
	},
	execution: {
		mutate: ['nodes/shared/execution/**/*.ts'],
		tests: [...foundation('errorOutput', 'cancellation'), ...nodeTests('updateDataActionTimeout', 'safeWrites'), ...badInput],
	},
};

const groupName = process.env.MUTATE_GROUP || 'transport';
const group = GROUPS[groupName];
if (!group) throw new Error(`MUTATE_GROUP=${groupName}: not one of ${Object.keys(GROUPS).join(', ')}`);

// New tests written to kill survivors live in test/mutation/, named after the group they serve.
const mutationTests = (existsSync('test/mutation') ? readdirSync('test/mutation') : [])
	.filter((file) => file.startsWith(`${groupName}.`) && file.endsWith('.test.ts'))
	.map((file) => `test/mutation/${file}`);

export default {
	$schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
	packageManager: 'npm',
	testRunner: 'jest',
	checkers: ['typescript'],
	// types only, without the lint-like flags (see tsconfig.mutate.json)
	tsconfigFile: 'tsconfig.mutate.json',
	mutate: group.mutate,
	buildCommand: 'npm run build',
	jest: {
		projectType: 'custom',
		configFile: 'jest.config.js',
		// the tests reach the mutated files through dist/ and n8n-core's loader, which jest's
		// related-tests search cannot follow: it would find no test at all
		enableFindRelatedTests: false,
		// MUTATE_TESTS (comma-separated test files) narrows a run, for a quick check of one file
		config: {
			// each mutant loads only the test files of its covering tests (test/mutation/support/)
			testSequencer: '<rootDir>/test/mutation/support/onlyCoveringFiles.js',
			setupFilesAfterEnv: ['<rootDir>/test/mutation/support/recordTestFiles.js'],
			testMatch: (process.env.MUTATE_TESTS ? process.env.MUTATE_TESTS.split(',') : [...group.tests, ...mutationTests]).map(
				(file) => `<rootDir>/${file}`,
			),
		},
	},
	coverageAnalysis: 'perTest',
	incremental: true,
	incrementalFile: `test/mutation/incremental/${groupName}.json`,
	// 4 = 2 type checkers and 2 runners, then 4 runners once the checking is done. The engine tests
	// mostly wait (the emulator, Retry-After and backoff in real time), so 4 keep 2 cores busy. More
	// oversubscribes them: at 8-16 (load 10-20) pure functions "timed out" (queuePutBody: 39 of 44
	// mutants), a false detection, and a timing bound in a test could fail as a false kill.
	concurrency: Number(process.env.MUTATE_CONCURRENCY) || 4,
	// engine tests wait on the emulator over loopback and on the transport's own pacing and backoff
	timeoutMS: 20000,
	timeoutFactor: 2,
	dryRunTimeoutMinutes: 45,
	reporters: ['json', 'html', 'progress-append-only', 'clear-text'],
	jsonReporter: { fileName: `reports/mutation/${groupName}.json` },
	htmlReporter: { fileName: `reports/mutation/${groupName}.html` },
	clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
	tempDirName: '.stryker-tmp',
	// not needed by the fast tests (docs/ is: a test checks the documented options); .cache holds the 3 GB n8n runtime
	ignorePatterns: [
		'/dist',
		'/.cache',
		'/reports',
		'/test-results',
		'/artifacts',
		'/bench',
		'/examples',
		'/test/e2e',
		'/test/browser',
		'/test/cluster',
		// the multi-process tests start real processes; the simulation among them runs on a fake clock
		'/test/multiprocess/*',
		'!/test/multiprocess/sharedRateSimulation.test.ts',
		'!/test/multiprocess/rateSimulation.ts',
		'/test/release',
		'*.tgz',
	],
};
