// Findings formats are a table: each writer names its files and renders them; adding one is one entry.
import type { FindingsReport } from "@pim-audit/model";
import type { FindingsFormat, RenderContext, RenderedFile } from "../types.js";
import { renderFindingsCsv } from "./findings-csv.js";
import { renderFindingsJson } from "./findings-json.js";
import { renderFindingsMarkdown } from "./findings-md.js";

export interface FindingsWriter {
  /** The files it writes, as named in the output folder. */
  files: readonly string[];
  render(report: FindingsReport, context: RenderContext): RenderedFile[];
}

export const FINDINGS_WRITERS: Partial<Record<FindingsFormat, FindingsWriter>> = {
  csv: { files: ["findings.csv"], render: (report) => [{ name: "findings.csv", content: renderFindingsCsv(report) }] },
  json: {
    files: ["findings.json"],
    render: (report) => [{ name: "findings.json", content: renderFindingsJson(report) }],
  },
  md: {
    files: ["findings.md"],
    render: (report) => [{ name: "findings.md", content: renderFindingsMarkdown(report) }],
  },
};
