/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Run the emulator as its own process (demo, end-to-end tests):
 *   node -r ts-node/register/transpile-only test/emulator/cli.ts --port 8787 [--host 127.0.0.1]
 *     [--seed demo|test|empty] [--rate-limit 300] [--rate-limit-burst N] [--latency 0] [--client-id X --client-secret Y]
 *     [--queues N] [--acw-backlog N] [--wrapup-auth permission|participant-user]
 * --queues grows the seeded org to at least N queues; --acw-backlog adds N call conversations in untimed ACW
 * (fixtures/scale.ts), for load runs. Prints one JSON line {"url": ..., "acwBacklog": [conversation ids]} once
 * listening (a parent process waits for it), and closes cleanly on
 * SIGINT/SIGTERM. Drive it at runtime through /__emulator/* (core/control.ts).
 */
import { parseArgs } from 'util';
import { startEmulator, DEFAULT_CLIENT } from './server';
import { seeds } from './fixtures';
import { growQueues, seedAcwBacklog } from './fixtures/scale';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8787' },
			host: { type: 'string', default: '127.0.0.1' },
			seed: { type: 'string', default: 'demo' },
			'rate-limit': { type: 'string', default: '300' },
			// set: the limit is a token bucket of N requests (core/rateLimit.ts); else a sliding window
			'rate-limit-burst': { type: 'string' },
			latency: { type: 'string', default: '0' },
			'client-id': { type: 'string' },
			'client-secret': { type: 'string' },
			queues: { type: 'string', default: '0' },
			'acw-backlog': { type: 'string', default: '0' },
			// who may apply a wrap-up (resources/wrapupAuth.ts): permission (default) or participant-user
			'wrapup-auth': { type: 'string', default: 'permission' },
		},
	});
	const wrapupAuth = ({ permission: 'permission', 'participant-user': 'participantUser' } as const)[values['wrapup-auth'] as 'permission'];
	if (!wrapupAuth) throw new Error(`unknown --wrapup-auth ${values['wrapup-auth']}; known: permission, participant-user`);
	const seed = seeds[values.seed!];
	if (!seed) throw new Error(`unknown --seed ${values.seed}; known: ${Object.keys(seeds).join(', ')}`);
	let acwBacklog: string[] = [];
	const emulator = await startEmulator({
		port: Number(values.port),
		host: values.host,
		seed: (store) => {
			seed(store);
			growQueues(store, Number(values.queues));
			acwBacklog = seedAcwBacklog(store, Number(values['acw-backlog']));
		},
		rateLimitPerMinute: Number(values['rate-limit']),
		rateLimitBurst: values['rate-limit-burst'] === undefined ? undefined : Number(values['rate-limit-burst']),
		latencyMs: Number(values.latency),
		holdProcess: true,
		wrapupAuth,
		clients: [
			{
				clientId: values['client-id'] ?? DEFAULT_CLIENT.clientId,
				clientSecret: values['client-secret'] ?? DEFAULT_CLIENT.clientSecret,
			},
		],
	});
	process.stdout.write(`${JSON.stringify({ url: emulator.url, acwBacklog })}\n`);

	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	process.stderr.write(`${err?.stack ?? err}\n`);
	process.exit(1);
});
