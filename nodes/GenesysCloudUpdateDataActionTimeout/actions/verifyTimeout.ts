import type { DataAction } from '../../shared/genesysTypes';
import type { WriteOutcome } from './versionedWrite';

/**
 * The state that verifies a write (issue 14, API-NOTES §3.1): Genesys answers a PATCH of the
 * action or its draft with the stored `Action`, config included, so that answer is the check and
 * no read is needed. A separate read happens when the user asks for it ("Verify With a Separate
 * Read"), or when the answer came without the timeout (then it proves nothing).
 */
export async function verifiedTimeout(
	written: WriteOutcome,
	verifyWithRead: boolean,
	read: () => Promise<DataAction>,
): Promise<DataAction> {
	if (!verifyWithRead && typeof written.state.config?.timeoutSeconds === 'number') return written.state;
	return await read();
}
