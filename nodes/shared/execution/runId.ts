import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The name of one node's run, carried by every output item so a change record can be found and
 * undone later: n8n's execution ID (what the Executions list shows) plus the node's name, which
 * tells two writing nodes of one execution apart.
 */
export function runIdOf(ctx: IExecuteFunctions): string {
	return `${ctx.getExecutionId()}:${ctx.getNode().name}`;
}
