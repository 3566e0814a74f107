// Runs the built CLI as a user would, timing the whole process (start-up included).
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CLI_BIN, ROOT } from "./paths.js";

const PRELOAD = pathToFileURL(new URL("./exit-usage.js", import.meta.url).pathname).href;

export async function runCli(args, { env = {}, expectExit = [0] } = {}) {
  const usageFile = join(tmpdir(), `pim-audit-bench-usage-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const started = performance.now();
  // Under `bench/run.js --cpu-prof`, the CLI is profiled like the worker that starts it.
  const child = spawn(process.execPath, [...process.execArgv, `--import=${PRELOAD}`, CLI_BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PIM_AUDIT_BENCH_USAGE_FILE: usageFile, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const code = await new Promise((resolve) => child.on("close", resolve));
  const wallMs = performance.now() - started;
  if (!expectExit.includes(code)) {
    const last = (stderr.trim() || stdout.trim()).split("\n").slice(-3).join(" | ");
    throw new Error(`pim-audit ${args[0]} exited ${code}: ${last}`);
  }
  const usage = JSON.parse(await readFile(usageFile, "utf8"));
  await rm(usageFile, { force: true });
  return { wallMs, ...usage, exitCode: code, stdout };
}
