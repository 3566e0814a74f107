// The README's five-minute tour, run line by line as a newcomer would, in a fresh folder.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliBin, pimAudit, repoRoot } from "./support/cli.js";
import { splitCommandLine } from "./support/command-lines.js";
import { workspaceWithPolicies } from "./support/files.js";

function tourLines(): string[][] {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const section = readme.split("## A five-minute tour on the demo tenant")[1] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("pim-audit "))
    .map((l) => splitCommandLine(l.slice("pim-audit ".length)));
}

describe("the README tour", () => {
  const lines = tourLines();
  const batch = lines.filter((argv) => argv[0] !== "emulator");

  it("has the steps the README promises", () => {
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines.some((argv) => argv[0] === "emulator")).toBe(true);
  });

  it("runs every step in order with exit 0 and leaves the files it names", async () => {
    const cwd = workspaceWithPolicies();
    for (const argv of batch) {
      const result = await pimAudit(argv, { cwd });
      expect({ argv: argv.join(" "), code: result.code, stderr: result.code === 0 ? "" : result.stderr }).toEqual({
        argv: argv.join(" "),
        code: 0,
        stderr: "",
      });
    }
    for (const file of ["findings.md", "assignments.csv", "findings.json", "snapshot.json"]) {
      expect(readFileSync(join(cwd, "reports", file)).length).toBeGreaterThan(0);
    }
    // The last run's set replaced the earlier one whole: no SARIF or JUnit left over from the second step.
    expect(existsSync(join(cwd, "reports", "findings.sarif"))).toBe(false);
    expect(existsSync(join(cwd, "reports", "findings.xml"))).toBe(false);
    expect(readFileSync(join(cwd, "contoso.json"), "utf8")).toContain('"schemaVersion": 2');
  });

  it("starts the emulator, which answers Graph requests with its token and CA, and stops on Ctrl+C", async () => {
    const argv = lines.find((a) => a[0] === "emulator") ?? [];
    const child = spawn(process.execPath, [cliBin, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    await new Promise<void>((resolveReady, reject) => {
      child.stdout.on("data", (d: string) => {
        stdout += d;
        if (stdout.includes("Press Ctrl+C")) resolveReady();
      });
      child.on("exit", (code) => reject(new Error(`emulator exited early with ${code}: ${stdout}`)));
    });
    const baseUrl = /listening at (\S+)/.exec(stdout)?.[1] ?? "";
    const caFile = /CA certificate: (\S+)/.exec(stdout)?.[1] ?? "";
    const token = /PIM_AUDIT_ACCESS_TOKEN=(\S+)/.exec(stdout)?.[1] ?? "";
    const status = await new Promise<number>((resolveStatus, reject) => {
      const req = request(
        `${baseUrl}/v1.0/roleManagement/directory/roleDefinitions?$top=1`,
        { ca: readFileSync(caFile), headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          resolveStatus(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    const exited = new Promise<number | null>((resolveExit) => child.on("exit", (code) => resolveExit(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });
});
