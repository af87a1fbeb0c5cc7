import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { CallScope } from '../../shared/execution/callScope';
import type { WriteStep } from '../../shared/execution/writeFromFreshRead';
import { writeFromFreshRead } from '../../shared/execution/writeFromFreshRead';
import type { Conversation, Participant, WrapupCode } from '../../shared/genesysTypes';
import { cancellableSleep } from '../../shared/transport/cancellableSleep';
import { executionCancelledError } from '../../shared/transport/cancellation';
import { isRetryableWriteFailure } from '../../shared/transport/writeFailures';
import type { ParticipantSelector } from './acwState';
import { acwStatus, agentCommunication, finalWrapup, pickParticipant, provisionalWrapup } from './acwState';
import { getConversation, postWrapup, skipWrapup } from './conversationApi';
import { attemptsExhausted, isForbidden, isTokenUnavailable, permissionError } from './endAcwErrors';
import type { EndAcwOutcome } from './endAcwOutput';
import { describeState, endAcwOutput, sameNotes } from './endAcwOutput';
import type { EndAcwInput } from './readEndAcwInput';
import { readEndAcwInput } from './readEndAcwInput';
import type { WrapupCodeCache } from './validWrapupCodes';
import { validWrapupCodes } from './validWrapupCodes';
import { WriteLog } from './writeLog';

export type { WrapupCodeCache } from './validWrapupCodes';

const READ_BACK_TRIES = 3;
const READ_BACK_DELAY_MS = 1000;
/** shortest wait between two reads of a conversation that is not in ACW yet */
const MIN_WAIT_MS = 250;

/**
 * One item, in the steps the README describes: wait until the agent is in after-call work (or find
 * that nothing is owed), refuse what Genesys would refuse, attempt the write, and choose the outcome:
 * confirmed by a read-back, retried after a fresh read, or failed with what was tried.
 */
class EndAcwRun {
	private readonly scope: CallScope;
	private readonly signal: AbortSignal | undefined;
	/** the participant as first read, and the codes valid for it (looked up once) */
	private stateBefore?: IDataObject;
	private validCodes?: WrapupCode[];
	/** waiting for ACW: time spent so far, and how many waits (the delay doubles each time) */
	private readonly waiting = { ms: 0, count: 0 };
	/** the writes attempted, and what each reached */
	private readonly log = new WriteLog();
	/** Once a wrap-up was attempted on a participant, every later read looks at that one only:
	 * after a transfer, another agent may also owe wrap-up, and must not get this one's code. */
	private pinnedParticipantId?: string;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly input: EndAcwInput,
		private readonly codesByQueue: WrapupCodeCache,
	) {
		this.scope = { ctx, itemIndex, counter: { calls: 0 } };
		this.signal = ctx.getExecutionCancelSignal();
	}

	/**
	 * The shared write-then-re-read loop: every read (the first, and the one after each failed
	 * write) is planned afresh: wait for ACW, settle without a write, or refuse, then write.
	 */
	async run(): Promise<IDataObject> {
		let settled: IDataObject | undefined;
		let sentTo: Participant | undefined;
		const outcome = await writeFromFreshRead<Conversation, Participant, void>(await this.read(), {
			plan: async (conversation): Promise<WriteStep<Participant>> => {
				const participant = await this.waitForAcw(conversation);
				settled = this.outcomeWithoutWrite(participant);
				if (settled) return { kind: 'noWrite' };
				await this.refuseWhatGenesysWouldRefuse(participant);
				return { kind: 'write', write: participant };
			},
			send: async (participant) => {
				this.log.attempted();
				this.pinnedParticipantId = participant.id;
				sentTo = participant;
				await this.write(participant);
				this.log.accepted();
			},
			onFailedSend: async (error) => await this.recordRetryableFailure(error, sentTo),
			read: async () => await this.read(),
			maxAttempts: this.input.maxAttempts,
			backoffMs: (attempts) => this.input.baseDelayMs * 2 ** (attempts - 1),
			signal: this.signal,
			cancelled: () => executionCancelledError(this.ctx.getNode(), this.itemIndex),
			exhausted: (error) => attemptsExhausted(this.ctx.getNode(), this.input.conversationId, this.log.tried, error as NodeApiError, this.itemIndex),
		});
		if (outcome.kind === 'written') return await this.confirmedOutcome(outcome.write);
		return settled!;
	}

	// ---- step 1: wait for after-call work ---------------------------------------------------

	/** Re-reads with a doubling delay while the agent is not in ACW yet and the options allow waiting. */
	private async waitForAcw(conversation: Conversation): Promise<Participant> {
		for (;;) {
			const participant = this.participant(conversation);
			const status = acwStatus(participant);
			this.stateBefore ??= describeState(participant, status);
			const mayWait = this.input.ifNotInAcwYet === 'waitThenFail' || this.input.ifNotInAcwYet === 'waitThenSkip';
			if (status !== 'notYet' || !mayWait || this.waiting.ms >= this.input.maxWaitMs) return participant;
			const delay = Math.min(Math.max(this.input.baseDelayMs, MIN_WAIT_MS) * 2 ** this.waiting.count++, this.input.maxWaitMs - this.waiting.ms);
			await this.wait(delay);
			this.waiting.ms += delay;
			conversation = await this.read();
		}
	}

	/** The outcomes that need no write: ACW already ended, nothing owed, or not in ACW (yet). */
	private outcomeWithoutWrite(participant: Participant): IDataObject | undefined {
		const status = acwStatus(participant);
		if (status === 'done') {
			if (this.appliedByUs(participant)) return this.output(participant, this.changedOutcome(), { confirmed: true });
			if (this.input.ifAlreadyWrappedUp === 'fail') {
				throw this.fail(`The agent of conversation ${this.input.conversationId} has already wrapped up`, 'Nothing was changed.');
			}
			return this.output(participant, 'already-wrapped-up');
		}
		if (status === 'notRequired') return this.output(participant, 'not-in-acw', { reason: 'no wrap-up is required for this participant' });
		if (status === 'notYet') return this.notInAcwYet(participant);
		return undefined;
	}

	private notInAcwYet(participant: Participant): IDataObject {
		const mode = this.input.ifNotInAcwYet;
		const reason = `the agent's communication is still ${String(agentCommunication(participant)?.communication.state ?? 'active')}`;
		if (mode === 'skip') return this.output(participant, 'not-in-acw', { reason });
		if (mode === 'fail') throw this.fail(`The agent of conversation ${this.input.conversationId} is not in after-call work yet: ${reason}`, 'Nothing was changed.');
		const waited = `after waiting ${Math.round(this.waiting.ms / 1000)} s`;
		if (mode === 'waitThenSkip') return this.output(participant, 'not-in-acw', { reason: `${reason} ${waited}` });
		throw this.fail(`The agent of conversation ${this.input.conversationId} is still not in after-call work ${waited}: ${reason}`, 'Nothing was changed.');
	}

	// ---- step 2: attempt the write -----------------------------------------------------------

	/** In after-call work: every refusal the node can know of comes before the write. */
	private async refuseWhatGenesysWouldRefuse(participant: Participant) {
		if (this.input.whenInAcw === 'skipWrapup' && participant.wrapupPrompt !== 'optional') {
			throw this.fail(
				`Wrap-up cannot be skipped here: the queue's prompt is "${String(participant.wrapupPrompt)}", and only "optional" allows skipping`,
				'Apply a wrap-up code instead (time-boxed prompts also end by themselves at their timeout). Nothing was changed.',
			);
		}
		await this.checkCode(participant);
	}

	private async checkCode(participant: Participant) {
		if (this.input.whenInAcw !== 'applyWrapup' || this.validCodes) return;
		const found = agentCommunication(participant);
		if (!found) return; // the write says why
		this.validCodes = await validWrapupCodes(this.scope, this.codesByQueue, this.input.conversationId, participant, found.media);
		// IDs compared exactly, as Genesys's own tools do
		if (this.validCodes && !this.validCodes.some((code) => code.id === this.input.wrapupCodeId)) {
			const names = this.validCodes.map((code) => `${code.name} (${code.id})`).join(', ');
			throw this.fail(`Wrap-up code ${this.input.wrapupCodeId ?? ''} is not valid for this agent's queue`, `Valid codes: ${names || 'none'}. Nothing was changed.`);
		}
	}

	private async write(participant: Participant) {
		if (this.input.whenInAcw === 'skipWrapup') {
			await skipWrapup(this.scope, this.input.conversationId, participant.id);
			return;
		}
		const found = agentCommunication(participant);
		if (!found) throw this.fail(`Participant ${participant.id} has no communication to wrap up`);
		await postWrapup(
			this.scope,
			{ media: found.media.path, conversationId: this.input.conversationId, participantId: participant.id, communicationId: found.communication.id },
			{
				code: this.input.wrapupCodeId,
				...(this.input.notes ? { notes: this.input.notes } : {}),
				...(this.input.tags.length ? { tags: this.input.tags } : {}),
				// the agent saved a draft (API-NOTES §8.5): say plainly that this one is the final wrap-up
				...(provisionalWrapup(participant) ? { provisional: false } : {}),
			},
		);
	}

	/**
	 * Which failures are worth another attempt after a fresh read: a 409, server errors and lost
	 * answers (the write may or may not have been applied), and a token the login host did not give
	 * (the write was never sent). Anything else fails the item at once.
	 */
	private async recordRetryableFailure(error: unknown, participant: Participant | undefined): Promise<void> {
		if (isForbidden(error)) {
			const refused = this.input.whenInAcw === 'skipWrapup' ? 'skip' : 'wrapup';
			throw await permissionError(this.ctx, error, this.itemIndex, refused, participant?.userId);
		}
		if (isTokenUnavailable(error)) return this.log.notSent(error);
		if (!isRetryableWriteFailure(error)) throw asNodeError(this.ctx.getNode(), error, this.itemIndex);
		this.log.mayHaveApplied(error);
	}

	// ---- step 3: choose the outcome -------------------------------------------------------------

	/**
	 * Genesys accepted the write; it may apply it a moment later, so read until ACW shows as ended.
	 * If it never does, the wrap-up the user asked for did not (yet) happen: the item fails rather
	 * than end green.
	 */
	private async confirmedOutcome(participant: Participant): Promise<IDataObject> {
		let last: Participant | undefined;
		for (let read = 1; read <= READ_BACK_TRIES; read++) {
			const conversation = await this.read();
			last = conversation.participants?.find((candidate) => candidate.id === participant.id);
			if (last && acwStatus(last) === 'done') return this.output(last, this.changedOutcome(), { confirmed: true });
			if (read < READ_BACK_TRIES) await this.wait(READ_BACK_DELAY_MS);
		}
		const shown = last ? agentCommunication(last)?.communication.afterCallWork?.state : undefined;
		throw this.fail(
			`Genesys accepted the ${this.writeName()} for participant ${participant.id}, but its after-call work still shows as not ended`,
			`The conversation was read ${READ_BACK_TRIES} times over ${((READ_BACK_TRIES - 1) * READ_BACK_DELAY_MS) / 1000} s after Genesys answered${shown ? `; after-call work is still "${String(shown)}"` : ''}. Genesys may still apply it: running the item again is safe (an ended ACW is then a no-op, a pending one is wrapped up).`,
		);
	}

	// ---- reading and describing ----------------------------------------------------------------

	private fail(message: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), message, { itemIndex: this.itemIndex, description });
	}

	private async wait(ms: number) {
		if (!(await cancellableSleep(ms, this.signal))) throw executionCancelledError(this.scope.ctx.getNode(), this.scope.itemIndex);
	}

	private writeName(): string {
		return this.input.whenInAcw === 'skipWrapup' ? 'skip' : 'wrap-up';
	}

	private changedOutcome(): EndAcwOutcome {
		return this.input.whenInAcw === 'skipWrapup' ? 'skipped-wrapup' : 'wrapped-up';
	}

	private async read(): Promise<Conversation> {
		try {
			return await getConversation(this.scope, this.input.conversationId);
		} catch (error) {
			if (this.log.attempts > 0) throw this.unconfirmedAfterWrite(error);
			if (error instanceof NodeApiError && error.httpCode === '404') {
				throw this.fail(`Conversation ${this.input.conversationId} was not found in Genesys Cloud`, 'Check the conversation ID the webhook sent, and that the credential is for the right organization and region.');
			}
			throw asNodeError(this.ctx.getNode(), error, this.itemIndex);
		}
	}

	/** A read after a write failed: never let it hide that the write may have been applied. */
	private unconfirmedAfterWrite(error: unknown) {
		const failed = asNodeError(this.ctx.getNode(), error, this.itemIndex);
		failed.description = `${this.log.unconfirmed(this.writeName(), String(this.pinnedParticipantId))} ${failed.description ?? ''}`;
		return failed;
	}

	private participant(conversation: Conversation): Participant {
		const selector: ParticipantSelector = this.pinnedParticipantId
			? { by: 'participantId', participantId: this.pinnedParticipantId }
			: this.input.selector;
		const participant = pickParticipant(conversation, selector);
		if (participant) return participant;
		const which =
			selector.by === 'participantId'
				? `participant ${selector.participantId}`
				: selector.by === 'userId'
					? `agent participant for user ${selector.userId}`
					: 'agent participant';
		throw this.fail(`Conversation ${this.input.conversationId} has no ${which}`);
	}

	/** Did our own earlier attempt (whose answer was lost) already end it? */
	private appliedByUs(participant: Participant): boolean {
		if (this.log.attempts === 0) return false;
		if (this.input.whenInAcw === 'skipWrapup') return participant.wrapupSkipped === true;
		const wrapup = finalWrapup(participant);
		return wrapup?.code === this.input.wrapupCodeId && sameNotes(wrapup?.notes, this.input.notes);
	}

	private output(participant: Participant, outcome: EndAcwOutcome, extra: IDataObject = {}): IDataObject {
		const facts = { input: this.input, stateBefore: this.stateBefore, validCodes: this.validCodes, attempts: this.log.attempts, apiCalls: this.scope.counter.calls };
		return endAcwOutput(facts, participant, outcome, extra);
	}
}

/** One item: end the agent's after-call work, checking the state first and before every retry. */
export async function endAcw(ctx: IExecuteFunctions, itemIndex: number, codesByQueue: WrapupCodeCache): Promise<IDataObject> {
	return await new EndAcwRun(ctx, itemIndex, readEndAcwInput(ctx, itemIndex), codesByQueue).run();
}
