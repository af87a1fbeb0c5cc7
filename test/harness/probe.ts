/**
 * The test-only probe node (test/fixtures/probe-package) sends one request through the package's
 * transport per item: the transport's tests drive it through n8n's engine against the emulator.
 */
import type { Emulator } from '../emulator/server';
import type { RecordedRequest } from '../emulator/types';
import { emulatorCredential, newCredentialStore, runNode } from './runNode';

/** A probe bound to the emulator `current()` returns (the tests start it in beforeAll). */
export const probeOn =
	(current: () => Emulator) =>
	async (parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) =>
		await runNode({
			nodeType: 'genesysProbe',
			parameters: { method: 'GET', path: '/api/v2/tokens/me', ...parameters },
			credentialStore: newCredentialStore(emulatorCredential(current())),
			emulator: current(),
			...extra,
		});

export const apiRequests = (requests: RecordedRequest[]) => requests.filter((r) => r.path.startsWith('/api/'));
export const tokenRequests = (requests: RecordedRequest[]) => requests.filter((r) => r.path === '/oauth/token');
