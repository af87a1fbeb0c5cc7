import { startEmulator } from '../emulator/server';
import { emulatorCredential, newCredentialStore, runNode } from '../harness/runNode';

test('probe reaches tokens/me through the engine', async () => {
	const emulator = await startEmulator();
	try {
		const store = newCredentialStore(emulatorCredential(emulator));
		const result = await runNode({
			nodeType: 'genesysProbe',
			parameters: { method: 'GET', path: '/api/v2/tokens/me' },
			items: [{}, {}],
			credentialStore: store,
			emulator,
		});
		console.log(JSON.stringify(result.error ?? result.items, null, 1).slice(0, 2000));
		console.log(result.requests.map((r) => `${r.method} ${r.path} ${r.status}`));
	} finally {
		await emulator.close();
	}
});
