/**
 * Issue 17, mutation testing: the retry rules as one pure function (retryPolicy.decideRetry), on
 * the built module. The engine tests show each rule through n8n; these pin its boundaries: the
 * Retry-After cap, the 429 budget, what counts as "no answer", and the backoff's arithmetic.
 */
// the built module, as the nodes use it (loaded at run time: the lint of a fresh clone has no dist/)
const { decideRetry, DEFAULT_RETRY_BUDGET, RETRY_AFTER_CAP_SECONDS } = jest.requireActual<typeof import('../../nodes/shared/transport/retryPolicy')>(
	'../../dist/nodes/shared/transport/retryPolicy',
);

type Failure = Parameters<typeof decideRetry>[0];
const failure = (overrides: Partial<Failure>): Failure => ({ headers: {}, aborted: false, ...overrides });
const first = { attempt: 1, rateLimitRetries: 0, safeToRepeat: true };
const budget = { maxAttempts: 4, maxRateLimitRetries: 3, baseDelayMs: 1000 };

test('[safety] a request the user cancelled is never retried, whatever it got', () => {
	expect(decideRetry(failure({ status: 503, aborted: true }), first, budget)).toEqual({ retry: false, reason: 'notRetryable' });
});

test('[safety] a Retry-After of exactly the cap is waited for; one second more fails the item', () => {
	const at = (seconds: number) => decideRetry(failure({ status: 429, headers: { 'retry-after': String(seconds) } }), first, budget);
	expect(at(RETRY_AFTER_CAP_SECONDS)).toEqual({ retry: true, delayMs: RETRY_AFTER_CAP_SECONDS * 1000, kind: 'rateLimited' });
	expect(at(RETRY_AFTER_CAP_SECONDS + 1)).toEqual({ retry: false, reason: 'retryAfterTooLong' });
});

test('[safety] 429s have their own budget: the last one allowed is retried, the next is not', () => {
	const tooMany = failure({ status: 429, headers: { 'retry-after': '1' } });
	expect(decideRetry(tooMany, { ...first, rateLimitRetries: budget.maxRateLimitRetries - 1 }, budget)).toMatchObject({ retry: true });
	expect(decideRetry(tooMany, { ...first, rateLimitRetries: budget.maxRateLimitRetries }, budget)).toEqual({ retry: false, reason: 'attemptsExhausted' });
	// 429s do not spend the server-error budget
	expect(decideRetry(tooMany, { ...first, attempt: budget.maxAttempts + 5 }, budget)).toMatchObject({ retry: true });
});

test('[safety] no answer at all (a network error) is transient; a failure with neither a status nor a network code is not', () => {
	expect(decideRetry(failure({ networkCode: 'ECONNRESET' }), first, budget)).toMatchObject({ retry: true, kind: 'transient' });
	expect(decideRetry(failure({}), first, budget)).toEqual({ retry: false, reason: 'notRetryable' });
	expect(decideRetry(failure({ status: 400, networkCode: 'ECONNRESET' }), first, budget)).toEqual({ retry: false, reason: 'notRetryable' });
});

test('[safety] a transient failure of a request that may not be repeated is not retried; the server-error budget ends retries', () => {
	expect(decideRetry(failure({ status: 503 }), { ...first, safeToRepeat: false }, budget)).toEqual({ retry: false, reason: 'unsafeToRepeat' });
	expect(decideRetry(failure({ status: 503 }), { ...first, attempt: budget.maxAttempts - 1 }, budget)).toMatchObject({ retry: true });
	expect(decideRetry(failure({ status: 503 }), { ...first, attempt: budget.maxAttempts }, budget)).toEqual({ retry: false, reason: 'attemptsExhausted' });
});

test('[safety] the backoff doubles per attempt from the base delay, with jitter in [0.5, 1.5) of the step', () => {
	const delay = (attempt: number, random: number) =>
		(decideRetry(failure({ status: 503 }), { ...first, attempt }, budget, () => random) as { delayMs: number }).delayMs;
	expect([1, 2, 3].map((attempt) => delay(attempt, 0.5))).toEqual([1000, 2000, 4000]);
	expect(delay(3, 0)).toBe(2000);
	expect(delay(3, 0.999)).toBe(5996);
});

test('[safety] the default budget: 4 attempts for server errors, 1 s base delay', () => {
	expect(DEFAULT_RETRY_BUDGET).toMatchObject({ maxAttempts: 4, baseDelayMs: 1000 });
});
