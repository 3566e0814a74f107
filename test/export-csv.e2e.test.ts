// Admin-center exports as people really have them, read through the built CLI.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, repoRoot, tempDir } from "./support/cli.js";

const FR_EXPORT = join(repoRoot, "packages/collector/src/test-utils/fixtures/export-portal-fr-semicolon.csv");
const HEADER =
  "Assignment State,User Group Name,Role Name,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC)";

function assignmentRows(out: string): string[][] {
  const rows: Record<string, string>[] = parse(readFileSync(join(out, "assignments.csv"), "utf8"), { columns: true });
  return rows
    .map((r) => [
      r["Assignment State"] ?? "",
      r["User Group Name"] ?? "",
      r["Role Name"] ?? "",
      r["Member Type"] ?? "",
      r["Assignment Start Time (UTC)"] ?? "",
      r["Assignment End Time (UTC)"] ?? "",
    ])
    .sort((a, b) => a.join().localeCompare(b.join()));
}

describe("evaluate --from an admin-center export", () => {
  it("reads a fr-FR export with a group row, a service principal row and blank active ends, exit 0", async () => {
    const out = tempDir();
    const result = await pimAudit([
      "evaluate",
      "--from",
      FR_EXPORT,
      "--out",
      out,
      "--fail-on",
      "never",
      "--at",
      FIXED_AT,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("5 assignments, 5 principals");
    expect(assignmentRows(out)).toEqual([
      ["Active", "Alex Wilber", "Security Administrator", "Group", "2026-02-03T09:05:00.000Z", "Permanent"],
      ["Active", "Break Glass 01", "Global Administrator", "Direct", "2026-02-01T08:00:00.000Z", "Permanent"],
      [
        "Active",
        "Contoso Backup Automation",
        "Exchange Administrator",
        "Direct",
        "2026-01-15T00:00:00.000Z",
        "Permanent",
      ],
      ["Active", "Tier0 Admins", "Security Administrator", "Direct", "2026-02-03T09:05:00.000Z", "Permanent"],
      [
        "Eligible",
        "Vance; Adele",
        "Privileged Role Administrator",
        "Direct",
        "2026-11-27T15:12:00.000Z",
        "2026-12-31T23:59:00.000Z",
      ],
    ]);

    const snapshotFile = join(out, "snapshot.json");
    const collected = await pimAudit(["collect", "--from", FR_EXPORT, "--out", snapshotFile]);
    expect(collected.code).toBe(0);
    const snapshot = JSON.parse(readFileSync(snapshotFile, "utf8")) as {
      principals: { displayName: string; type: string }[];
    };
    const types = Object.fromEntries(snapshot.principals.map((p) => [p.displayName, p.type]));
    expect(types).toEqual({
      "Alex Wilber": "user",
      "Break Glass 01": "user",
      "Contoso Backup Automation": "servicePrincipal",
      "Tier0 Admins": "group",
      "Vance; Adele": "user",
    });
  });

  it("refuses dates the file cannot order, naming the cell and --date-order; reads them with it", async () => {
    const dir = tempDir();
    const file = join(dir, "export.csv");
    writeFileSync(file, `${HEADER}\nActive,Ada,Global Administrator,ada@contoso.com,Direct,03/04/2026 10:00,\n`);
    const refused = await pimAudit(["evaluate", "--from", file, "--out", join(dir, "a"), "--fail-on", "never"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/export\.csv:2:6: .*"03\/04\/2026 10:00" may be day or month first/);
    expect(refused.stderr).toContain("--date-order dmy");

    const out = join(dir, "b");
    const read = await pimAudit([
      "evaluate",
      "--from",
      file,
      "--date-order",
      "dmy",
      "--out",
      out,
      "--fail-on",
      "never",
    ]);
    expect(read.code).toBe(0);
    expect(assignmentRows(out)).toEqual([
      ["Active", "Ada", "Global Administrator", "Direct", "2026-04-03T10:00:00.000Z", "Permanent"],
    ]);
  });
});
