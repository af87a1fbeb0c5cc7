/**
 * Test helper for the routing/conversation resource tests: an emulator (every resource is built in) and an
 * axios client already holding a client-credentials token.
 * Every status is returned (validateStatus) so tests assert on refusals directly.
 */
import axios, { type AxiosInstance } from 'axios';
import { DEFAULT_CLIENT, startEmulator, type Emulator, type EmulatorOptions } from './server';
export async function startRoutingEmulator(
	options: EmulatorOptions = {},
): Promise<{ emulator: Emulator; api: AxiosInstance }> {
	const emulator = await startEmulator({ rateLimitPerMinute: 0, ...options });
	const basic = Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64');
	const token = await axios.post(`${emulator.url}/oauth/token`, 'grant_type=client_credentials', {
		headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
	});
	const api = axios.create({
		baseURL: emulator.url,
		headers: { Authorization: `Bearer ${token.data.access_token}` },
		validateStatus: () => true,
		// Repeated keys (id=a&id=b), the way Genesys expects array params.
		paramsSerializer: { indexes: null },
	});
	return { emulator, api };
}
