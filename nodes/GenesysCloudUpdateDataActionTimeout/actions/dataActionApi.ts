import type { IDataObject } from 'n8n-workflow';

import type { DataAction } from '../../shared/genesysTypes';
import type { CallScope } from '../../shared/execution/callScope';
import { genesysApiRequest } from '../../shared/transport/genesysApiRequest';
import { genesysPages } from '../../shared/transport/paging';
import { pathId } from '../../shared/transport/pathId';

/** The integrations actions calls this node makes (API-NOTES §3.1, §8.2-8.4), one function each. */
export type { CallScope };

/** Where a change goes: the published action, or its draft. */
export type Target = 'published' | 'draft';

/** The parts of `Integration` this node reads (GET /api/v2/integrations/{integrationId}). */
export interface Integration extends IDataObject {
	id: string;
	name?: string;
	integrationType?: IDataObject & { id?: string };
}

/** `FunctionConfig` (GET …/actions/{id}/function): the function's own settings. */
export interface FunctionConfig extends IDataObject {
	function?: IDataObject & { timeoutSeconds?: number; runtime?: string; handler?: string; description?: string };
}

const actionPath = (id: string) => `/api/v2/integrations/actions/${pathId(id)}`;
const draftPath = (id: string) => `/api/v2/integrations/actions/${pathId(id)}/draft`;
// Each path written out whole, so the spec check (vendor/tools/check-api-paths.mjs) sees every one.
const templatePath = (id: string, target: Target, fileName: string) =>
	target === 'draft'
		? `/api/v2/integrations/actions/${pathId(id)}/draft/templates/${pathId(fileName)}`
		: `/api/v2/integrations/actions/${pathId(id)}/templates/${pathId(fileName)}`;
const functionPath = (id: string, target: Target) =>
	target === 'draft' ? `/api/v2/integrations/actions/${pathId(id)}/draft/function` : `/api/v2/integrations/actions/${pathId(id)}/function`;

export async function getAction(scope: CallScope, id: string): Promise<DataAction> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: actionPath(id),
		qs: { includeConfig: true },
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as DataAction;
}

/** Pages through the actions whose name contains `name` (Genesys matches part of the name). */
export async function* listActionsNamed(scope: CallScope, name: string): AsyncGenerator<DataAction[]> {
	yield* genesysPages<DataAction>(scope.ctx, {
		path: '/api/v2/integrations/actions',
		qs: { name },
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	});
}

/**
 * PATCH with the version read: a repeat after a lost answer is refused as stale, never applied
 * twice, so the transport may resend it after a server error.
 */
export async function patchAction(scope: CallScope, id: string, body: IDataObject): Promise<DataAction> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'PATCH',
		path: actionPath(id),
		body,
		safeToRepeat: true,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as DataAction;
}

export async function getDraft(scope: CallScope, id: string): Promise<DataAction> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: draftPath(id),
		// the contract too: a draft write sends it back as read (versionedWrite.ts)
		qs: { includeConfig: true, expand: 'contract' },
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as DataAction;
}

export async function createDraft(scope: CallScope, id: string): Promise<DataAction> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'POST',
		path: draftPath(id),
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as DataAction;
}

export async function deleteDraft(scope: CallScope, id: string): Promise<void> {
	await genesysApiRequest.call(scope.ctx, {
		method: 'DELETE',
		path: draftPath(id),
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	});
}

export async function patchDraft(scope: CallScope, id: string, body: IDataObject): Promise<DataAction> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'PATCH',
		path: draftPath(id),
		body,
		safeToRepeat: true,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as DataAction;
}

export async function validateDraft(scope: CallScope, id: string): Promise<{ valid?: boolean; errors?: IDataObject[] }> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: `/api/v2/integrations/actions/${pathId(id)}/draft/validation`,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as { valid?: boolean; errors?: IDataObject[] };
}

/**
 * One template file of the action or its draft (`requesttemplate.vm`, `successtemplate.vm`), as the
 * raw text Genesys stores: text/plain, never JSON-parsed (API-NOTES §8.2).
 */
export async function getTemplate(scope: CallScope, id: string, target: Target, fileName: string): Promise<string> {
	const body: unknown = await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: templatePath(id, target, fileName),
		responseType: 'text',
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	});
	if (typeof body !== 'string') throw new Error(`the answer for ${fileName} was not text`);
	return body;
}

export async function getIntegration(scope: CallScope, integrationId: string): Promise<Integration> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: `/api/v2/integrations/${pathId(integrationId)}`,
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as Integration;
}

/** The function settings of a function data action, published or of its draft (API-NOTES §8.4). */
export async function getFunctionConfig(scope: CallScope, id: string, target: Target): Promise<FunctionConfig> {
	return (await genesysApiRequest.call(scope.ctx, {
		method: 'GET',
		path: functionPath(id, target),
		itemIndex: scope.itemIndex,
		callCounter: scope.counter,
	})) as FunctionConfig;
}
