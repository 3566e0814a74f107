// Runs the built pim-audit CLI as a child process, as a user would.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const cliBin = join(repoRoot, "packages/cli/bin/run.js");
/** A fixed evaluation time, so that reports are reproducible. */
export const FIXED_AT = "2026-11-01T09:00:00Z";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function pimAudit(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    // The runner's own GitHub Actions variables stay out; a test may set them through options.env.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.GITHUB_ACTIONS;
    delete env.FORCE_COLOR;
    Object.assign(env, options.env);
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export function tempDir(prefix = "pim-audit-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
