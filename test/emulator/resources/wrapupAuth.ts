/**
 * Who may apply a wrap-up (API-NOTES §8.10). The evidence disagrees: the SDK docs list the permission
 * `conversation:participant:wrapup` for the wrap-up POST and the participant PATCH, with no "not valid with Client
 * Credentials" note; Genesys staff (2018) answered a data action's 403 with "this API requires that you
 * authenticate as a user who is a party to the conversation". So the emulator models both, switched by
 * store.behaviour.wrapupAuth:
 * - 'permission': any valid token may (the emulator does not model roles);
 * - 'participantUser': only a user token (authorization code) of the participant's own user; anything else is
 *   `403 not.authorized`.
 */
import { GenesysError, type JsonObject, type RouteContext } from '../types';

export function assertMayWrapUp(ctx: RouteContext, participant: JsonObject): void {
	if (ctx.store.behaviour.wrapupAuth !== 'participantUser') return;
	const userId = ctx.token?.userId;
	if (userId && userId === participant.userId) return;
	const who = userId ? `user ${userId}` : 'a client-credentials token (no user)';
	throw new GenesysError(
		403,
		'not.authorized',
		`This request requires that you authenticate as a user who is a party to the conversation; it was made by ${who}, not by participant ${participant.id}'s user`,
	);
}
