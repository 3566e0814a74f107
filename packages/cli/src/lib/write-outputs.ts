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
  const { writeReports, writeEvidenceBundle, githubAnnotations } = await import("@pim-audit/reporter");
  const context = { snapshot: request.snapshot, policies: request.policies, repoRoot: request.cwd, toolVersion };
  const formats = request.settings.formats.filter((f) => f !== "github");
  // The evidence bundle stores the very bytes rendered for --out: every format is rendered once.
  const { files, rendered } = await writeReports({
    outDir: request.outDir,
    snapshot: request.snapshot,
    report: request.report,
    formats,
    csvLayout: request.settings.csvLayout,
    excel: request.excel,
    context,
    writeSnapshot: request.writeSnapshot,
  });
  if (request.settings.formats.includes("github") && process.env.GITHUB_ACTIONS === "true") {
    process.stdout.write(githubAnnotations(request.report, context));
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      const { renderFindings } = await import("@pim-audit/reporter");
      const [md] = renderFindings("md", request.report, context);
      if (md) await appendFile(summaryFile, md.content);
    }
  }
  let evidence: string | undefined;
  if (request.settings.evidence) {
    let signKeyPem: string | undefined;
    if (request.signKeyFile) {
      try {
        signKeyPem = await readFile(resolve(request.cwd, request.signKeyFile), "utf8");
      } catch (cause) {
        throw new InputError("FILE_NOT_FOUND", `--sign-key ${request.signKeyFile}: cannot read it.`, {
          hint: "Give an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519).",
          cause,
        });
      }
    }
    const bundle = await writeEvidenceBundle({
      dir: resolve(request.cwd, request.settings.evidence),
      snapshot: request.snapshot,
      report: request.report,
      policies: request.policies.map((p) => ({ file: p.relativePath, content: p.content })),
      commandLine: ["pim-audit", ...request.argv],
      toolVersion,
      ...(signKeyPem ? { signKeyPem } : {}),
      csvLayout: request.settings.csvLayout,
      context,
      rendered,
    });
    evidence = bundle.path;
  }
  return { files, ...(evidence ? { evidence } : {}) };
}
