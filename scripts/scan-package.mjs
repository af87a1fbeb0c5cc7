#!/usr/bin/env node
/**
 * n8n's community package scanner (@n8n/scan-community-package, the gate n8n runs before it lists
 * or verifies a community package), run offline on this package.
 *
 * The scanner's CLI takes only a package name: it downloads the published tarball from npm, checks
 * its provenance attestation and downloads the attested source from GitHub. None of that exists
 * before a release (and this machine reaches only the npm registry). Its library does the actual
 * analysis on a local folder, so this script runs exactly that, with the scanner's own ESLint rule
 * set, on both legs its CLI lints:
 *   - the packed tarball (`npm pack` of the built package): compiled `**\/*.js` and package.json;
 *   - the source checkout: package.json and nodes/, credentials/ (the scanner's SOURCE_FILE_PATTERNS).
 * Not run here: the provenance check (needs a version published from CI; see publish.yml).
 *
 * Usage: node scripts/scan-package.mjs [--package <tgz or unpacked folder>] [--source <folder>]
 *   Without --package the built package (npm run build) is packed into a temporary folder.
 * Prints one JSON line {passed, tarball, source}; exits 1 unless both legs passed.
 * N8N_SCANNER_MODULE: path of another scanner.mjs to use (default: the pinned devDependency).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function argValue(name) {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

async function loadScanner() {
	// eslint-plugin-n8n-nodes-base switches some rules to its own test fixtures' conventions when
	// NODE_ENV is "test" (as under jest): the scan must see what n8n's gate sees.
	delete process.env.NODE_ENV;
	const override = process.env.N8N_SCANNER_MODULE;
	try {
		return await import(override ? pathToFileURL(path.resolve(override)).href : '@n8n/scan-community-package/scanner/scanner.mjs');
	} catch (error) {
		throw new Error(`cannot load n8n's scanner (${override ?? '@n8n/scan-community-package, a devDependency: run npm install'}): ${error.message}`);
	}
}

/** An unpacked package folder: the given one, or the given/freshly packed tarball unpacked into `work`. */
function unpackedPackage(given, work) {
	if (given && fs.statSync(given).isDirectory()) return path.resolve(given);
	let tgz = given && path.resolve(given);
	if (!tgz) {
		const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' }));
		tgz = path.join(work, packed.filename);
	}
	const dir = path.join(work, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', ['-xzf', tgz, '-C', dir, '--strip-components=1']);
	return dir;
}

/** The scanner answers "passed" when it found no file to lint: here that is a failure. */
function leg(result) {
	const nothingLinted = result.message === 'No files found to analyze';
	return { passed: result.passed && !nothingLinted, message: result.message ?? null, details: result.details ?? null };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-scan-'));
try {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await loadScanner();
	const packageDir = unpackedPackage(argValue('--package'), work);
	const sourceDir = path.resolve(argValue('--source') ?? REPO_ROOT);
	const tarball = leg(await analyzePackage(packageDir, ['**/*.js', 'package.json']));
	const source = leg(await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS));
	const passed = tarball.passed && source.passed;
	process.stdout.write(JSON.stringify({ passed, tarball, source }) + '\n');
	process.exitCode = passed ? 0 : 1;
} catch (error) {
	process.stderr.write(`scan-package: ${error.stack ?? error}\n`);
	process.exitCode = 2;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
