// Writes the reports (and, when asked, an evidence bundle) for a snapshot and its findings.
import { appendFile, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type FindingsReport, InputError, type Snapshot } from "@pim-audit/model";
import type { Settings } from "./settings.js";
import { toolVersion } from "./version.js";

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
  const written = await writeRun({
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
  });
  if (request.settings.formats.includes("github") && process.env.GITHUB_ACTIONS === "true") {
    process.stdout.write(githubAnnotations(request.report, context));
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) await appendFile(summaryFile, renderFindingsMarkdown(request.report));
  }
  return written;
}
