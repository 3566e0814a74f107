// The files of a run: the reports into --out and, when asked, an evidence bundle holding the same bytes.
// Each file is rendered once and written into both places in one pass (encoded once, hashed only for the
// manifest), then dropped: nothing is rendered twice and no large file is held whole.
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
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
  removeStalePartials,
} from "./evidence/bundle.js";
import type { ManifestFile } from "./evidence/manifest.js";
import { chunked } from "./files/chunks.js";
import { commitSet, discardSet, lockOut, type OutLock, stageSet } from "./files/out-set.js";
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

/** Where a run can be held for a test (PIM_AUDIT_TEST_PAUSE_AT in the CLI): inert unless a hook is given. */
export type WritePausePoint = "writing" | "staged" | "evidence-staged";

export interface WriteControl {
  /** The lock on --out, taken by the caller before its collection; taken and released here when absent. */
  outLock?: OutLock;
  /** Aborting stops the write: nothing is swapped in, the staged set and the partial bundle are removed. */
  signal?: AbortSignal;
  /** Test hook only: awaited at each point. */
  pause?: (point: WritePausePoint) => Promise<void>;
  /** Told once the evidence bundle is in place, and once the new report set is in --out. */
  onProgress?: (event: "evidence-written" | "out-committed", path: string) => void;
  onNotice?: (message: string) => void;
}

async function write(
  source: Source,
  out: Out | undefined,
  request: EvidenceRequest | undefined,
  control: WriteControl = {},
) {
  const { signal, pause, onProgress } = control;
  const aborted = () => signal?.reason ?? new Error("aborted");
  signal?.throwIfAborted();
  const pending = request ? planBundle(request, source.snapshot) : undefined;
  if (pending) removeStalePartials(pending.request.dir);
  // An existing bundle is never touched; the reports are still written, then the run says so.
  const bundle: PendingBundle | undefined = pending && !(await exists(pending.target)) ? pending : undefined;
  const failOut = (cause: unknown) => outNotWritable(out?.dir ?? "", cause);
  const failBundle = (cause: unknown) =>
    cause instanceof InputError ? cause : notWritable(bundle!.request.dir, cause);
  const planned = plan(source, out, bundle !== undefined);
  const ownLock = out && !control.outLock ? lockOut(out.dir, control.onNotice) : undefined;
  const lock = control.outLock ?? ownLock;
  const files: string[] = [];
  const names: string[] = [];
  const manifest: ManifestFile[] = [];
  const writer = new ContentWriter();
  const finishing: Promise<void>[] = [];
  let failed: { error: unknown } | undefined;
  let set: { id: string; dir: string } | undefined;
  let bundleStarted = false;
  const onAbort = () => {
    failed ??= { error: aborted() };
    // Stops the worker at once: a file being written fails, and so does the loop.
    void writer.close();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (lock) set = stageSet(lock);
    if (bundle) {
      bundleStarted = true;
      await mkdir(bundle.temp, { recursive: true }).catch((cause) => Promise.reject(failBundle(cause)));
    }
    for (const piece of planned) {
      if (failed) break;
      if (!(piece.out || piece.evidence)) continue;
      for (const file of piece.files()) {
        if (failed) break;
        const targets: WriteTarget[] = [];
        const inSet = set && piece.out ? safeJoin(set.dir, file.name) : undefined;
        if (inSet) {
          const excel = out?.excel && file.name.endsWith(".csv");
          targets.push({ path: inSet, ...(excel ? { prefix: EXCEL_MARK } : {}), fail: failOut });
        }
        if (bundle && piece.evidence) {
          const path = safeJoin(bundle.temp, file.name);
          await mkdir(dirname(path), { recursive: true }).catch((cause) => Promise.reject(failBundle(cause)));
          targets.push({ path, fail: failBundle });
        }
        const sha256 = bundle !== undefined && piece.evidence;
        const { written } = await writer.start(targets, file.content, { sha256 });
        if (inSet) {
          files.push(join(out!.dir, file.name));
          names.push(file.name);
        }
        // The worker finishes this file while the next one is rendered; the manifest keeps their order.
        const previous = finishing.at(-1);
        const finished = Promise.all([written, previous]).then(([{ bytes, sha256 }]) => {
          if (sha256) manifest.push({ path: file.name, sha256, bytes });
        });
        finished.catch((error) => {
          failed ??= { error };
        });
        finishing.push(finished);
        if (pause && finishing.length === 1) await pause("writing");
      }
    }
    await Promise.all(finishing);
    if (failed) throw failed.error;
    if (bundle) {
      const { request, policyPath, temp } = bundle;
      for (const [i, policy] of request.policies.entries()) {
        const path = safeJoin(temp, policyPath[i]!);
        await mkdir(dirname(path), { recursive: true }).catch((cause) => Promise.reject(failBundle(cause)));
        const written = await writer.write([{ path, fail: failBundle }], policy.content, { sha256: true });
        manifest.push({ path: policyPath[i]!, sha256: written.sha256!, bytes: written.bytes });
      }
    }
    // --out first, then the bundle: each is swapped in whole, and a bundle is never left unfinished once --out is.
    if (lock && set) {
      if (pause) await pause("staged");
      // The check and the swap run in one turn of the event loop: a signal lands before both or after both.
      signal?.throwIfAborted();
      try {
        commitSet(lock, set, names);
      } catch (cause) {
        throw failOut(cause);
      }
      set = undefined;
      onProgress?.("out-committed", lock.dir);
    }
    if (bundle) {
      if (pause) await pause("evidence-staged");
      signal?.throwIfAborted();
      await finishBundle(bundle, source.snapshot, source.report, manifest, signal).catch((cause) => {
        const code = (cause as NodeJS.ErrnoException).code;
        if (signal?.aborted && cause === signal.reason) throw cause;
        throw code === "ENOTEMPTY" || code === "EEXIST" ? alreadyThere(bundle.target) : failBundle(cause);
      });
      bundleStarted = false;
      onProgress?.("evidence-written", bundle.target);
    }
  } catch (error) {
    await writer.close();
    await Promise.allSettled(finishing);
    if (set) discardSet(set);
    if (bundle && bundleStarted) await rm(bundle.temp, { recursive: true, force: true, maxRetries: 3 });
    ownLock?.release();
    signal?.removeEventListener("abort", onAbort);
    throw signal?.aborted ? aborted() : error;
  }
  signal?.removeEventListener("abort", onAbort);
  await writer.close();
  ownLock?.release();
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
export async function writeRun(
  options: WriteRunOptions,
  control: WriteControl = {},
): Promise<{ files: string[]; evidence?: string }> {
  return write(options, outOf(options), options.evidence, control);
}

/** The run's files into --out, written into a set of their own and swapped in whole (see files/out-set.ts). */
export async function writeReports(
  options: WriteReportsOptions,
  control: WriteControl = {},
): Promise<{ files: string[] }> {
  const { files } = await write(options, outOf(options), undefined, control);
  return { files };
}

/** An evidence bundle on its own: snapshot.json, assignments.csv, every findings format, the policies, a manifest. */
export async function writeEvidenceBundle(options: EvidenceOptions): Promise<{ path: string }> {
  const { snapshot, report, context, csvLayout, ...request } = options;
  const { evidence } = await write({ snapshot, report, context, csvLayout: csvLayout ?? "portal" }, undefined, request);
  return { path: evidence! };
}
