// Shapes shared by every writer.
import type { Snapshot } from "@pim-audit/model";

export type CsvLayout = "portal" | "portal10" | "extended";
export const CSV_LAYOUTS: readonly CsvLayout[] = ["portal", "portal10", "extended"];

export type FindingsFormat = "csv" | "json" | "md" | "sarif" | "junit" | "github";
export const FINDINGS_FORMATS: readonly FindingsFormat[] = ["csv", "json", "md", "sarif", "junit", "github"];
export const DEFAULT_FINDINGS_FORMATS: readonly FindingsFormat[] = ["csv", "json", "md"];

export interface RenderedFile {
  /** File name relative to the output folder. */
  name: string;
  content: string | Buffer;
}

/** Text handed out in pieces: snapshot.json of a large tenant is longer than the longest string V8 allows. */
export interface ChunkedText {
  chunks(): Iterable<string>;
}

/** A file of a run as written to disk: rendered text or bytes, or text streamed in pieces. */
export interface OutputFile {
  name: string;
  content: string | Buffer | ChunkedText;
}

export interface PolicyReference {
  /** The policy file as the rules engine named it in finding locations. */
  file: string;
  /** The same file relative to the repository root, with `/` separators: what SARIF and annotations point at. */
  relativePath: string;
  content?: string;
}

export interface RenderContext {
  snapshot: Snapshot;
  policies: PolicyReference[];
  repoRoot?: string;
  toolVersion: string;
}
