// Writes the reports (and, when asked, an evidence bundle) for a snapshot and its findings.
import { appendFile, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type FindingsReport, InputError, type Snapshot } from "@pim-audit/model";
import type { OutLock, WritePausePoint } from "@pim-audit/reporter";
import { displayPath } from "./display-path.js";
import { installInterruptHandlers, interruptSignal, setActiveWrite, testPause } from "./interrupt.js";
import { checkOutputFolder } from "./output-paths.js";
import type { Settings } from "./settings.js";
import { toolVersion } from "./version.js";

/** --out (and --evidence) held for this run: checked, locked, and known to the interrupt handler. */
export interface OpenOutput {
  lock: OutLock;
  progress: { committed: boolean; evidence: string | undefined };
  /** What the interrupt handler says was left, and how it lets go of --out. */
  active: { describe(): string; release(): void };
  release(): void;
}

/**
 * Checks --out and --evidence and takes the lock on --out, before any collection work: exit 2 at once for a
 * file in the way or another run writing there. Release it when the command ends.
 */
export async function openOutput(
  outDir: string,
  options: { cwd: string; givenOut: string; evidence: string | undefined; onNotice: (m: string) => void },
): Promise<OpenOutput> {
  checkOutputFolder("--out", options.givenOut, outDir, options.cwd);
  const evidenceDir = options.evidence === undefined ? undefined : resolve(options.cwd, options.evidence);
  if (evidenceDir && options.evidence !== undefined) {
    checkOutputFolder("--evidence", options.evidence, evidenceDir, options.cwd);
  }
  const { lockOut } = await import("@pim-audit/reporter");
  const lock = lockOut(outDir, options.onNotice);
  installInterruptHandlers();
  const progress: OpenOutput["progress"] = { committed: false, evidence: undefined };
  const shownOut = displayPath(options.cwd, outDir);
  const release = () => {
    setActiveWrite(undefined);
    lock.release();
  };
  const active: OpenOutput["active"] = {
    describe: () =>
      (progress.committed
        ? `${shownOut} holds this run's complete reports`
        : `${shownOut} left as it was before this run`) +
      (evidenceDir === undefined
        ? ""
        : progress.evidence
          ? `; evidence bundle ${displayPath(options.cwd, progress.evidence)} complete`
          : "; no evidence bundle written"),
    release: () => lock.release(),
  };
  setActiveWrite({ ...active, settled: Promise.resolve() });
  return { lock, progress, active, release };
}

export interface WriteOutputsRequest {
  outDir: string;
  snapshot: Snapshot;
  report: FindingsReport;
  settings: Settings;
  excel: boolean;
  policies: { file: string; relativePath: string; content: string }[];
  signKeyFile: string | undefined;
  cwd: string;
  argv: string[];
  writeSnapshot: boolean;
  output: OpenOutput;
}

export async function writeOutputs(request: WriteOutputsRequest): Promise<{ files: string[]; evidence?: string }> {
  const { writeRun, githubAnnotations, renderFindingsMarkdown } = await import("@pim-audit/reporter");
  const context = { snapshot: request.snapshot, policies: request.policies, repoRoot: request.cwd, toolVersion };
  let signKeyPem: string | undefined;
  if (request.settings.evidence && request.signKeyFile) {
    try {
      signKeyPem = await readFile(resolve(request.cwd, request.signKeyFile), "utf8");
    } catch (cause) {
      throw new InputError("FILE_NOT_FOUND", `--sign-key ${request.signKeyFile}: cannot read it.`, {
        hint: "Give an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519).",
        cause,
      });
    }
  }
  // --out and the evidence bundle get the same bytes, each file rendered once and written to both.
  const { output } = request;
  const writing = writeRun(
    {
      outDir: request.outDir,
      snapshot: request.snapshot,
      report: request.report,
      formats: request.settings.formats.filter((f) => f !== "github"),
      csvLayout: request.settings.csvLayout,
      excel: request.excel,
      context,
      writeSnapshot: request.writeSnapshot,
      ...(request.settings.evidence
        ? {
            evidence: {
              dir: resolve(request.cwd, request.settings.evidence),
              policies: request.policies.map((p) => ({ file: p.relativePath, content: p.content })),
              commandLine: ["pim-audit", ...request.argv],
              toolVersion,
              ...(signKeyPem ? { signKeyPem } : {}),
            },
          }
        : {}),
    },
    {
      outLock: output.lock,
      signal: interruptSignal,
      pause: (point: WritePausePoint) => testPause(point),
      onProgress: (event, path) => {
        if (event === "out-committed") output.progress.committed = true;
        else output.progress.evidence = path;
      },
    },
  );
  setActiveWrite({ ...output.active, settled: writing });
  const written = await writing;
  if (request.settings.formats.includes("github") && process.env.GITHUB_ACTIONS === "true") {
    process.stdout.write(githubAnnotations(request.report, context));
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) await appendFile(summaryFile, renderFindingsMarkdown(request.report));
  }
  return written;
}
