export type { AccessToken, TokenCredential } from "@azure/identity";
export { CLOUDS, type CloudEndpoints } from "./clouds.js";
export {
  ACCESS_TOKEN_VARIABLE,
  AUTH_MODES,
  AUTH_VARIABLES,
  type AuthMode,
  type CredentialOptions,
  createCredential,
  StaticTokenCredential,
} from "./credentials.js";
export type { DateOrder } from "./csv/dates.js";
export { type ExportCsvOptions, parseExportCsv, readExportCsv } from "./csv/export-csv.js";
export { collectFromGraph, type GraphSourceOptions } from "./graph/collect.js";
export { allGraphPermissions, GRAPH_PERMISSIONS, type PiecePermission } from "./permissions.js";
export { formatProgress, type ProgressEvent } from "./progress.js";
export { type ReadSourceOptions, readSource } from "./read-source.js";
export { readSnapshotFile, writeSnapshotFile } from "./snapshot-file/snapshot-file.js";
