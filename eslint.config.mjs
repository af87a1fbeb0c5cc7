/**
 * Two lint regimes:
 * - What n8n's package scanner checks (nodes/, credentials/, package.json) gets n8n's own
 *   community-node config from @n8n/node-cli, the strict cloud-eligible rule set, with no rule
 *   turned off. That config targets every .ts file; here its file globs are narrowed to the
 *   shipped code, because it bans process, timers, console and most imports, which the emulator,
 *   tests, benchmarks and scripts need.
 * - Test, emulator, benchmark and script code gets an ordinary TypeScript lint.
 */
import { config as n8nCommunityConfig } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

const SHIPPED_TS = ['nodes/**/*.ts', 'credentials/**/*.ts'];

const scopedN8nConfig = n8nCommunityConfig.map((entry) =>
	Array.isArray(entry.files) && entry.files.includes('**/*.ts') ? { ...entry, files: SHIPPED_TS } : entry,
);

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-results/**', 'artifacts/**', '**/*.js', '**/*.mjs'] },
	...scopedN8nConfig,
	...tseslint.configs.recommended.map((entry) => ({ ...entry, files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'] })),
	{
		files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
];
