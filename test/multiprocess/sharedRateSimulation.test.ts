/* eslint-disable no-console -- not shipped: test code runs in jest, outside n8n */
import { acceptedTimeline, figures, simulate } from './rateSimulation';

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

const fmt = (v: number) => (100 * v).toFixed(1);

test.each([1, 2, 4, 8, 16])('[cluster] explore N=%i', async (n) => {
	const half = Array.from({ length: Math.ceil(n / 2) }, (_, i) => i);
	const all = Array.from({ length: n }, (_, i) => i);
	const result = await simulate({ workers: n, durationMs: 480_000, phases: [{ from: 0, busy: all }, { from: 360_000, busy: half }], foreign429At: n === 1 ? [360_000] : [] });
	const cold = figures(result, 0, 60_000);
	const steady = figures(result, 60_000, 360_000);
	const tl = acceptedTimeline(result, 5000, 480_000);
	const after = tl.slice(72);
	const rec = after.findIndex((v, i) => i > 0 && v >= 0.9 && (after[i + 1] ?? 1) >= 0.9);
	console.log(`N=${n} cold 429 ${fmt(cold.share429)}% (${cold.attempts}) | steady ${fmt(steady.ofBound)}% of bound, 429 ${fmt(steady.share429)}%, vs fair min ${steady.perWorkerVsFair.reduce((a, b) => Math.min(a, b)).toFixed(2)} max ${steady.perWorkerVsFair.reduce((a, b) => Math.max(a, b)).toFixed(2)}, max/60s ${steady.maxWorkerStartsIn60s} | step recover ${rec * 5} s | after ${after.slice(0, 24).map((v) => Math.round(v * 100)).join(' ')}`);
});
