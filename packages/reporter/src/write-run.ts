// The files of a run: the reports into --out and, when asked, an evidence bundle holding the same bytes.
// Each file is rendered once and written into both places in one pass (encoded once, hashed only for the
// manifest), then dropped: nothing is rendered twice and no large file is held whole.
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { canonicalSnapshot, type FindingsReport, InputError, type Snapshot, stableJsonChunks } from "@pim-audit/model";
import {
  alreadyThere,
  type EvidenceOptions,
  type EvidenceRequest,
  exists,
  finishBundle,
  notWritable,
  type PendingBundle,
  planBundle,
} from "./evidence/bundle.js";
import type { ManifestFile } from "./evidence/manifest.js";
import { chunked } from "./files/chunks.js";
import { safeJoin } from "./files/safe-join.js";
import { ContentWriter, type WriteTarget } from "./files/write-content.js";
import { findingsFiles, findingsWriter } from "./render.js";
import { type CsvLayout, FINDINGS_FORMATS, type FindingsFormat, type OutputFile, type RenderContext } from "./types.js";
import { assignmentsCsvChunks } from "./writers/assignments-csv.js";

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

export interface WriteRunOptions extends WriteReportsOptions {
  /** Also write an evidence bundle of this run. */
  evidence?: EvidenceRequest;
}

interface Source {
  snapshot: Snapshot;
  report: FindingsReport;
  csvLayout: CsvLayout;
  context: RenderContext;
}

interface Out {
  dir: string;
  formats: FindingsFormat[];
  excel: boolean;
  writeSnapshot: boolean;
}

/** One piece of the run: rendered when its turn comes, written where it belongs. */
interface Planned {
  files: () => OutputFile[];
  out: boolean;
  evidence: boolean;
}

// Excel reads UTF-8 only with a byte order mark; --excel asks for it on every CSV in --out (never in evidence).
const EXCEL_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

/** snapshot.json in canonical form, streamed: one string could not hold a tenant past ~600k assignments. */
function snapshotJson(snapshot: Snapshot): OutputFile {
  return { name: "snapshot.json", content: chunked(() => stableJsonChunks(canonicalSnapshot(snapshot))) };
}

function plan(source: Source, out: Out | undefined, evidence: boolean): Planned[] {
  const { snapshot, report, csvLayout, context } = source;
  // An unknown format fails before anything is written.
  for (const format of out?.formats ?? []) findingsWriter(format);
  const outFormats = new Set(out?.formats ?? []);
  const formats = [...outFormats, ...(evidence ? FINDINGS_FORMATS.filter((f) => !outFormats.has(f)) : [])];
  return [
    {
      files: () => [{ name: "assignments.csv", content: chunked(() => assignmentsCsvChunks(snapshot, csvLayout)) }],
      out: out !== undefined,
      evidence,
    },
    ...formats.map((format) => ({
      files: () => findingsFiles(format, report, context),
      out: outFormats.has(format),
      evidence,
    })),
    { files: () => [snapshotJson(snapshot)], out: out?.writeSnapshot ?? false, evidence },
  ];
}

function outNotWritable(dir: string, cause: unknown): InputError {
  if (cause instanceof InputError) return cause;
  const code = (cause as NodeJS.ErrnoException).code ?? "error";
  return new InputError("OUTPUT_NOT_WRITABLE", `cannot write reports into ${dir} (${code}).`, {
    hint: "Give --out a folder you can write to.",
    cause,
  });
}

async function write(source: Source, out: Out | undefined, request: EvidenceRequest | undefined) {
  const pending = request ? planBundle(request, source.snapshot) : undefined;
  // An existing bundle is never touched; the reports are still written, then the run says so.
  const bundle: PendingBundle | undefined = pending && !(await exists(pending.target)) ? pending : undefined;
  const failOut = (cause: unknown) => outNotWritable(out?.dir ?? "", cause);
  const failBundle = (cause: unknown) =>
    cause instanceof InputError ? cause : notWritable(bundle!.request.dir, cause);
  const planned = plan(source, out, bundle !== undefined);
  const files: string[] = [];
  const manifest: ManifestFile[] = [];
  const outTemps = new Set<string>();
  const writer = new ContentWriter();
  const finishing: Promise<void>[] = [];
  let failed: { error: unknown } | undefined;
  try {
    if (out) await mkdir(out.dir, { recursive: true }).catch((cause) => Promise.reject(failOut(cause)));
    if (bundle) await mkdir(bundle.temp, { recursive: true }).catch((cause) => Promise.reject(failBundle(cause)));
    for (const piece of planned) {
      if (failed) break;
      if (!(piece.out || piece.evidence)) continue;
      for (const file of piece.files()) {
        if (failed) break;
        const targets: WriteTarget[] = [];
        const final = out && piece.out ? join(out.dir, file.name) : undefined;
        if (final) {
          const temp = join(dirname(final), `.${basename(final)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
          outTemps.add(temp);
          const excel = out?.excel && file.name.endsWith(".csv");
          targets.push({ path: temp, ...(excel ? { prefix: EXCEL_MARK } : {}), fail: failOut });
        }
        if (bundle && piece.evidence) {
          const path = safeJoin(bundle.temp, file.name);
          await mkdir(dirname(path), { recursive: true }).catch((cause) => Promise.reject(failBundle(cause)));
          targets.push({ path, fail: failBundle });
        }
        const sha256 = bundle !== undefined && piece.evidence;
        const { written } = await writer.start(targets, file.content, { sha256 });
        if (final) files.push(final);
        // The worker finishes this file while the next one is rendered; renames stay in order and stop at the
        // first failure, as when each file was written before the next.
        const previous = finishing.at(-1);
        const finished = Promise.all([written, previous]).then(async ([{ bytes, sha256 }]) => {
          if (final) {
            const temp = targets[0]!.path;
            await rename(temp, final).catch((cause) => Promise.reject(failOut(cause)));
            outTemps.delete(temp);
          }
          if (sha256) manifest.push({ path: file.name, sha256, bytes });
        });
        finished.catch((error) => {
          failed ??= { error };
        });
        finishing.push(finished);
      }
    }
    await Promise.all(finishing);
    if (bundle) {
      const { request, policyPath, temp } = bundle;
      for (const [i, policy] of request.policies.entries()) {
        const path = safeJoin(temp, policyPath[i]!);
        await mkdir(dirname(path), { recursive: true }).catch((cause) => Promise.reject(failBundle(cause)));
        const written = await writer.write([{ path, fail: failBundle }], policy.content, { sha256: true });
        manifest.push({ path: policyPath[i]!, sha256: written.sha256!, bytes: written.bytes });
      }
      await finishBundle(bundle, source.snapshot, source.report, manifest).catch((cause) => {
        const code = (cause as NodeJS.ErrnoException).code;
        throw code === "ENOTEMPTY" || code === "EEXIST" ? alreadyThere(bundle.target) : failBundle(cause);
      });
    }
  } catch (error) {
    await writer.close();
    // No rename may land after the temporary files are removed.
    await Promise.allSettled(finishing);
    await Promise.all([...outTemps].map((temp) => rm(temp, { force: true })));
    if (bundle) await rm(bundle.temp, { recursive: true, force: true });
    throw error;
  }
  await writer.close();
  if (pending && !bundle) throw alreadyThere(pending.target);
  return { files, ...(bundle ? { evidence: bundle.target } : {}) };
}

function outOf(options: WriteReportsOptions): Out {
  return {
    dir: options.outDir,
    formats: options.formats,
    excel: options.excel ?? false,
    writeSnapshot: options.writeSnapshot ?? true,
  };
}

/** Writes assignments.csv, the findings formats and snapshot.json into --out, and the evidence bundle if asked. */
export async function writeRun(options: WriteRunOptions): Promise<{ files: string[]; evidence?: string }> {
  return write(options, outOf(options), options.evidence);
}

/** The run's files into --out, each written to a temporary name and renamed, so it appears whole or not at all. */
export async function writeReports(options: WriteReportsOptions): Promise<{ files: string[] }> {
  const { files } = await write(options, outOf(options), undefined);
  return { files };
}

/** An evidence bundle on its own: snapshot.json, assignments.csv, every findings format, the policies, a manifest. */
export async function writeEvidenceBundle(options: EvidenceOptions): Promise<{ path: string }> {
  const { snapshot, report, context, csvLayout, ...request } = options;
  const { evidence } = await write({ snapshot, report, context, csvLayout: csvLayout ?? "portal" }, undefined, request);
  return { path: evidence! };
}
