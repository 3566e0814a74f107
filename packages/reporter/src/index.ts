export {
  computeDrift,
  type Drift,
  type DriftAssignment,
  type DriftChange,
  type DriftChangeKind,
  type NewlyPrivileged,
} from "./drift/compute.js";
export { DRIFT_CSV_COLUMNS, type DriftFormat, renderDrift } from "./drift/render.js";
export { type EvidenceOptions, type EvidenceRequest, evidenceFolderName } from "./evidence/bundle.js";
export {
  type EvidenceManifest,
  MANIFEST_FILE,
  type ManifestFile,
  SIGNATURE_FILE,
  type SignatureFile,
} from "./evidence/manifest.js";
export { type VerifyProblem, type VerifyResult, verifyEvidence } from "./evidence/verify.js";
export { lockOut, OUT_STATE_DIR, OutLock, type OutLockOwner } from "./files/out-set.js";
export { safeJoin } from "./files/safe-join.js";
export { REDACTED, redactCommandLine } from "./redact.js";
export { renderFindings } from "./render.js";
export type {
  ChunkedText,
  CsvLayout,
  FindingsFormat,
  OutputFile,
  PolicyReference,
  RenderContext,
  RenderedFile,
} from "./types.js";
export { CSV_LAYOUTS, DEFAULT_FINDINGS_FORMATS, FINDINGS_FORMATS } from "./types.js";
export {
  type WriteControl,
  type WritePausePoint,
  type WriteReportsOptions,
  type WriteRunOptions,
  writeEvidenceBundle,
  writeReports,
  writeRun,
} from "./write-run.js";
export {
  EXTENDED_COLUMNS,
  PORTAL_COLUMNS,
  PORTAL10_COLUMNS,
  renderAssignmentsCsv,
} from "./writers/assignments-csv.js";
export { GITHUB_COMMENT_LIMIT, renderFindingsMarkdown } from "./writers/findings-md.js";
export {
  GITHUB_ANNOTATIONS_FILE,
  GITHUB_SUMMARY_FILE,
  githubAnnotations,
  githubStepSummary,
} from "./writers/github.js";
export { FINDINGS_WRITERS } from "./writers/registry.js";
