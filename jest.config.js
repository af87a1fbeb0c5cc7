/** Tests run the built package (dist/) through n8n-core; test and emulator code is TypeScript. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
		// openapi-backend's $ref parser ships as ES modules only, which jest's CommonJS runtime on
		// Node 20 cannot require: compile that one package to CommonJS.
		'^.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
	},
	transformIgnorePatterns: ['/node_modules/(?!@apidevtools/json-schema-ref-parser/)'],
	testTimeout: 120000,
	maxWorkers: process.env.CI ? 2 : '50%',
	reporters: ['default', ['<rootDir>/test/support/summaryReporter.js', {}]],
};
