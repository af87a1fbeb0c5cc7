import type { IDataObject } from 'n8n-workflow';

/** The fields of Genesys Cloud schemas (platform-api-subset.json) that the nodes read. */

export interface ActionConfig extends IDataObject {
	/** whole seconds, 1 to 60; absent = platform default */
	timeoutSeconds?: number;
	request?: IDataObject;
	response?: IDataObject;
}

export interface DataAction extends IDataObject {
	id: string;
	name: string;
	integrationId?: string;
	category?: string;
	/** optimistic-lock token */
	version: number;
	secure?: boolean;
	config?: ActionConfig;
}

export type QueueWrapupPrompt =
	| 'MANDATORY'
	| 'OPTIONAL'
	| 'MANDATORY_TIMEOUT'
	| 'MANDATORY_FORCED_TIMEOUT'
	| 'AGENT_REQUESTED';

export interface AcwSettings extends IDataObject {
	wrapupPrompt?: QueueWrapupPrompt;
	timeoutMs?: number;
}

export interface Queue extends IDataObject {
	id: string;
	name: string;
	division?: IDataObject & { id?: string; name?: string };
	acwSettings?: AcwSettings;
}

export interface Communication extends IDataObject {
	id: string;
	state?: string;
	afterCallWork?: IDataObject & { state?: string; startTime?: string; endTime?: string };
	afterCallWorkRequired?: boolean;
}

export interface Participant extends IDataObject {
	id: string;
	purpose?: string;
	userId?: string;
	queueId?: string;
	wrapupRequired?: boolean;
	wrapupPrompt?: string;
	wrapupTimeoutMs?: number;
	wrapupSkipped?: boolean;
	wrapup?: IDataObject;
	startAcwTime?: string;
	endAcwTime?: string;
}

export interface Conversation extends IDataObject {
	id: string;
	participants?: Participant[];
}

export interface WrapupCode extends IDataObject {
	id: string;
	name: string;
}
