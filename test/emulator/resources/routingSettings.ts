/**
 * Org routing settings: GET/PUT /api/v2/routing/settings (`RoutingSettings`: resetAgentScoreOnPresenceChange only).
 * PUT replaces the object and echoes it back.
 */
import type { HandlerMap, RouteContext } from '../types';
import { clone } from './entityRefs';

function getRoutingSettings(ctx: RouteContext) {
	return { status: 200, body: clone(ctx.store.routingSettings) };
}

function putRoutingSettings(ctx: RouteContext) {
	const body = ctx.body ?? {};
	// A PUT replaces: an omitted flag falls back to the fresh-org default (false).
	ctx.store.routingSettings = { resetAgentScoreOnPresenceChange: body.resetAgentScoreOnPresenceChange === true };
	return { status: 200, body: clone(ctx.store.routingSettings) };
}

export const routingSettingsHandlers: HandlerMap = { getRoutingSettings, putRoutingSettings };
export const handlers = routingSettingsHandlers;
