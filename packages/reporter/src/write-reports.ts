// The files of one run, written into --out; each file appears whole or not at all.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { canonicalSnapshot, type FindingsReport, InputError, type Snapshot, stableJsonChunks } from "@pim-audit/model";
import { writeFileAtomic } from "./files/atomic-write.js";
import { renderFindings } from "./render.js";
import type { CsvLayout, FindingsFormat, OutputFile, RenderContext } from "./types.js";
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

/**
 * The files of a run as rendered once, without the --excel byte order mark, so that the evidence bundle can
 * store the very same bytes instead of rendering every format a second time.
 */
export interface RenderedRun {
  snapshot: Snapshot;
  report: FindingsReport;
  context: RenderContext;
  csvLayout: CsvLayout;
  assignmentsCsv: OutputFile;
  findings: ReadonlyMap<FindingsFormat, readonly OutputFile[]>;
  snapshotJson: OutputFile;
}

/** snapshot.json in canonical form, streamed: one string could not hold a tenant past ~600k assignments. */
export function snapshotJsonFile(snapshot: Snapshot): OutputFile {
  let canonical: Snapshot | undefined;
  return {
    name: "snapshot.json",
    content: {
      chunks: () => {
        canonical ??= canonicalSnapshot(snapshot);
        return stableJsonChunks(canonical);
      },
    },
  };
}

export function renderRun(
  options: Pick<WriteReportsOptions, "snapshot" | "report" | "formats" | "csvLayout" | "context">,
): RenderedRun {
  const findings = new Map<FindingsFormat, readonly OutputFile[]>();
  for (const format of options.formats) {
    if (!findings.has(format)) findings.set(format, renderFindings(format, options.report, options.context));
  }
  return {
    snapshot: options.snapshot,
    report: options.report,
    context: options.context,
    csvLayout: options.csvLayout,
    assignmentsCsv: {
      name: "assignments.csv",
      content: renderAssignmentsCsv(options.snapshot, { layout: options.csvLayout }),
    },
    findings,
    snapshotJson: snapshotJsonFile(options.snapshot),
  };
}

// Excel reads UTF-8 only with a byte order mark; --excel asks for it on every CSV.
function withExcelMark(file: OutputFile): OutputFile {
  const bom = file.name.endsWith(".csv") && typeof file.content === "string";
  return bom ? { ...file, content: `\uFEFF${file.content}` } : file;
}

function filesOf(run: RenderedRun, options: Pick<WriteReportsOptions, "excel" | "writeSnapshot">): OutputFile[] {
  const files = [run.assignmentsCsv, ...[...run.findings.values()].flat()];
  const marked = options.excel ? files.map(withExcelMark) : files;
  return (options.writeSnapshot ?? true) ? [...marked, run.snapshotJson] : marked;
}

/** Everything a run writes: assignments.csv, the findings formats, snapshot.json (streamed). */
export function renderReportFiles(options: Omit<WriteReportsOptions, "outDir">): OutputFile[] {
  return filesOf(renderRun(options), options);
}

export async function writeFiles(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
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

/** Writes the run's files; `rendered` can be handed to writeEvidenceBundle so nothing is rendered twice. */
export async function writeReports(options: WriteReportsOptions): Promise<{ files: string[]; rendered: RenderedRun }> {
  const rendered = renderRun(options);
  return { files: await writeFiles(options.outDir, filesOf(rendered, options)), rendered };
}
