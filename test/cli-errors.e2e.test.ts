import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pimAudit, tempDir } from "./support/cli.js";

describe("the CLI as a new user meets it", () => {
  it("prints its version", async () => {
    const result = await pimAudit(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^pim-audit\/\d+\.\d+\.\d+/);
  });

  it("says how to give a source when none is given, exit 2", async () => {
    const cwd = tempDir();
    const result = await pimAudit(["run", "--out", join(cwd, "out")], {
      cwd,
      env: { AZURE_TENANT_ID: "", AZURE_CLIENT_ID: "", PIM_AUDIT_ACCESS_TOKEN: "" },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no source given");
    expect(result.stderr).toContain("--demo");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("suggests the right flag for a misspelt one, exit 2, one line", async () => {
    const result = await pimAudit(["run", "--demo", "--fail-onn", "high"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown flag --fail-onn");
    expect(result.stderr).toContain("Did you mean --fail-on?");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses an --at that is not a time, naming the flag", async () => {
    const result = await pimAudit(["run", "--demo", "--at", "yesterday"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--at 'yesterday' is not an ISO 8601 time");
  });

  it("refuses an --at that is no real date (2026-02-30), instead of rolling it into March, exit 2", async () => {
    const out = join(tempDir(), "out");
    const result = await pimAudit(["run", "--demo", "--at", "2026-02-30", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--at '2026-02-30' is not an ISO 8601 time (a real date and time of day)");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names a missing policy and the packs that exist", async () => {
    const result = await pimAudit(["run", "--demo", "--policy", "no-such-pack"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--policy no-such-pack");
    expect(result.stderr).toContain("baseline");
  });

  it("reports a broken configuration file with line and column", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "pim-audit.config.yaml"), "cloud: global\nfailOn: hihg\n");
    const result = await pimAudit(["config", "show"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pim-audit\.config\.yaml:2:9: 'failOn' must be equal to one of the allowed values/);
  });
});

describe("--out and --evidence where a file is in the way", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "--evidence at a file",
      ["--out", "out", "--evidence", "taken"],
      /^--evidence taken: taken is a file, not a folder\./,
    ],
    [
      "--evidence under a file",
      ["--out", "out", "--evidence", "taken/evidence"],
      /^--evidence taken\/evidence: taken is a file, so no folder can be made under it\./,
    ],
    ["--out at a file", ["--out", "taken"], /^--out taken: taken is a file, not a folder\./],
    [
      "--out under a file",
      ["--out", "taken/out"],
      /^--out taken\/out: taken is a file, so no folder can be made under it\./,
    ],
  ];
  it.each(cases)("%s: exit 2 in one line before collecting, nothing written", async (_, flags, message) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "taken"), "a file\n");
    const result = await pimAudit(["run", "--demo", "--fail-on", "never", ...flags], { cwd });
    expect(result.code, result.stderr).toBe(2);
    // One line and no progress: the collection never started.
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replace("pim-audit: error: ", "")).toMatch(message);
    expect(readdirSync(cwd)).toEqual(["taken"]);
  });
});
