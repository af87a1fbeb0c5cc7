import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { ActionConfig, DataAction } from '../../shared/genesysTypes';
import type { CallScope, Target } from './dataActionApi';
import { configWithInlineTemplates } from './inlineTemplates';
import { isStaleVersion } from './refusals';

/** Re-reads after a stale version before the item gives up (Terraform's provider does the same). */
export const MAX_VERSION_RETRIES = 3;

/**
 * The draft's contract as its request schema takes it (UpdateDraftInput.contract, an
 * ActionContractInput: `input.inputSchema` and `output.successSchema`, both required). Undefined
 * when the read did not carry both, so nothing half-made is sent.
 */
function draftContract(current: DataAction): IDataObject | undefined {
	const contract = current.contract as IDataObject | undefined;
	const inputSchema = (contract?.input as IDataObject | undefined)?.inputSchema;
	const successSchema = (contract?.output as IDataObject | undefined)?.successSchema;
	if (!inputSchema || !successSchema) return undefined;
	return { input: { inputSchema }, output: { successSchema } };
}

/**
 * The body Genesys's own Terraform provider sends: the version read, name and category, and the
 * whole config with only the timeout changed and both templates inline (a partial config, or one
 * with template URIs only, would reset the request and response templates). A draft write also
 * carries `contract` and `secure` as read, as Terraform's draft update does every time (API-NOTES
 * §8.10): whether Genesys keeps what a draft write omits is unverified, and a secure action's draft
 * must not lose `secure`. The published action's PATCH (UpdateActionInput) takes neither.
 */
export function timeoutPatchBody(current: DataAction, config: ActionConfig, timeoutSeconds: number, target: Target = 'published'): IDataObject {
	const body: IDataObject = {
		version: current.version,
		name: current.name,
		category: current.category,
		config: { ...config, timeoutSeconds },
	};
	if (target === 'draft') {
		const contract = draftContract(current);
		if (contract) body.contract = contract;
		if (typeof current.secure === 'boolean') body.secure = current.secure;
	}
	return body;
}

export interface WriteOutcome {
	/** Genesys's answer to the write, or the fresh read that already held the target (then nothing was sent) */
	state: DataAction;
	/** the state comes from the write's answer */
	fromWriteAnswer: boolean;
}

/**
 * Writes the timeout with optimistic locking: on a stale version (409, or 400 "does not match the
 * current version"), read again and retry; if the fresh read already holds the target (another
 * writer, or our own write whose answer was lost), stop without writing again. Templates are read
 * before each write (see configWithInlineTemplates); a failed read writes nothing.
 */
export async function writeTimeoutWithVersionRetry(
	scope: CallScope,
	first: DataAction,
	timeoutSeconds: number,
	target: Target,
	read: () => Promise<DataAction>,
	write: (body: IDataObject) => Promise<DataAction>,
): Promise<WriteOutcome> {
	const node = scope.ctx.getNode();
	let current = first;
	for (let attempt = 1; ; attempt++) {
		if (!current.config) {
			throw new NodeOperationError(node, `Genesys returned data action ${current.id} without its configuration`, {
				itemIndex: scope.itemIndex,
				description: 'Writing back a partial configuration would erase its request and response templates, so nothing was written.',
			});
		}
		const config = await configWithInlineTemplates(scope, current, target);
		try {
			return { state: await write(timeoutPatchBody(current, config, timeoutSeconds, target)), fromWriteAnswer: true };
		} catch (error) {
			if (!isStaleVersion(error)) throw asNodeError(node, error, scope.itemIndex);
			if (attempt > MAX_VERSION_RETRIES) {
				const stale = asNodeError(node, error, scope.itemIndex);
				stale.description = `The action kept changing while this node wrote it: version conflict after ${attempt} attempts. Nothing was written by this item.`;
				throw stale;
			}
			current = await read();
			if (current.config?.timeoutSeconds === timeoutSeconds) return { state: current, fromWriteAnswer: false };
		}
	}
}
