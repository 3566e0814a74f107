import { type FindingsReport, InputError } from "@pim-audit/model";
import type { FindingsFormat, RenderContext, RenderedFile } from "./types.js";
import { FINDINGS_WRITERS } from "./writers/registry.js";

/** Renders one findings format; pure. */
export function renderFindings(format: FindingsFormat, report: FindingsReport, context: RenderContext): RenderedFile[] {
  const writer = Object.hasOwn(FINDINGS_WRITERS, format) ? FINDINGS_WRITERS[format] : undefined;
  if (!writer) {
    throw new InputError("FLAG_INVALID", `--format ${JSON.stringify(format)} is not a findings format.`, {
      hint: `Use a comma-separated list of ${Object.keys(FINDINGS_WRITERS).join(", ")}.`,
    });
  }
  return writer.render(report, context);
}
