/**
 * Issue 17, mutation testing: End ACW's state check as pure functions on the built module: which
 * communication is the agent's, whether after-call work is owed, and which participant is meant.
 */
// the built module, as the node uses it (loaded at run time: the lint of a fresh clone has no dist/)
const state = jest.requireActual<typeof import('../../nodes/GenesysCloudEndAcw/actions/acwState')>('../../dist/nodes/GenesysCloudEndAcw/actions/acwState');

type Participant = Parameters<typeof state.acwStatus>[0];
const agent = (over: Record<string, unknown> = {}): Participant => ({ id: 'p', purpose: 'agent', ...over }) as Participant;
const ended = (acw?: Record<string, unknown>) => ({ calls: [{ id: 'c1', state: 'disconnected', ...(acw ? { afterCallWork: acw } : {}) }] });

describe('the agent communication', () => {
	test('[safety] the last communication of the first media that has any; none without media', () => {
		const participant = agent({ calls: [], emails: [{ id: 'e1' }, { id: 'e2' }], messages: [{ id: 'm1' }] });
		const found = state.agentCommunication(participant)!;
		expect(found.media.path).toBe('emails');
		expect(found.communication.id).toBe('e2');
		expect(state.agentCommunication(agent())).toBeUndefined();
		expect(state.agentCommunication(agent({ socialExpressions: [{ id: 's1' }] }))!.media.path).toBe('socials');
	});

	test('[safety] the media with a code lookup of their own, and those that use the generic one', () => {
		const codes = Object.fromEntries(state.WRAPUP_MEDIA.map((media) => [media.path, media.codes]));
		expect(codes).toEqual({
			calls: 'participant',
			callbacks: 'participant',
			chats: 'generic',
			cobrowsesessions: 'participant',
			emails: 'participant',
			messages: 'participant',
			screenshares: 'generic',
			socials: 'generic',
			videos: 'generic',
		});
	});
});

describe('whether after-call work is owed', () => {
	test('[safety] owed: the communication ended, wrap-up required, ACW pending or not shown', () => {
		expect(state.acwStatus(agent({ wrapupRequired: true, ...ended() }))).toBe('inAcw');
		expect(state.acwStatus(agent({ wrapupRequired: true, ...ended({ state: 'pending' }) }))).toBe('inAcw');
		expect(state.acwStatus(agent({ wrapupRequired: true, calls: [{ state: 'terminated' }] }))).toBe('inAcw');
		// a provisional wrap-up is the agent's draft: still owed
		expect(state.acwStatus(agent({ wrapupRequired: true, wrapup: { code: 'x', provisional: true }, ...ended() }))).toBe('inAcw');
	});

	test('[safety] done: a final wrap-up, a skip, an ACW end time, or ACW complete or skipped', () => {
		expect(state.acwStatus(agent({ wrapupRequired: true, wrapup: { code: 'x' }, ...ended() }))).toBe('done');
		expect(state.acwStatus(agent({ wrapupRequired: true, wrapup: { code: 'x', provisional: false }, ...ended() }))).toBe('done');
		expect(state.acwStatus(agent({ wrapupRequired: true, wrapupSkipped: true, ...ended() }))).toBe('done');
		expect(state.acwStatus(agent({ wrapupRequired: true, endAcwTime: '2026-11-30T08:00:00Z', ...ended() }))).toBe('done');
		expect(state.acwStatus(agent({ wrapupRequired: true, ...ended({ state: 'complete' }) }))).toBe('done');
		expect(state.acwStatus(agent({ wrapupRequired: true, ...ended({ state: 'skipped' }) }))).toBe('done');
	});

	test('[safety] not yet: still connected, or no communication; not required: ended with nothing owed', () => {
		expect(state.acwStatus(agent({ wrapupRequired: true, calls: [{ state: 'connected' }] }))).toBe('notYet');
		expect(state.acwStatus(agent({ wrapupRequired: true }))).toBe('notYet');
		expect(state.acwStatus(agent({ wrapupRequired: false, ...ended() }))).toBe('notRequired');
		expect(state.acwStatus(agent({ ...ended() }))).toBe('notRequired');
		expect(state.acwStatus(agent({ wrapupRequired: true, ...ended({ state: 'notApplicable' }) }))).toBe('notRequired');
	});

	test('[safety] a final and a provisional wrap-up are told apart', () => {
		expect(state.finalWrapup(agent({ wrapup: { code: 'x' } }))).toEqual({ code: 'x' });
		expect(state.finalWrapup(agent({ wrapup: { code: 'x', provisional: true } }))).toBeUndefined();
		expect(state.provisionalWrapup(agent({ wrapup: { code: 'x', provisional: true } }))).toEqual({ code: 'x', provisional: true });
		expect(state.provisionalWrapup(agent({ wrapup: { code: 'x' } }))).toBeUndefined();
		expect(state.provisionalWrapup(agent())).toBeUndefined();
	});
});

describe('which participant is meant', () => {
	const owing = (id: string, userId: string) => agent({ id, userId, wrapupRequired: true, ...ended() });
	const done = (id: string, userId: string) => agent({ id, userId, wrapupRequired: true, wrapupSkipped: true, ...ended() });
	const conversation = {
		id: 'conv',
		participants: [
			{ id: 'customer', purpose: 'customer' },
			owing('a1', 'u1'),
			owing('a2', 'u2'),
			done('a3', 'u1'),
		],
	};

	test('[safety] by default the latest agent who owes wrap-up; if none owes it, the latest agent', () => {
		expect(state.pickParticipant(conversation as never, { by: 'owesWrapup' })!.id).toBe('a2');
		const noneOwe = { participants: [done('a1', 'u1'), done('a2', 'u2'), { id: 'x', purpose: 'customer' }] };
		expect(state.pickParticipant(noneOwe as never, { by: 'owesWrapup' })!.id).toBe('a2');
		expect(state.pickParticipant({ participants: [] } as never, { by: 'owesWrapup' })).toBeUndefined();
		expect(state.pickParticipant({} as never, { by: 'owesWrapup' })).toBeUndefined();
	});

	test('[safety] by user: that user\'s agent participants only; by participant ID: exactly that one', () => {
		expect(state.pickParticipant(conversation as never, { by: 'userId', userId: 'u1' })!.id).toBe('a1');
		expect(state.pickParticipant(conversation as never, { by: 'userId', userId: 'nobody' })).toBeUndefined();
		expect(state.pickParticipant(conversation as never, { by: 'participantId', participantId: 'a3' })!.id).toBe('a3');
		expect(state.pickParticipant(conversation as never, { by: 'participantId', participantId: 'customer' })!.id).toBe('customer');
		expect(state.agentParticipants(conversation as never).map((p) => p.id)).toEqual(['a1', 'a2', 'a3']);
	});
});
