/* eslint-disable @typescript-eslint/no-explicit-any -- not shipped: test and benchmark code runs in Node and jest, outside n8n */
/**
 * Injected faults: a test (or the control endpoint) arms a FaultSpec, and the next `count` matching requests
 * get it. Matching is by operationId, exact path, or RegExp over the path, plus an optional method.
 */
import type { FaultSpec } from '../types';

interface ArmedFault {
	spec: FaultSpec;
	remaining: number;
	/** matching requests still to let through before the fault fires */
	toSkip: number;
}

/** Random faults on a share of API requests, from a seeded generator so a failing run can be replayed. */
export interface ChaosOptions {
	/** share of API requests that get a fault, 0..1 */
	rate: number;
	seed: number;
	/** the faults to pick from (default: CHAOS_FAULTS) */
	kinds?: Omit<FaultSpec, 'match' | 'count'>[];
}

/** The failures Genesys is seen to produce: rate limits, server errors, conflicts, lost connections,
 * and answers lost after the server applied the request. */
export const CHAOS_FAULTS: Omit<FaultSpec, 'match' | 'count'>[] = [
	{ status: 429, retryAfter: 1 },
	{ status: 500 },
	{ status: 502 },
	{ status: 503 },
	{ status: 504 },
	{ status: 409 },
	{ drop: true },
	{ drop: true, afterHandler: true },
	{ status: 503, afterHandler: true },
];

/** mulberry32: small, fast, seedable; Math.random cannot be replayed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultList {
	private armed: ArmedFault[] = [];

	private chaos?: { rate: number; random: () => number; kinds: Omit<FaultSpec, 'match' | 'count'>[] };

	setChaos(options: ChaosOptions | undefined): void {
		this.chaos = options && {
			rate: options.rate,
			random: seededRandom(options.seed),
			kinds: options.kinds ?? CHAOS_FAULTS,
		};
	}

	add(spec: FaultSpec): void {
		this.armed.push({ spec, remaining: spec.count ?? 1, toSkip: spec.skip ?? 0 });
	}

	clear(): void {
		this.armed = [];
	}

	/** Take (and use up one count of) the first fault matching this request, if any. */
	take(method: string, path: string, operationId: string | undefined): FaultSpec | undefined {
		const matching = this.armed.filter((f) => f.remaining > 0 && matches(f.spec, method, path, operationId));
		// every armed fault that matches counts the request, so two faults on one path can be staged
		const hit = matching.find((f) => f.toSkip === 0);
		for (const waiting of matching) if (waiting !== hit && waiting.toSkip > 0) waiting.toSkip--;
		if (!hit) return this.randomFault(path);
		hit.remaining--;
		this.armed = this.armed.filter((f) => f.remaining > 0);
		return hit.spec;
	}

	private randomFault(path: string): FaultSpec | undefined {
		const chaos = this.chaos;
		if (!chaos || !path.startsWith('/api/') || chaos.random() >= chaos.rate) return undefined;
		const kind = chaos.kinds[Math.floor(chaos.random() * chaos.kinds.length)];
		return { ...kind, match: path };
	}
}

export function describeFault(spec: Omit<FaultSpec, 'match' | 'count'>): string {
	return `${spec.drop ? 'drop' : String(spec.status)}${spec.afterHandler ? ' after handler' : ''}`;
}

function matches(spec: FaultSpec, method: string, path: string, operationId: string | undefined): boolean {
	if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
	if (spec.match instanceof RegExp) {
		spec.match.lastIndex = 0; // a /g regex keeps state between test() calls
		return spec.match.test(path);
	}
	return spec.match === operationId || spec.match === path;
}

/** FaultSpec from JSON (control endpoint): `match` as a string or {regex, flags?}; count may be "Infinity". */
export function faultFromJson(input: any): FaultSpec {
	if (!input || typeof input !== 'object') throw new Error('fault must be a JSON object');
	let match: string | RegExp;
	if (typeof input.match === 'string') match = input.match;
	else if (input.match && typeof input.match.regex === 'string') match = new RegExp(input.match.regex, input.match.flags);
	else throw new Error("fault.match must be a string or { \"regex\": \"...\" }");
	const count =
		input.count === 'Infinity' || input.count === null || input.count === -1 ? Infinity : input.count;
	return { ...input, match, count };
}
