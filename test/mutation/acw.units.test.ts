/**
 * Issue 17, mutation testing: a queue's ACW rules as pure functions on the built modules: the
 * input checks (field, range, what each prompt takes), when a queue already is as desired, the PUT
 * body (the queue as read, two Terraform exceptions), and the compare-and-set check.
 */
import type { INode } from 'n8n-workflow';

// the built modules, as the nodes use them (loaded at run time: the lint of a fresh clone has no dist/)
const acw = jest.requireActual<typeof import('../../nodes/shared/acw/acwSettings')>('../../dist/nodes/shared/acw/acwSettings');
const { queuePutBody } = jest.requireActual<typeof import('../../nodes/shared/acw/queuePutBody')>('../../dist/nodes/shared/acw/queuePutBody');
const { checkCurrentAcw } = jest.requireActual<typeof import('../../nodes/shared/acw/onlyIfCurrentAcw')>('../../dist/nodes/shared/acw/onlyIfCurrentAcw');

const node: INode = { id: 'n1', name: 'Set ACW Policy', type: 'x', typeVersion: 2, position: [0, 0], parameters: {} };
const RANGE = 'a whole number from 1 to 3600 seconds (1 s to 60 min)';

describe('ACW Timeout (Seconds)', () => {
	test('[safety] empty is "not given"; whole seconds from 1 to 3600 pass, as numbers or text', () => {
		for (const empty of [undefined, null, '', '   ']) expect(acw.parseAcwTimeoutSeconds(node, empty, 0)).toBeUndefined();
		expect(acw.parseAcwTimeoutSeconds(node, 1, 0)).toBe(1);
		expect(acw.parseAcwTimeoutSeconds(node, 3600, 0)).toBe(3600);
		expect(acw.parseAcwTimeoutSeconds(node, ' 120 ', 0)).toBe(120);
	});

	test('[safety] 0 or less, over 3600, fractions and words are refused, naming the field and the range', () => {
		expect(() => acw.parseAcwTimeoutSeconds(node, 0, 2)).toThrow(`ACW Timeout (Seconds) must be ${RANGE}, got 0`);
		expect(() => acw.parseAcwTimeoutSeconds(node, -1, 2)).toThrow(`must be ${RANGE}, got -1`);
		expect(() => acw.parseAcwTimeoutSeconds(node, 3601, 2)).toThrow(`must be ${RANGE}, got 3601`);
		expect(() => acw.parseAcwTimeoutSeconds(node, 1.5, 2)).toThrow(`must be ${RANGE}, got 1.5`);
		expect(() => acw.parseAcwTimeoutSeconds(node, 'soon', 2)).toThrow(`must be ${RANGE}, got "soon"`);
		expect(() => acw.parseAcwTimeoutSeconds(node, true, 2)).toThrow(`must be ${RANGE}, got true`);
		try {
			acw.parseAcwTimeoutSeconds(node, 0, 2);
		} catch (error) {
			expect((error as { description?: string }).description).toContain('does not mean "no limit"');
			expect((error as { context: { itemIndex?: number } }).context.itemIndex).toBe(2);
		}
		try {
			acw.parseAcwTimeoutSeconds(node, 7200, 2);
		} catch (error) {
			expect((error as { description?: string }).description).toContain('at most 60 minutes');
		}
	});
});

describe('Wrap-up Prompt and the timeout it takes', () => {
	test('[safety] only the five Genesys prompts pass; anything else is refused, listing them', () => {
		expect(acw.requirePrompt(node, 'OPTIONAL', 0)).toBe('OPTIONAL');
		expect(() => acw.requirePrompt(node, 'LOCKED_ACW', 0)).toThrow(
			'Wrap-up Prompt must be one of MANDATORY_TIMEOUT, MANDATORY_FORCED_TIMEOUT, MANDATORY, OPTIONAL, AGENT_REQUESTED, got "LOCKED_ACW"',
		);
		expect(() => acw.requirePrompt(node, undefined, 0)).toThrow('got null');
	});

	test('[safety] the time-boxed prompts need a timeout, MANDATORY and OPTIONAL refuse one, AGENT_REQUESTED takes one or none', () => {
		expect(acw.buildAcwSettings(node, 'MANDATORY_TIMEOUT', 30, 0)).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 });
		expect(acw.buildAcwSettings(node, 'MANDATORY_FORCED_TIMEOUT', 1, 0)).toEqual({ wrapupPrompt: 'MANDATORY_FORCED_TIMEOUT', timeoutMs: 1000 });
		expect(() => acw.buildAcwSettings(node, 'MANDATORY_TIMEOUT', undefined, 0)).toThrow('ACW Timeout (Seconds) is required for the MANDATORY_TIMEOUT prompt (1 to 3600 seconds)');
		expect(() => acw.buildAcwSettings(node, 'MANDATORY_FORCED_TIMEOUT', undefined, 0)).toThrow('is required for the MANDATORY_FORCED_TIMEOUT prompt');
		expect(() => acw.buildAcwSettings(node, 'MANDATORY', 30, 0)).toThrow('ACW Timeout (Seconds) cannot be set for the MANDATORY prompt; leave it empty');
		expect(() => acw.buildAcwSettings(node, 'OPTIONAL', 30, 0)).toThrow('cannot be set for the OPTIONAL prompt');
		expect(acw.buildAcwSettings(node, 'OPTIONAL', undefined, 0)).toEqual({ wrapupPrompt: 'OPTIONAL' });
		expect(acw.buildAcwSettings(node, 'AGENT_REQUESTED', undefined, 0)).toEqual({ wrapupPrompt: 'AGENT_REQUESTED' });
		expect(acw.buildAcwSettings(node, 'AGENT_REQUESTED', 45, 0)).toEqual({ wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: 45000 });
	});
});

describe('whether a queue already is as desired', () => {
	test('[safety] the prompt must match; the timeout counts only where the prompt uses it', () => {
		expect(acw.acwSatisfies({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 }, { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 })).toBe(true);
		expect(acw.acwSatisfies({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 60000 }, { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 })).toBe(false);
		expect(acw.acwSatisfies({ wrapupPrompt: 'MANDATORY_TIMEOUT' }, { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 })).toBe(false);
		expect(acw.acwSatisfies({ wrapupPrompt: 'OPTIONAL', timeoutMs: 30000 }, { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 })).toBe(false);
		expect(acw.acwSatisfies(undefined, { wrapupPrompt: 'OPTIONAL' })).toBe(false);
		// a timeout Genesys kept on a prompt that takes none does not count
		expect(acw.acwSatisfies({ wrapupPrompt: 'MANDATORY', timeoutMs: 30000 }, { wrapupPrompt: 'MANDATORY' })).toBe(true);
		// AGENT_REQUESTED without a timeout asked for accepts Genesys's default; with one, it must match
		expect(acw.acwSatisfies({ wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: 30000 }, { wrapupPrompt: 'AGENT_REQUESTED' })).toBe(true);
		expect(acw.acwSatisfies({ wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: 30000 }, { wrapupPrompt: 'AGENT_REQUESTED', timeoutMs: 45000 })).toBe(false);
	});

	test('[safety] the output shows the prompt and the timeout it uses, in seconds, or null', () => {
		expect(acw.acwView({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 })).toEqual({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 });
		expect(acw.acwView({ wrapupPrompt: 'OPTIONAL', timeoutMs: 30000 })).toEqual({ wrapupPrompt: 'OPTIONAL', timeoutSeconds: null });
		expect(acw.acwView(undefined)).toEqual({ wrapupPrompt: null, timeoutSeconds: null });
		expect(acw.takesTimeout('AGENT_REQUESTED')).toBe(true);
		expect(acw.takesTimeout('MANDATORY')).toBe(false);
	});
});

describe('the queue PUT body', () => {
	const queue = {
		id: 'q1',
		name: 'Sales',
		futureField: { kept: true },
		acwSettings: { wrapupPrompt: 'OPTIONAL' },
		conditionalGroupRouting: { rules: [{ queue: { id: 'q1' }, operator: 'LessThan' }, { queue: { id: 'q2' }, operator: 'GreaterThan' }] },
		conditionalGroupActivation: { pilotRule: { conditions: [], conditionExpression: '  ' }, rules: [{ id: 'r' }] },
	};

	test('[safety] the queue goes back as read with only acwSettings replaced, rule 1 without its queue, a blank pilot rule left out', () => {
		const body = queuePutBody(queue as never, { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 });
		expect(body).toEqual({
			id: 'q1',
			name: 'Sales',
			futureField: { kept: true },
			acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 },
			conditionalGroupRouting: { rules: [{ operator: 'LessThan' }, { queue: { id: 'q2' }, operator: 'GreaterThan' }] },
			conditionalGroupActivation: { rules: [{ id: 'r' }] },
		});
		// the queue as read is not changed
		expect(queue.conditionalGroupRouting.rules[0]).toEqual({ queue: { id: 'q1' }, operator: 'LessThan' });
		expect(queue.conditionalGroupActivation.pilotRule).toBeDefined();
	});

	test('[safety] a pilot rule with conditions or an expression goes back; so does a queue without rules', () => {
		const withConditions = { conditionalGroupActivation: { pilotRule: { conditions: [{ simpleMetric: {} }] } } };
		expect(queuePutBody(withConditions as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupActivation).toEqual(withConditions.conditionalGroupActivation);
		const withExpression = { conditionalGroupActivation: { pilotRule: { conditionExpression: 'C1' } } };
		expect(queuePutBody(withExpression as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupActivation).toEqual(withExpression.conditionalGroupActivation);
		const nullPilot = { conditionalGroupActivation: { pilotRule: null, x: 1 } };
		expect(queuePutBody(nullPilot as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupActivation).toEqual({ x: 1 });
		const oddPilot = { conditionalGroupActivation: { pilotRule: ['not', 'an', 'object'] } };
		expect(queuePutBody(oddPilot as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupActivation).toEqual(oddPilot.conditionalGroupActivation);
		const noRules = { conditionalGroupRouting: { rules: [] } };
		expect(queuePutBody(noRules as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupRouting).toEqual({ rules: [] });
		const nullRule = { conditionalGroupRouting: { rules: [null] } };
		expect(queuePutBody(nullRule as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupRouting).toEqual({ rules: [null] });
	});
});

describe('Only If Current Settings Are', () => {
	test('[safety] passes only when the queue has the expected prompt (and timeout, when one is given)', () => {
		expect(checkCurrentAcw({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 }, { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 })).toEqual({ ok: true });
		expect(checkCurrentAcw({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 }, { wrapupPrompt: 'MANDATORY_TIMEOUT' })).toEqual({ ok: true });
		expect(checkCurrentAcw({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 }, { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 30 })).toEqual({
			ok: false,
			found: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutSeconds: 90 },
			reason: 'the queue has MANDATORY_TIMEOUT 90 s, not MANDATORY_TIMEOUT 30 s as required by Only If Current Settings Are; nothing was written',
		});
		expect(checkCurrentAcw({ wrapupPrompt: 'OPTIONAL' }, { wrapupPrompt: 'MANDATORY' })).toMatchObject({
			ok: false,
			reason: 'the queue has OPTIONAL, not MANDATORY as required by Only If Current Settings Are; nothing was written',
		});
	});
});

describe('what a refused input carries, and the PUT body for odd shapes', () => {
	const thrown = (fn: () => unknown) => {
		try {
			fn();
		} catch (error) {
			return error as { context: { itemIndex?: number }; description?: string };
		}
		throw new Error('expected a throw');
	};

	test('[safety] every refused input names the item it came from (Continue On Fail pairs the error with it)', () => {
		expect(thrown(() => acw.requirePrompt(node, 'LOCKED_ACW', 3)).context.itemIndex).toBe(3);
		expect(thrown(() => acw.parseAcwTimeoutSeconds(node, 'soon', 4)).context.itemIndex).toBe(4);
		expect(thrown(() => acw.buildAcwSettings(node, 'MANDATORY_TIMEOUT', undefined, 5)).context.itemIndex).toBe(5);
		const notTaken = thrown(() => acw.buildAcwSettings(node, 'MANDATORY', 30, 6));
		expect(notTaken.context.itemIndex).toBe(6);
		expect(notTaken.description).toBe('Genesys Cloud takes a timeout only for MANDATORY_TIMEOUT, MANDATORY_FORCED_TIMEOUT and AGENT_REQUESTED.');
	});

	test('[safety] a time-boxed target without a timeout is never "already as desired" over a queue that has one', () => {
		expect(acw.acwSatisfies({ wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 30000 }, { wrapupPrompt: 'MANDATORY_TIMEOUT' })).toBe(false);
	});

	test('[safety] pilot rules: null conditions and expression are blank; a rule that is not an object goes back as read', () => {
		const nullParts = { conditionalGroupActivation: { pilotRule: { conditions: null, conditionExpression: null }, x: 1 } };
		expect(queuePutBody(nullParts as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupActivation).toEqual({ x: 1 });
		const textPilot = { conditionalGroupActivation: { pilotRule: 'C1' } };
		expect(queuePutBody(textPilot as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupActivation).toEqual({ pilotRule: 'C1' });
		const nullActivation = { conditionalGroupActivation: null };
		expect(queuePutBody(nullActivation as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupActivation).toBeNull();
		const textRule = { conditionalGroupRouting: { rules: ['odd', { queue: { id: 'q2' } }] } };
		expect(queuePutBody(textRule as never, { wrapupPrompt: 'OPTIONAL' }).conditionalGroupRouting).toEqual(textRule.conditionalGroupRouting);
	});
});
