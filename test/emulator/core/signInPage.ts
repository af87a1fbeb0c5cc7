/**
 * The emulator's login page (GET /oauth/authorize): a plain form listing the org's users, so the person (or a
 * browser test) chooses who signs in, the way Genesys's login asks who you are. The org's users are store.users
 * plus every agent that appears on a conversation (orgUsers).
 */
import type { JsonObject, OrgStore } from '../types';

export interface SignInUser {
	id: string;
	name: string;
}

/** Who an org without users signs in as (it has no one to choose from). */
export const FIXED_USER: SignInUser = { id: '00000000-0000-4000-8000-00000000e3e1', name: 'Emulator User' };

export function orgUsers(store: OrgStore): SignInUser[] {
	const users = new Map<string, SignInUser>();
	for (const user of store.users.values()) users.set(user.id, { id: user.id, name: String(user.name ?? user.id) });
	for (const conversation of store.conversations.values()) {
		for (const participant of (conversation.participants ?? []) as JsonObject[]) {
			if (participant.purpose !== 'agent' || !participant.userId || users.has(participant.userId)) continue;
			users.set(participant.userId, { id: participant.userId, name: String(participant.name ?? participant.userId) });
		}
	}
	return [...users.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

const escape = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The form: the OAuth request's parameters as hidden fields, one radio button per user, a Sign In button. */
export function signInPage(query: URLSearchParams, users: SignInUser[], problem?: string): string {
	const hidden = ['response_type', 'client_id', 'redirect_uri', 'state', 'scope']
		.filter((name) => query.get(name) !== null)
		.map((name) => `<input type="hidden" name="${name}" value="${escape(query.get(name) as string)}">`)
		.join('\n');
	const options = users
		.map(
			(user) =>
				`<label data-user-id="${escape(user.id)}"><input type="radio" name="user_id" value="${escape(user.id)}"> ${escape(user.name)} <small>(${escape(user.id)})</small></label><br>`,
		)
		.join('\n');
	return `<!doctype html>
<html><head><meta charset="utf-8"><title>Sign in - Genesys Cloud emulator</title></head>
<body>
<h1>Sign in to the Genesys Cloud emulator</h1>
${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/oauth/authorize">
${hidden}
<fieldset><legend>Sign in as</legend>
${options}
</fieldset>
<button type="submit" id="sign-in">Sign In</button>
</form>
</body></html>
`;
}
