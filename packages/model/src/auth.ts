// How pim-audit signs in and where: the names the CLI's flags and the collector's sources share.
import type { Cloud } from "./snapshot.js";

export const CLOUD_NAMES: readonly Cloud[] = ["global", "usgov", "usgovdod", "china"];

export const AUTH_MODES = [
  "default",
  "secret",
  "certificate",
  "managed-identity",
  "workload-identity",
  "azure-cli",
  "device-code",
  "token",
] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
