/**
 * Genesys Cloud regions and their domains (API-NOTES §2.2: the official SDK's PureCloudRegionHosts
 * and the Terraform provider agree on this map). Login is https://login.{domain}, the API is
 * https://api.{domain}.
 */
export interface GenesysRegion {
	/** AWS region name Genesys uses for it */
	awsRegion: string;
	/** Friendly name shown in the credential */
	label: string;
	domain: string;
}

export const GENESYS_REGIONS: readonly GenesysRegion[] = [
	{ awsRegion: 'us-east-1', label: 'Americas (US East)', domain: 'mypurecloud.com' },
	{ awsRegion: 'us-east-2', label: 'Americas (US East 2, FedRAMP)', domain: 'use2.us-gov-pure.cloud' },
	{ awsRegion: 'us-west-2', label: 'Americas (US West)', domain: 'usw2.pure.cloud' },
	{ awsRegion: 'ca-central-1', label: 'Americas (Canada)', domain: 'cac1.pure.cloud' },
	{ awsRegion: 'sa-east-1', label: 'Americas (São Paulo)', domain: 'sae1.pure.cloud' },
	{ awsRegion: 'mx-central-1', label: 'Americas (Mexico)', domain: 'mxc1.pure.cloud' },
	{ awsRegion: 'eu-west-1', label: 'EMEA (Dublin)', domain: 'mypurecloud.ie' },
	{ awsRegion: 'eu-west-2', label: 'EMEA (London)', domain: 'euw2.pure.cloud' },
	{ awsRegion: 'eu-central-1', label: 'EMEA (Frankfurt)', domain: 'mypurecloud.de' },
	{ awsRegion: 'eu-central-2', label: 'EMEA (Zurich)', domain: 'euc2.pure.cloud' },
	{ awsRegion: 'eusc-de-east-1', label: 'EMEA (EU Sovereign Cloud, Germany)', domain: 'edee1.eusc-pure.cloud' },
	{ awsRegion: 'me-central-1', label: 'EMEA (UAE)', domain: 'mec1.pure.cloud' },
	{ awsRegion: 'ap-south-1', label: 'Asia Pacific (Mumbai)', domain: 'aps1.pure.cloud' },
	{ awsRegion: 'ap-northeast-1', label: 'Asia Pacific (Tokyo)', domain: 'mypurecloud.jp' },
	{ awsRegion: 'ap-northeast-2', label: 'Asia Pacific (Seoul)', domain: 'apne2.pure.cloud' },
	{ awsRegion: 'ap-northeast-3', label: 'Asia Pacific (Osaka)', domain: 'apne3.pure.cloud' },
	{ awsRegion: 'ap-southeast-1', label: 'Asia Pacific (Singapore)', domain: 'apse1.pure.cloud' },
	{ awsRegion: 'ap-southeast-2', label: 'Asia Pacific (Sydney)', domain: 'mypurecloud.com.au' },
];

/** Value of the Region field that switches to the custom login and API URLs */
export const CUSTOM_REGION = 'custom';
