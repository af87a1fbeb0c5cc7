/**
 * Genesys Cloud regions and their domains (API-NOTES §2.2: the official SDK's PureCloudRegionHosts
 * and the Terraform provider agree on this map). Login is https://login.{domain}, the API is
 * https://api.{domain}.
 */
export interface GenesysRegion {
	/** Friendly name shown in the credential */
	label: string;
	domain: string;
}

export const GENESYS_REGIONS: readonly GenesysRegion[] = [
	{ label: 'Americas (US East)', domain: 'mypurecloud.com' },
	{ label: 'Americas (US East 2, FedRAMP)', domain: 'use2.us-gov-pure.cloud' },
	{ label: 'Americas (US West)', domain: 'usw2.pure.cloud' },
	{ label: 'Americas (Canada)', domain: 'cac1.pure.cloud' },
	{ label: 'Americas (São Paulo)', domain: 'sae1.pure.cloud' },
	{ label: 'Americas (Mexico)', domain: 'mxc1.pure.cloud' },
	{ label: 'EMEA (Dublin)', domain: 'mypurecloud.ie' },
	{ label: 'EMEA (London)', domain: 'euw2.pure.cloud' },
	{ label: 'EMEA (Frankfurt)', domain: 'mypurecloud.de' },
	{ label: 'EMEA (Zurich)', domain: 'euc2.pure.cloud' },
	{ label: 'EMEA (EU Sovereign Cloud, Germany)', domain: 'edee1.eusc-pure.cloud' },
	{ label: 'EMEA (UAE)', domain: 'mec1.pure.cloud' },
	{ label: 'Asia Pacific (Mumbai)', domain: 'aps1.pure.cloud' },
	{ label: 'Asia Pacific (Tokyo)', domain: 'mypurecloud.jp' },
	{ label: 'Asia Pacific (Seoul)', domain: 'apne2.pure.cloud' },
	{ label: 'Asia Pacific (Osaka)', domain: 'apne3.pure.cloud' },
	{ label: 'Asia Pacific (Singapore)', domain: 'apse1.pure.cloud' },
	{ label: 'Asia Pacific (Sydney)', domain: 'mypurecloud.com.au' },
];

/** Value of the Region field that switches to the custom login and API URLs */
export const CUSTOM_REGION = 'custom';
