/**
 * The asset step of the build (as n8n's node starter does it): tsc compiles only TypeScript, so
 * the node icons (light and dark SVG), the credential icons and the codex files (*.node.json,
 * which n8n reads for the node's categories and documentation links) are copied into dist/ beside
 * the compiled files that reference them. Then every icon a node or credential points to is
 * checked to exist in dist/, so a broken icon path fails the build instead of showing a blank
 * square in the editor.
 */
const fs = require('node:fs');
const path = require('node:path');
const { src, dest, series } = require('gulp');

const ASSETS = ['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json', 'credentials/**/*.svg', 'credentials/**/*.png'];

function copyAssets() {
	return src(ASSETS, { base: '.', encoding: false }).pipe(dest('dist'));
}

function iconReferences(file) {
	const code = fs.readFileSync(file, 'utf8');
	return [...code.matchAll(/["']file:([^"']+)["']/g)].map((match) => path.resolve(path.dirname(file), match[1]));
}

function walk(dir, found = []) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) walk(full, found);
		else if (/\.(node|credentials)\.js$/.test(entry.name)) found.push(full);
	}
	return found;
}

async function checkIcons() {
	const missing = [];
	for (const file of walk('dist')) {
		for (const icon of iconReferences(file)) if (!fs.existsSync(icon)) missing.push(`${file} -> ${icon}`);
	}
	if (missing.length) throw new Error(`Icons referenced but not in dist/:\n${missing.join('\n')}`);
}

exports['build:assets'] = series(copyAssets, checkIcons);
exports.default = exports['build:assets'];
