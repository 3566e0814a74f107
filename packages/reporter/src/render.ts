import { type FindingsReport, InputError } from "@pim-audit/model";
import { textOf } from "./files/chunks.js";
import type { FindingsFormat, OutputFile, RenderContext, RenderedFile } from "./types.js";
import { FINDINGS_WRITERS, type FindingsWriter } from "./writers/registry.js";

/** The writer of a findings format, or the --format error that names the known ones. */
export function findingsWriter(format: FindingsFormat): FindingsWriter {
  const writer = Object.hasOwn(FINDINGS_WRITERS, format) ? FINDINGS_WRITERS[format] : undefined;
  if (!writer) {
    throw new InputError("FLAG_INVALID", `--format ${JSON.stringify(format)} is not a findings format.`, {
      hint: `Use a comma-separated list of ${Object.keys(FINDINGS_WRITERS).join(", ")}.`,
    });
  }
  return writer;
}

/** The files of one findings format, the large ones in pieces that are rendered as they are read; pure. */
export function findingsFiles(format: FindingsFormat, report: FindingsReport, context: RenderContext): OutputFile[] {
  return findingsWriter(format).render(report, context);
}

/** Renders one findings format as whole text; pure. */
export function renderFindings(format: FindingsFormat, report: FindingsReport, context: RenderContext): RenderedFile[] {
  return findingsFiles(format, report, context).map((file) => ({ name: file.name, content: textOf(file.content) }));
}
