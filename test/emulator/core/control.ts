/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * /__emulator/* control plane, for when the emulator runs as its own process (demo, end-to-end tests) and a
 * test cannot call the Emulator object directly. No token, no rate limit, not recorded in the request log.
 */
import type { Emulator } from '../server';
import { faultFromJson } from './faults';
import { storeToJson } from '../store';

export interface ControlResult {
	status: number;
	body?: unknown;
}

export function handleControl(
	route: string,
	method: string,
	raw: string,
	emulator: Emulator,
): ControlResult {
	let body: any;
	try {
		body = raw ? JSON.parse(raw) : {};
	} catch (err) {
		return { status: 400, body: { error: `body is not JSON: ${(err as Error).message}` } };
	}
	const key = `${method.toUpperCase()} ${route.replace(/\/$/, '')}`;
	switch (key) {
		case 'GET health':
			return { status: 200, body: { status: 'ok', url: emulator.url } };
		case 'GET requests':
			return { status: 200, body: emulator.requests };
		case 'DELETE requests':
			emulator.clearRequests();
			return { status: 204 };
		case 'POST faults':
			try {
				emulator.injectFault(faultFromJson(body));
			} catch (err) {
				return { status: 400, body: { error: (err as Error).message } };
			}
			return { status: 201, body: { armed: true } };
		case 'DELETE faults':
			emulator.clearFaults();
			return { status: 204 };
		case 'POST expire-tokens':
			emulator.expireAllTokens();
			return { status: 204 };
		case 'POST rate-limit':
			if (!Number.isInteger(body.perMinute) || body.perMinute < 0) {
				return { status: 400, body: { error: 'perMinute must be an integer >= 0' } };
			}
			emulator.setRateLimit(body.perMinute);
			return { status: 204 };
		case 'POST latency':
			if (typeof body.ms !== 'number' || body.ms < 0) return { status: 400, body: { error: 'ms must be a number >= 0' } };
			emulator.setLatency(body.ms, body.jitterMs ?? 0);
			return { status: 204 };
		case 'GET state':
			return {
				status: 200,
				body: {
					store: storeToJson(emulator.store),
					stats: emulator.stats,
					tokensIssued: emulator.tokensIssued,
					responseValidationErrors: emulator.responseValidationErrors,
				},
			};
		default:
			return { status: 404, body: { error: `no control endpoint ${key}` } };
	}
}
