/**
 * `GET /api/v2/integrations/{integrationId}` (API-NOTES §8.3, §8.4): the integration a data action belongs to, with
 * its `integrationType.id` (`function-data-actions`, `custom-rest-actions`, `purecloud-data-actions`, ...), which is
 * how a client tells a function data action apart. The integrations are the ones the fixtures register
 * (dataActionRules.ts `registerIntegration`).
 *
 * Since the spec gained this operation, `/api/v2/integrations/dataactions` (the guide's invented path) routes here
 * and gets a 404 for an unknown integration, as Genesys would.
 */
import { GenesysError, HandlerMap } from '../types';
import { integrationOf } from './dataActionRules';

export const integrationHandlers: HandlerMap = {
	getIntegration: (ctx) => {
		const id = ctx.params.integrationId;
		const info = integrationOf(ctx.store, id);
		if (!info) throw new GenesysError(404, 'not.found', `Integration ${id} not found`, { integrationId: id });
		return {
			status: 200,
			body: {
				id: info.id,
				name: info.name,
				integrationType: { id: info.type, name: info.typeName ?? info.type },
				intendedState: 'ENABLED',
				reportedState: { code: 'ACTIVE' },
				selfUri: `/api/v2/integrations/${info.id}`,
			},
		};
	},
};
