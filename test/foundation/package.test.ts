/**
 * Issue 3: what `npm pack` ships: dist only, the credential with its icons, the four nodes with
 * their codex and icons, and no runtime dependencies (n8n-workflow as the only peer).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../harness/loadPackage';

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

test('the packed tarball holds dist/ with the credential, its icons and every node, and no dependencies', () => {
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' }));
	const files: string[] = packed.files.map((file: { path: string }) => file.path);
	expect(files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(file))).toEqual([]);
	for (const path of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) expect(files).toContain(path);
	expect(files).toContain('dist/credentials/genesysCloud.svg');
	expect(files).toContain('dist/credentials/genesysCloud.dark.svg');
	for (const node of pkg.n8n.nodes as string[]) {
		expect(files).toContain(node.replace(/\.node\.js$/, '.node.json'));
	}
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.license).toBe('MIT');
});

test('[review] every entry point package.json names is in the packed tarball', () => {
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' }));
	const files: string[] = packed.files.map((file: { path: string }) => file.path);
	// n8n loads the package through its `n8n` section; `main` is optional, but a `main` naming a
	// file that is not shipped breaks any plain require() of the package.
	const entryPoints = [pkg.main, ...pkg.n8n.credentials, ...pkg.n8n.nodes].filter((entry) => entry !== undefined);
	for (const entry of entryPoints) expect(files).toContain(path.normalize(entry));
});
