import type { IDataObject } from 'n8n-workflow';

import { asNodeError } from '../../shared/asNodeError';
import type { ActionConfig, DataAction } from '../../shared/genesysTypes';
import type { CallScope, Target } from './dataActionApi';
import { getTemplate } from './dataActionApi';

/** The template files Genesys keeps per action (Terraform's reqTemplateFileName, successTemplateFileName). */
export const REQUEST_TEMPLATE_FILE = 'requesttemplate.vm';
export const SUCCESS_TEMPLATE_FILE = 'successtemplate.vm';

interface TemplateSlot {
	section: 'request' | 'response';
	text: 'requestTemplate' | 'successTemplate';
	uri: 'requestTemplateUri' | 'successTemplateUri';
	file: string;
}

const SLOTS: TemplateSlot[] = [
	{ section: 'request', text: 'requestTemplate', uri: 'requestTemplateUri', file: REQUEST_TEMPLATE_FILE },
	{ section: 'response', text: 'successTemplate', uri: 'successTemplateUri', file: SUCCESS_TEMPLATE_FILE },
];

/**
 * The config to write back, with both Velocity templates inline and no template URIs (API-NOTES §8.2).
 *
 * An action whose templates Genesys keeps as files comes back from the GET with only
 * `requestTemplateUri` / `successTemplateUri`; a write without the text resets the template to
 * the default, silently. So a template is read from its file whenever the GET did not give its
 * text, or gave a URI (then the file is the source, as for Terraform, which always reads them).
 * An action read with its text inline and no URI costs no extra call. The text is sent exactly as
 * read; if a read fails, the item fails and nothing is written.
 */
export async function configWithInlineTemplates(scope: CallScope, action: DataAction, target: Target): Promise<ActionConfig> {
	const config: ActionConfig = { ...action.config };
	for (const slot of SLOTS) {
		const section: IDataObject = { ...(config[slot.section] ?? {}) };
		if (typeof section[slot.text] !== 'string' || section[slot.uri] !== undefined) {
			section[slot.text] = await readTemplate(scope, action.id, target, slot.file);
		}
		delete section[slot.uri];
		config[slot.section] = section;
	}
	return config;
}

async function readTemplate(scope: CallScope, actionId: string, target: Target, file: string): Promise<string> {
	try {
		return await getTemplate(scope, actionId, target, file);
	} catch (error) {
		const failed = asNodeError(scope.ctx.getNode(), error, scope.itemIndex);
		const where = target === 'draft' ? "the action's draft" : 'the action';
		failed.description = [
			failed.description,
			`Reading the template ${file} of ${where} failed, so nothing was written: a write without the template's text would reset it to the default.`,
		]
			.filter(Boolean)
			.join(' ');
		throw failed;
	}
}
