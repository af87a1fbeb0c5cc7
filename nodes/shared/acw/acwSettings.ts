import type { INode, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AcwSettings, QueueWrapupPrompt } from '../genesysTypes';

/**
 * Queue after-call work (Queue.acwSettings, API-NOTES §4.1): a prompt mode and, for the
 * time-boxed modes, a timeout of 1 s to 60 min. Genesys has no org-wide ACW default; the policy
 * is applied queue by queue.
 */
export const WRAPUP_PROMPT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Mandatory, Time-Boxed',
		value: 'MANDATORY_TIMEOUT',
		description:
			'Agents must wrap up; they may finish early and are made available when the timeout expires (the guide\'s "TRANSFER_TO_AVAILABLE")',
	},
	{
		name: 'Mandatory, Time-Boxed, No Early Exit',
		value: 'MANDATORY_FORCED_TIMEOUT',
		description: 'Agents stay in after-call work for the whole timeout, then are made available (the guide\'s "LOCKED_ACW")',
	},
	{
		name: 'Mandatory, Discretionary',
		value: 'MANDATORY',
		description: 'Agents must enter a wrap-up code, with no time limit (takes no timeout)',
	},
	{
		name: 'Optional',
		value: 'OPTIONAL',
		description: 'Agents may skip wrap-up (takes no timeout)',
	},
	{
		name: 'Agent Requested',
		value: 'AGENT_REQUESTED',
		description: 'After-call work only when the agent asks for it during the interaction; the timeout is optional',
	},
];

export const QUEUE_PROMPTS = WRAPUP_PROMPT_OPTIONS.map((option) => option.value as QueueWrapupPrompt);
const NEEDS_TIMEOUT: QueueWrapupPrompt[] = ['MANDATORY_TIMEOUT', 'MANDATORY_FORCED_TIMEOUT'];
const MAY_HAVE_TIMEOUT: QueueWrapupPrompt[] = ['AGENT_REQUESTED'];

export const ACW_TIMEOUT_MIN_SECONDS = 1;
export const ACW_TIMEOUT_MAX_SECONDS = 3600;

export function takesTimeout(prompt: QueueWrapupPrompt): boolean {
	return NEEDS_TIMEOUT.includes(prompt) || MAY_HAVE_TIMEOUT.includes(prompt);
}

export function requirePrompt(node: INode, value: unknown, itemIndex: number): QueueWrapupPrompt {
	if (typeof value === 'string' && QUEUE_PROMPTS.includes(value as QueueWrapupPrompt)) return value as QueueWrapupPrompt;
	throw new NodeOperationError(node, `Wrap-up Prompt must be one of ${QUEUE_PROMPTS.join(', ')}, got ${JSON.stringify(value ?? null)}`, {
		itemIndex,
	});
}

/**
 * The timeout field holds whole seconds (empty when not given). 0 or less is refused with the
 * guide's warning: it does not mean "no timeout", it silently breaks after-call work.
 */
export function parseAcwTimeoutSeconds(node: INode, value: unknown, itemIndex: number): number | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	const field = 'ACW Timeout (Seconds)';
	const range = `a whole number from ${ACW_TIMEOUT_MIN_SECONDS} to ${ACW_TIMEOUT_MAX_SECONDS} seconds (1 s to 60 min)`;
	if (typeof number !== 'number' || !Number.isInteger(number)) {
		throw new NodeOperationError(node, `${field} must be ${range}, got ${JSON.stringify(value)}`, { itemIndex });
	}
	if (number <= 0) {
		throw new NodeOperationError(node, `${field} must be ${range}, got ${number}`, {
			itemIndex,
			description:
				'A timeout of 0 or less does not mean "no limit": it silently breaks after-call work. For no time limit use the Mandatory (discretionary) or Optional prompt.',
		});
	}
	if (number > ACW_TIMEOUT_MAX_SECONDS) {
		throw new NodeOperationError(node, `${field} must be ${range}, got ${number}`, {
			itemIndex,
			description: 'Genesys Cloud allows at most 60 minutes of after-call work (acwSettings.timeoutMs).',
		});
	}
	return number;
}

/** The acwSettings a queue should have, checked against the prompt's rules before any request. */
export function buildAcwSettings(
	node: INode,
	prompt: QueueWrapupPrompt,
	timeoutSeconds: number | undefined,
	itemIndex: number,
): AcwSettings {
	if (NEEDS_TIMEOUT.includes(prompt) && timeoutSeconds === undefined) {
		throw new NodeOperationError(node, `ACW Timeout (Seconds) is required for the ${prompt} prompt (1 to 3600 seconds)`, {
			itemIndex,
		});
	}
	if (!takesTimeout(prompt) && timeoutSeconds !== undefined) {
		throw new NodeOperationError(node, `ACW Timeout (Seconds) cannot be set for the ${prompt} prompt; leave it empty`, {
			itemIndex,
			description: 'Genesys Cloud takes a timeout only for MANDATORY_TIMEOUT, MANDATORY_FORCED_TIMEOUT and AGENT_REQUESTED.',
		});
	}
	return timeoutSeconds === undefined ? { wrapupPrompt: prompt } : { wrapupPrompt: prompt, timeoutMs: timeoutSeconds * 1000 };
}

/**
 * Whether a queue's settings as read already are the desired ones. Genesys fills and keeps timeouts
 * on its own (API-NOTES §8.6): a queue switched to MANDATORY may still carry its old `timeoutMs`, and
 * AGENT_REQUESTED sent without one comes back with a server default. So the timeout counts only for
 * the prompts that use it, and for AGENT_REQUESTED only when one was asked for. Comparing it always
 * would rewrite such queues on every run and call Genesys's own default "another writer".
 */
export function acwSatisfies(actual: AcwSettings | undefined, desired: AcwSettings): boolean {
	const prompt = desired.wrapupPrompt;
	if ((actual?.wrapupPrompt ?? null) !== (prompt ?? null)) return false;
	if (!prompt || !takesTimeout(prompt)) return true;
	if (prompt === 'AGENT_REQUESTED' && desired.timeoutMs === undefined) return true;
	return (actual?.timeoutMs ?? null) === (desired.timeoutMs ?? null);
}

/** The timeout a queue really uses: none for the prompts that take none, whatever Genesys kept. */
export function effectiveTimeoutMs(settings: AcwSettings | undefined): number | undefined {
	const prompt = settings?.wrapupPrompt;
	return prompt && takesTimeout(prompt) ? settings?.timeoutMs : undefined;
}

/** The settings as output shows them: prompt and the timeout it uses, in seconds (null when none). */
export function acwView(settings: AcwSettings | undefined) {
	const timeoutMs = effectiveTimeoutMs(settings);
	return {
		wrapupPrompt: settings?.wrapupPrompt ?? null,
		timeoutSeconds: timeoutMs === undefined ? null : timeoutMs / 1000,
	};
}
