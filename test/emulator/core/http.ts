/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/** Small node:http helpers shared by the server and the control endpoints. */
import type { IncomingMessage, ServerResponse } from 'http';

/** Bodies above this are refused: nothing the package sends comes close, so a huge one is a bug. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Query string -> object; a repeated key (id=a&id=b, Genesys' array style) becomes an array. */
export function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of params) {
		const prev = out[key];
		out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
	}
	return out;
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	// A handler that sets a text Content-Type (template GETs answer text/plain) sends its string as is.
	const textType = Object.entries(headers).find(([k, v]) => k.toLowerCase() === 'content-type' && /^text\//i.test(v))?.[1];
	const payload = body === undefined ? '' : textType && typeof body === 'string' ? body : JSON.stringify(body);
	const all: Record<string, string | number> = { ...headers };
	if (textType) {
		all['Content-Length'] = Buffer.byteLength(payload);
	} else if (payload) {
		all['Content-Type'] = 'application/json; charset=UTF-8';
		all['Content-Length'] = Buffer.byteLength(payload);
	} else {
		all['Content-Length'] = 0;
	}
	res.writeHead(status, all);
	res.end(payload);
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
