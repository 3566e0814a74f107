// Findings formats are a table: each writer names its files and renders them; adding one is one entry.
import type { FindingsReport } from "@pim-audit/model";
import type { FindingsFormat, RenderContext, RenderedFile } from "../types.js";
import { renderFindingsCsv } from "./findings-csv.js";
import { renderFindingsJson } from "./findings-json.js";
import { renderFindingsMarkdown } from "./findings-md.js";
import { GITHUB_ANNOTATIONS_FILE, GITHUB_SUMMARY_FILE, githubAnnotations, githubStepSummary } from "./github.js";
import { renderJunit } from "./junit.js";
import { renderSarif } from "./sarif.js";

export interface FindingsWriter {
  /** The files it writes, as named in the output folder. */
  files: readonly string[];
  render(report: FindingsReport, context: RenderContext): RenderedFile[];
}

export const FINDINGS_WRITERS: Record<FindingsFormat, FindingsWriter> = {
  csv: { files: ["findings.csv"], render: (report) => [{ name: "findings.csv", content: renderFindingsCsv(report) }] },
  json: {
    files: ["findings.json"],
    render: (report) => [{ name: "findings.json", content: renderFindingsJson(report) }],
  },
  md: {
    files: ["findings.md"],
    render: (report) => [{ name: "findings.md", content: renderFindingsMarkdown(report) }],
  },
  sarif: {
    files: ["findings.sarif"],
    render: (report, context) => [{ name: "findings.sarif", content: renderSarif(report, context) }],
  },
  junit: {
    files: ["findings.xml"],
    render: (report, context) => [{ name: "findings.xml", content: renderJunit(report, context) }],
  },
  github: {
    files: [GITHUB_ANNOTATIONS_FILE, GITHUB_SUMMARY_FILE],
    render: (report, context) => [
      { name: GITHUB_ANNOTATIONS_FILE, content: githubAnnotations(report, context) },
      { name: GITHUB_SUMMARY_FILE, content: githubStepSummary(report) },
    ],
  },
};
