/**
 * Injected faults: a test (or the control endpoint) arms a FaultSpec, and the next `count` matching requests
 * get it. Matching is by operationId, exact path, or RegExp over the path, plus an optional method.
 */
import type { FaultSpec } from '../types';

interface ArmedFault {
	spec: FaultSpec;
	remaining: number;
}

export class FaultList {
	private armed: ArmedFault[] = [];

	add(spec: FaultSpec): void {
		this.armed.push({ spec, remaining: spec.count ?? 1 });
	}

	clear(): void {
		this.armed = [];
	}

	/** Take (and use up one count of) the first fault matching this request, if any. */
	take(method: string, path: string, operationId: string | undefined): FaultSpec | undefined {
		const hit = this.armed.find((f) => f.remaining > 0 && matches(f.spec, method, path, operationId));
		if (!hit) return undefined;
		hit.remaining--;
		this.armed = this.armed.filter((f) => f.remaining > 0);
		return hit.spec;
	}
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
