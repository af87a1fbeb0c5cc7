/**
 * Runs `task` for each index with at most `limit` in flight. Tasks that share a sequence key run
 * one after another in input order (two items changing the same queue must not race). Once
 * `shouldStop()` is true no new task starts; the ones in flight finish.
 */
export async function mapWithConcurrency(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
	options: { sequenceKey?: (index: number) => string | undefined; shouldStop?: () => boolean } = {},
): Promise<void> {
	const lanes = new Map<string, number[]>();
	const order: string[] = [];
	for (let index = 0; index < count; index++) {
		let key: string | undefined;
		try {
			key = options.sequenceKey?.(index);
		} catch {
			// no key (its own lane): a parameter that cannot be read fails in the item's own task, with its item index
		}
		key ??= `#${index}`;
		let lane = lanes.get(key);
		if (!lane) {
			lane = [];
			lanes.set(key, lane);
			order.push(key);
		}
		lane.push(index);
	}
	let next = 0;
	const worker = async () => {
		while (next < order.length) {
			if (options.shouldStop?.()) return;
			const lane = lanes.get(order[next++]) ?? [];
			for (const index of lane) {
				if (options.shouldStop?.()) return;
				await task(index);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, order.length)) }, worker));
}
