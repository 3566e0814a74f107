// Sovereign clouds: the Graph endpoint, the token authority and the token scope travel together.
// Values from https://learn.microsoft.com/graph/deployments and @azure/identity's AzureAuthorityHosts.
import type { Cloud } from "@pim-audit/model";

export interface CloudEndpoints {
  graphEndpoint: string;
  authorityHost: string;
  scope: string;
}

export const CLOUDS: Record<Cloud, CloudEndpoints> = {
  global: {
    graphEndpoint: "https://graph.microsoft.com",
    authorityHost: "https://login.microsoftonline.com",
    scope: "https://graph.microsoft.com/.default",
  },
  usgov: {
    graphEndpoint: "https://graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
    scope: "https://graph.microsoft.us/.default",
  },
  usgovdod: {
    graphEndpoint: "https://dod-graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
    scope: "https://dod-graph.microsoft.us/.default",
  },
  china: {
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
    scope: "https://microsoftgraph.chinacloudapi.cn/.default",
  },
};
