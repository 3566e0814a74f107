// The files of one run, written into --out; each file appears whole or not at all.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { canonicalSnapshot, type FindingsReport, InputError, type Snapshot, stableJson } from "@pim-audit/model";
import { writeFileAtomic } from "./files/atomic-write.js";
import { renderFindings } from "./render.js";
import type { CsvLayout, FindingsFormat, RenderContext, RenderedFile } from "./types.js";
import { renderAssignmentsCsv } from "./writers/assignments-csv.js";

export interface WriteReportsOptions {
  outDir: string;
  snapshot: Snapshot;
  report: FindingsReport;
  formats: FindingsFormat[];
  csvLayout: CsvLayout;
  excel?: boolean;
  context: RenderContext;
  /** Also write snapshot.json (default true). */
  writeSnapshot?: boolean;
}

/** Everything a run writes, in memory: assignments.csv, the findings formats, snapshot.json. */
export function renderReportFiles(options: Omit<WriteReportsOptions, "outDir">): RenderedFile[] {
  const files: RenderedFile[] = [
    {
      name: "assignments.csv",
      content: renderAssignmentsCsv(options.snapshot, { layout: options.csvLayout, excel: options.excel ?? false }),
    },
  ];
  for (const format of [...new Set(options.formats)]) {
    for (const file of renderFindings(format, options.report, options.context)) {
      // Excel reads UTF-8 only with a byte order mark; --excel asks for it on every CSV.
      const bom = options.excel && file.name.endsWith(".csv") && typeof file.content === "string";
      files.push(bom ? { ...file, content: `\uFEFF${file.content}` } : file);
    }
  }
  if (options.writeSnapshot ?? true) {
    files.push({ name: "snapshot.json", content: stableJson(canonicalSnapshot(options.snapshot)) });
  }
  return files;
}

export async function writeFiles(outDir: string, files: readonly RenderedFile[]): Promise<string[]> {
  const written: string[] = [];
  try {
    await mkdir(outDir, { recursive: true });
    for (const file of files) {
      const path = join(outDir, file.name);
      await writeFileAtomic(path, file.content);
      written.push(path);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new InputError("OUTPUT_NOT_WRITABLE", `cannot write reports into ${outDir} (${code}).`, {
      hint: "Give --out a folder you can write to.",
      cause: error,
    });
  }
  return written;
}

export async function writeReports(options: WriteReportsOptions): Promise<{ files: string[] }> {
  return { files: await writeFiles(options.outDir, renderReportFiles(options)) };
}
