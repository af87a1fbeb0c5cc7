import type { NodeApiError } from 'n8n-workflow';

/**
 * What End ACW's writes did so far, for the messages that must never hide a write. Each failed
 * attempt either never reached Genesys (no access token) or may have been applied (a lost answer,
 * a server error, a 409); an accepted one was answered with success. The worst so far counts.
 */
type Reached = 'nothing' | 'notSent' | 'mayHaveApplied' | 'accepted';
const ORDER: Reached[] = ['nothing', 'notSent', 'mayHaveApplied', 'accepted'];

export class WriteLog {
	/** writes attempted */
	attempts = 0;

	/** one line per failed attempt */
	readonly tried: string[] = [];

	lastFailure?: NodeApiError;

	private reached: Reached = 'nothing';

	attempted() {
		this.attempts++;
	}

	accepted() {
		this.reach('accepted');
	}

	/** no access token from the login host: the write was never sent */
	notSent(error: NodeApiError) {
		this.lastFailure = error;
		this.reach('notSent');
		this.tried.push(`attempt ${this.attempts}: no access token from the login host, not sent`);
	}

	mayHaveApplied(error: NodeApiError) {
		this.lastFailure = error;
		this.reach('mayHaveApplied');
		const code = error.context.genesysCode ? ` ${String(error.context.genesysCode)}` : '';
		this.tried.push(`attempt ${this.attempts}: ${error.httpCode ?? 'no answer'}${code}`);
	}

	/** The sentence for a read that failed after the writes: what reached Genesys, and what to do. */
	unconfirmed(writeName: string, participantId: string): string {
		if (this.reached === 'accepted') {
			return `Genesys accepted the ${writeName} for participant ${participantId}, which ends its after-call work; reading the conversation afterwards failed, so it is not confirmed. Check the conversation before retrying.`;
		}
		if (this.reached === 'mayHaveApplied') {
			return `A ${writeName} was sent to participant ${participantId} (${this.tried.join('; ')}) and may have been applied; reading the conversation afterwards failed, so it is not confirmed. Check the conversation before retrying.`;
		}
		return `No ${writeName} reached Genesys (${this.tried.join('; ')}); reading the conversation afterwards failed. Nothing was changed.`;
	}

	private reach(level: Reached) {
		if (ORDER.indexOf(level) > ORDER.indexOf(this.reached)) this.reached = level;
	}
}
