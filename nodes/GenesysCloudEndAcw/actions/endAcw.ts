import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { Conversation, Participant, WrapupCode } from '../../shared/genesysTypes';
import { cancellableSleep } from '../../shared/transport/cancellableSleep';
import type { AcwStatus, ParticipantSelector } from './acwState';
import { acwStatus, agentCommunication, pickParticipant } from './acwState';
import type { ConversationCallScope } from './conversationApi';
import { getConversation, getParticipantWrapupCodes, postWrapup, skipWrapup } from './conversationApi';
import { isRetryableWriteFailure } from '../../shared/transport/writeFailures';
import { attemptsExhausted, permissionError } from './endAcwErrors';
import type { EndAcwInput } from './readEndAcwInput';
import { readEndAcwInput } from './readEndAcwInput';

export type EndAcwOutcome = 'wrapped-up' | 'skipped-wrapup' | 'already-wrapped-up' | 'not-in-acw';

const READ_BACK_TRIES = 3;
const READ_BACK_DELAY_MS = 1000;

class EndAcwRun {
	private readonly scope: ConversationCallScope;
	private readonly signal: AbortSignal | undefined;
	private attempts = 0;
	private stateBefore?: IDataObject;
	private validCodes?: WrapupCode[];
	private readonly tried: string[] = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly input: EndAcwInput,
		private readonly codesByQueue: WrapupCodeCache,
	) {
		this.scope = { ctx, itemIndex, counter: { calls: 0 } };
		this.signal = ctx.getExecutionCancelSignal();
	}

	private fail(message: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), message, { itemIndex: this.itemIndex, description });
	}

	private async wait(ms: number) {
		if (!(await cancellableSleep(ms, this.signal))) throw this.fail('The execution was cancelled');
	}

	private async read(): Promise<Conversation> {
		try {
			return await getConversation(this.scope, this.input.conversationId);
		} catch (error) {
			if (this.attempts > 0) {
				// A wrap-up was sent; it may have been applied. Never let a failed read hide that.
				const failed = asNodeError(this.ctx.getNode(), error, this.itemIndex);
				const sent = this.accepted
					? `Genesys accepted the ${this.input.action === 'skipWrapup' ? 'skip' : 'wrap-up'} for participant ${String(this.pinnedParticipantId)}, which ends its after-call work`
					: `A wrap-up was sent to participant ${String(this.pinnedParticipantId)} (${this.tried.join('; ')}) and may have been applied`;
				failed.description = `${sent}; reading the conversation afterwards failed, so it is not confirmed. Check the conversation before retrying. ${failed.description ?? ''}`;
				throw failed;
			}
			if (error instanceof NodeApiError && error.httpCode === '404') {
				throw this.fail(`Conversation ${this.input.conversationId} was not found in Genesys Cloud`, 'Check the conversation ID the webhook sent, and that the credential is for the right organization and region.');
			}
			throw asNodeError(this.ctx.getNode(), error, this.itemIndex);
		}
	}

	/** Once a wrap-up was attempted on a participant, every later read looks at that one only:
	 * after a transfer, another agent may also owe wrap-up, and must not get this one's code. */
	private pinnedParticipantId?: string;

	/** Genesys answered the write with success */
	private accepted = false;

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
					? `an agent participant for user ${selector.userId}`
					: 'an agent participant';
		throw this.fail(`Conversation ${this.input.conversationId} has no ${which}`);
	}

	private describe(participant: Participant, status: AcwStatus): IDataObject {
		const found = agentCommunication(participant);
		return {
			acwStatus: status,
			wrapupPrompt: participant.wrapupPrompt ?? null,
			wrapupTimeoutMs: participant.wrapupTimeoutMs ?? null,
			communicationState: found?.communication.state ?? null,
			afterCallWork: found?.communication.afterCallWork?.state ?? null,
		};
	}

	private output(participant: Participant, outcome: EndAcwOutcome, extra: IDataObject = {}): IDataObject {
		const found = agentCommunication(participant);
		const wrapup = participant.wrapup as IDataObject | undefined;
		const ended = participant.endAcwTime && participant.startAcwTime
			? (Date.parse(participant.endAcwTime) - Date.parse(participant.startAcwTime)) / 1000
			: null;
		const applied = outcome === 'wrapped-up';
		return {
			conversationId: this.input.conversationId,
			participantId: participant.id,
			userId: participant.userId ?? null,
			mediaType: found?.media ?? null,
			communicationId: found?.communication.id ?? null,
			stateBefore: this.stateBefore ?? null,
			outcome,
			changed: outcome === 'wrapped-up' || outcome === 'skipped-wrapup',
			attempts: this.attempts,
			wrapupCode: applied ? { id: this.input.wrapupCodeId, name: this.validCodes?.find((c) => c.id === this.input.wrapupCodeId)?.name ?? wrapup?.name ?? null } : null,
			notes: applied ? (this.input.notes ?? null) : null,
			tags: applied ? this.input.tags : [],
			acwDurationSeconds: typeof wrapup?.durationSeconds === 'number' ? wrapup.durationSeconds : ended,
			...extra,
			apiCalls: this.scope.counter.calls,
		};
	}

	/** Did our own earlier attempt (whose answer was lost) already end it? */
	private appliedByUs(participant: Participant): boolean {
		if (this.attempts === 0) return false;
		if (this.input.action === 'skipWrapup') return participant.wrapupSkipped === true;
		const wrapup = participant.wrapup as IDataObject | undefined;
		return wrapup?.code === this.input.wrapupCodeId && (wrapup?.notes ?? undefined) === this.input.notes;
	}

	private async checkCode(participant: Participant) {
		if (this.input.action !== 'applyWrapup' || this.validCodes) return;
		// Valid codes are the queue's codes: one lookup per queue per run, not per conversation.
		const key = participant.queueId;
		const shared = key ? this.codesByQueue.get(key) : undefined;
		const own = async () => await getParticipantWrapupCodes(this.scope, this.input.conversationId, participant.id);
		if (shared) {
			// another item's lookup failing is that item's error: this one asks for itself
			this.validCodes = await shared.catch(own);
		} else {
			const lookup = own();
			if (key) {
				this.codesByQueue.set(key, lookup);
				lookup.catch(() => this.codesByQueue.delete(key));
			}
			this.validCodes = await lookup;
		}
		if (!this.validCodes.some((code) => code.id === this.input.wrapupCodeId)) {
			const names = this.validCodes.map((code) => `${code.name} (${code.id})`).join(', ');
			throw this.fail(`Wrap-up code ${this.input.wrapupCodeId ?? ''} is not valid for this agent's queue`, `Valid codes: ${names || 'none'}. Nothing was changed.`);
		}
	}

	private async write(participant: Participant) {
		if (this.input.action === 'skipWrapup') {
			await skipWrapup(this.scope, this.input.conversationId, participant.id);
			return;
		}
		const found = agentCommunication(participant);
		if (!found) throw this.fail(`Participant ${participant.id} has no communication to wrap up`);
		await postWrapup(
			this.scope,
			{ media: found.media, conversationId: this.input.conversationId, participantId: participant.id, communicationId: found.communication.id },
			{ code: this.input.wrapupCodeId, ...(this.input.notes ? { notes: this.input.notes } : {}), ...(this.input.tags.length ? { tags: this.input.tags } : {}) },
		);
	}

	/** Genesys may apply the wrap-up a moment after answering: read until ACW shows as ended. */
	private async readBack(participantId: string): Promise<{ participant?: Participant; confirmed: boolean }> {
		let last: Participant | undefined;
		for (let attempt = 1; attempt <= READ_BACK_TRIES; attempt++) {
			const conversation = await this.read();
			last = conversation.participants?.find((candidate) => candidate.id === participantId);
			if (last && acwStatus(last) === 'done') return { participant: last, confirmed: true };
			if (attempt < READ_BACK_TRIES) await this.wait(READ_BACK_DELAY_MS);
		}
		return { participant: last, confirmed: false };
	}

	async run(): Promise<IDataObject> {
		let conversation = await this.read();
		let waitedMs = 0;
		let waits = 0;
		let lastFailure: NodeApiError | undefined;
		for (;;) {
			const participant = this.participant(conversation);
			const status = acwStatus(participant);
			this.stateBefore ??= this.describe(participant, status);

			if (status === 'done') {
				if (this.appliedByUs(participant)) {
					return this.output(participant, this.input.action === 'skipWrapup' ? 'skipped-wrapup' : 'wrapped-up', { confirmed: true });
				}
				if (this.input.ifAlreadyWrappedUp === 'fail') {
					throw this.fail(`The agent of conversation ${this.input.conversationId} has already wrapped up`, 'Nothing was changed.');
				}
				return this.output(participant, 'already-wrapped-up');
			}
			if (status === 'notRequired') return this.output(participant, 'not-in-acw', { reason: 'no wrap-up is required for this participant' });
			if (status === 'notYet') {
				const mode = this.input.ifNotInAcwYet;
				const reason = `the agent's communication is still ${String(agentCommunication(participant)?.communication.state ?? 'active')}`;
				if (mode === 'skip') return this.output(participant, 'not-in-acw', { reason });
				if (mode === 'fail') throw this.fail(`The agent of conversation ${this.input.conversationId} is not in after-call work yet: ${reason}`, 'Nothing was changed.');
				if (waitedMs >= this.input.maxWaitMs) {
					const waited = `after waiting ${Math.round(waitedMs / 1000)} s`;
					if (mode === 'waitThenSkip') return this.output(participant, 'not-in-acw', { reason: `${reason} ${waited}` });
					throw this.fail(`The agent of conversation ${this.input.conversationId} is still not in after-call work ${waited}: ${reason}`, 'Nothing was changed.');
				}
				const delay = Math.min(Math.max(this.input.baseDelayMs, 250) * 2 ** waits++, this.input.maxWaitMs - waitedMs);
				await this.wait(delay);
				waitedMs += delay;
				conversation = await this.read();
				continue;
			}

			// In after-call work: every refusal the node can know of comes before the write.
			if (this.input.action === 'skipWrapup' && participant.wrapupPrompt !== 'optional') {
				throw this.fail(
					`Wrap-up cannot be skipped here: the queue's prompt is "${String(participant.wrapupPrompt)}", and only "optional" allows skipping`,
					'Apply a wrap-up code instead (time-boxed prompts also end by themselves at their timeout). Nothing was changed.',
				);
			}
			await this.checkCode(participant);
			if (this.attempts >= this.input.maxAttempts && lastFailure) {
				throw attemptsExhausted(this.ctx.getNode(), this.input.conversationId, this.tried, lastFailure, this.itemIndex);
			}
			this.attempts++;
			this.pinnedParticipantId = participant.id;
			try {
				await this.write(participant);
			} catch (error) {
				if (error instanceof NodeApiError && error.httpCode === '403') throw permissionError(this.ctx.getNode(), error, this.itemIndex);
				if (!isRetryableWriteFailure(error)) throw asNodeError(this.ctx.getNode(), error, this.itemIndex);
				lastFailure = error;
				this.tried.push(`attempt ${this.attempts}: ${error.httpCode ?? 'no answer'}${error.context.genesysCode ? ` ${String(error.context.genesysCode)}` : ''}`);
				if (this.attempts >= this.input.maxAttempts) {
					// one last read: the final attempt may have been applied even though its answer was lost
					conversation = await this.read();
					const now = this.participant(conversation);
					// ended meanwhile (by our lost answer, the agent, or its timeout): the loop's "done" rules apply
					if (acwStatus(now) === 'done') continue;
					throw attemptsExhausted(this.ctx.getNode(), this.input.conversationId, this.tried, lastFailure, this.itemIndex);
				}
				await this.wait(this.input.baseDelayMs * 2 ** (this.attempts - 1));
				conversation = await this.read();
				continue;
			}
			this.accepted = true;
			const { participant: after, confirmed } = await this.readBack(participant.id);
			return this.output(after ?? participant, this.input.action === 'skipWrapup' ? 'skipped-wrapup' : 'wrapped-up', { confirmed });
		}
	}
}

/** Wrap-up codes valid per queue, shared by the items of one node run. */
export type WrapupCodeCache = Map<string, Promise<WrapupCode[]>>;

/** One item: end the agent's after-call work, checking the state first and before every retry. */
export async function endAcw(ctx: IExecuteFunctions, itemIndex: number, codesByQueue: WrapupCodeCache): Promise<IDataObject> {
	return await new EndAcwRun(ctx, itemIndex, readEndAcwInput(ctx, itemIndex), codesByQueue).run();
}
