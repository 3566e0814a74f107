// Findings formats are a table: each writer names its files and renders them; adding one is one entry.
// The large files come in pieces (see files/chunks.ts), so a million findings never make one string.
import type { FindingsReport } from "@pim-audit/model";
import { chunked } from "../files/chunks.js";
import type { FindingsFormat, OutputFile, RenderContext } from "../types.js";
import { findingsCsvChunks } from "./findings-csv.js";
import { findingsJsonChunks } from "./findings-json.js";
import { renderFindingsMarkdown } from "./findings-md.js";
import { GITHUB_ANNOTATIONS_FILE, GITHUB_SUMMARY_FILE, githubAnnotationsChunks, githubStepSummary } from "./github.js";
import { junitChunks } from "./junit.js";
import { renderSarif } from "./sarif.js";

export interface FindingsWriter {
  /** The files it writes, as named in the output folder. */
  files: readonly string[];
  render(report: FindingsReport, context: RenderContext): OutputFile[];
}

export const FINDINGS_WRITERS: Record<FindingsFormat, FindingsWriter> = {
  csv: {
    files: ["findings.csv"],
    render: (report) => [{ name: "findings.csv", content: chunked(() => findingsCsvChunks(report)) }],
  },
  json: {
    files: ["findings.json"],
    render: (report) => [{ name: "findings.json", content: chunked(() => findingsJsonChunks(report)) }],
  },
  md: {
    files: ["findings.md"],
    render: (report) => [{ name: "findings.md", content: renderFindingsMarkdown(report) }],
  },
  sarif: {
    // At most SARIF_MAX_RESULTS results, so one string whatever the number of findings.
    files: ["findings.sarif"],
    render: (report, context) => [{ name: "findings.sarif", content: renderSarif(report, context) }],
  },
  junit: {
    files: ["findings.xml"],
    render: (report, context) => [{ name: "findings.xml", content: chunked(() => junitChunks(report, context)) }],
  },
  github: {
    files: [GITHUB_ANNOTATIONS_FILE, GITHUB_SUMMARY_FILE],
    render: (report, context) => [
      { name: GITHUB_ANNOTATIONS_FILE, content: chunked(() => githubAnnotationsChunks(report, context)) },
      { name: GITHUB_SUMMARY_FILE, content: githubStepSummary(report) },
    ],
  },
};
