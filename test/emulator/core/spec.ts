/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * One openapi-backend instance over the Genesys spec subset, built once per process and shared by every
 * emulator in it: init parses, validates and dereferences a 650 kB spec, which takes seconds, while tests
 * start several emulators per file.
 *
 * We use the instance only as a router + validator (matchOperation / validateRequest / validateResponse),
 * never its handleRequest/handler registry, so emulators with different handlers can share it safely.
 */
import path from 'path';
import OpenAPIBackend from 'openapi-backend';
import addFormats from 'ajv-formats';

export const SPEC_PATH =
	process.env.GENESYS_SPEC_PATH ?? path.resolve(__dirname, '../../../vendor/genesys/platform-api-subset.json');

let shared: Promise<OpenAPIBackend> | undefined;

export function getSpecBackend(): Promise<OpenAPIBackend> {
	if (!shared) {
		const api = new OpenAPIBackend({
			definition: SPEC_PATH,
			// strict: a broken spec must fail loudly instead of a console warning and half-working routes.
			strict: true,
			// quick: compile each operation's validators on first use instead of all 50 up front; the spec file
			// is known-valid (SOURCE.md), so skipping the re-validation only saves startup time.
			quick: true,
			// Query/path values arrive as strings; coercion lets `pageSize=2` satisfy `type: integer`.
			coerceTypes: true,
			// Without ajv-formats, date-time (and other) formats are silently ignored.
			customizeAjv: (ajv) => {
				addFormats(ajv);
				return ajv;
			},
		});
		shared = api.init();
		// A failed init must not be cached forever (e.g. a test that fixes GENESYS_SPEC_PATH and retries).
		shared.catch(() => (shared = undefined));
	}
	return shared;
}
