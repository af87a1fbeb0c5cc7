import { startRoutingEmulator } from './routingTestClient';
import { seedRoutingOrg } from './fixtures/routingOrg';
it('validator catches nested enum', async () => {
	let org: any;
	const { emulator, api } = await startRoutingEmulator({ seed: (s) => { org = seedRoutingOrg(s); } });
	const c = emulator.store.conversations.get(org.conversations[0].conversationId)!;
	c.participants[3].calls[0].afterCallWork.state = 'bogus';
	const r = await api.get(`/api/v2/conversations/${c.id}`);
	console.log(r.status, emulator.responseValidationErrors);
	const q = emulator.store.queues.get(org.queues[0].id)!;
	q.acwSettings.wrapupPrompt = 'bad';
	console.log((await api.get(`/api/v2/routing/queues/${q.id}`)).status);
	await emulator.close();
});
