/**
 * n8n fetches a client-credentials token on the first request that finds none stored, but it does
 * not coordinate that first fetch: eight items starting at once would fetch eight tokens. So,
 * while a credential has no token yet, one request (the leader) goes first and the others wait
 * here, before they take a pacer slot:
 * - the leader got a token (any answer from the API host): every waiter goes, each to its own
 *   pacer slot, and n8n's stored token (and its single-flight renewal on 401) serves them all;
 * - the leader got no token (the login host failed): exactly one waiter becomes the next leader and
 *   the rest keep waiting, so a login-host hiccup costs one more token request, not one per item.
 * A waiter gives up at once when its execution is cancelled; a leader that is cancelled, or gives
 * up, hands the lead on the same way.
 */
export interface TokenTurn {
	/** Call once this request has its answer: `gotToken` says whether n8n now holds a token. */
	finish(gotToken: boolean): void;
}

type Settle = (turn: 'lead' | 'go' | 'cancelled') => void;

interface Gate {
	waiters: Settle[];
}

const gates = new Map<string, Gate>();

const NO_GATE: TokenTurn = { finish: () => {} };

function leaderTurn(key: string, gate: Gate): TokenTurn {
	let finished = false;
	return {
		finish(gotToken: boolean) {
			if (finished) return;
			finished = true;
			if (gotToken) {
				gates.delete(key);
				for (const settle of gate.waiters.splice(0)) settle('go');
				return;
			}
			const next = gate.waiters.shift();
			if (next) next('lead');
			else gates.delete(key);
		},
	};
}

/**
 * Waits until this request may go: at once when the credential has a token, else as the leader or
 * after the leader got one. Resolves undefined when the execution was cancelled while waiting.
 */
export async function firstTokenTurn(key: string, hasToken: () => boolean, signal?: AbortSignal): Promise<TokenTurn | undefined> {
	if (signal?.aborted) return undefined;
	if (hasToken()) return NO_GATE;
	let gate = gates.get(key);
	if (!gate) {
		gate = { waiters: [] };
		gates.set(key, gate);
		return leaderTurn(key, gate);
	}
	const waitingAt = gate;
	const turn = await new Promise<'lead' | 'go' | 'cancelled'>((resolve) => {
		let settled = false;
		const onAbort = () => settle('cancelled');
		const settle: Settle = (value) => {
			if (settled) return;
			settled = true;
			signal?.removeEventListener('abort', onAbort);
			const index = waitingAt.waiters.indexOf(settle);
			if (index >= 0) waitingAt.waiters.splice(index, 1);
			resolve(value);
		};
		waitingAt.waiters.push(settle);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
	if (turn === 'cancelled') return undefined;
	return turn === 'lead' ? leaderTurn(key, waitingAt) : NO_GATE;
}
