/**
 * Every resource module's HandlerMap that an emulator mounts by default (tests and the CLI alike), one line per
 * module so modules are added without touching each other's code. Operations not covered answer 501.
 */
import type { HandlerMap } from './types';
import { dataActionHandlers } from './resources/dataActions';
import { dataActionTemplateHandlers } from './resources/dataActionTemplates';
import { dataActionFunctionHandlers } from './resources/dataActionFunctions';
import { integrationHandlers } from './resources/integrations';
import { divisionHandlers } from './resources/divisions';
import { queueHandlers } from './resources/queues';
import { wrapupCodeHandlers } from './resources/wrapupCodes';
import { conversationSettingsHandlers } from './resources/conversationSettings';
import { routingSettingsHandlers } from './resources/routingSettings';
import { conversationHandlers } from './resources/conversations';

export const BUILT_IN_HANDLERS: HandlerMap[] = [
	dataActionHandlers,
	dataActionTemplateHandlers,
	dataActionFunctionHandlers,
	integrationHandlers,
	divisionHandlers,
	queueHandlers,
	wrapupCodeHandlers,
	conversationSettingsHandlers,
	routingSettingsHandlers,
	conversationHandlers,
];
