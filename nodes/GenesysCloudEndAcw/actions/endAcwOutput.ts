import type { IDataObject } from 'n8n-workflow';

import type { Participant, WrapupCode } from '../../shared/genesysTypes';
import type { AcwStatus } from './acwState';
import { agentCommunication, finalWrapup, provisionalWrapup } from './acwState';
import type { EndAcwInput } from './readEndAcwInput';

export type EndAcwOutcome = 'wrapped-up' | 'skipped-wrapup' | 'already-wrapped-up' | 'not-in-acw';

/** The participant's state as first read, for the output's `stateBefore`. */
export function describeState(participant: Participant, status: AcwStatus): IDataObject {
	const found = agentCommunication(participant);
	return {
		acwStatus: status,
		wrapupPrompt: participant.wrapupPrompt ?? null,
		wrapupTimeoutMs: participant.wrapupTimeoutMs ?? null,
		communicationState: found?.communication.state ?? null,
		afterCallWork: found?.communication.afterCallWork?.state ?? null,
		// a draft the agent saved (not a finished wrap-up)
		provisionalWrapupCode: provisionalWrapup(participant)?.code ?? null,
	};
}

/** What the run knows when it writes the item's output. */
export interface OutputFacts {
	input: EndAcwInput;
	stateBefore?: IDataObject;
	validCodes?: WrapupCode[];
	attempts: number;
	apiCalls: number;
}

/**
 * Genesys may trim or normalise the notes it stores (whitespace, line ends, Unicode form): our own
 * write must still be recognised as ours.
 */
export function sameNotes(stored: unknown, sent: string | undefined): boolean {
	const normal = (text: unknown) => (typeof text === 'string' ? text.normalize('NFC').replace(/\s+/g, ' ').trim() : '');
	return normal(stored) === normal(sent);
}

/** The output item of one conversation. */
export function endAcwOutput(facts: OutputFacts, participant: Participant, outcome: EndAcwOutcome, extra: IDataObject = {}): IDataObject {
	const { input } = facts;
	const found = agentCommunication(participant);
	const wrapup = finalWrapup(participant);
	const ended = participant.endAcwTime && participant.startAcwTime
		? (Date.parse(participant.endAcwTime) - Date.parse(participant.startAcwTime)) / 1000
		: null;
	const applied = outcome === 'wrapped-up';
	const codeName = facts.validCodes?.find((code) => code.id === input.wrapupCodeId)?.name ?? wrapup?.name ?? null;
	return {
		conversationId: input.conversationId,
		participantId: participant.id,
		userId: participant.userId ?? null,
		mediaType: found?.media.path ?? null,
		communicationId: found?.communication.id ?? null,
		stateBefore: facts.stateBefore ?? null,
		outcome,
		changed: outcome === 'wrapped-up' || outcome === 'skipped-wrapup',
		attempts: facts.attempts,
		wrapupCode: applied ? { id: input.wrapupCodeId, name: codeName } : null,
		notes: applied ? (input.notes ?? null) : null,
		tags: applied ? input.tags : [],
		acwDurationSeconds: typeof wrapup?.durationSeconds === 'number' ? wrapup.durationSeconds : ended,
		...extra,
		apiCalls: facts.apiCalls,
	};
}
