// Snapshots written before schema version 2 stay readable: converted on read, said once on stderr.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, repoRoot, tempDir } from "./support/cli.js";

const V1 = join(repoRoot, "test/fixtures/demo-snapshot-v1.json");

describe("a version 1 snapshot given to --from", () => {
  it("is converted on read: Member Type as Graph sends it, and one notice on stderr", async () => {
    const out = tempDir();
    const result = await pimAudit(["evaluate", "--from", V1, "--at", FIXED_AT, "--out", out, "--fail-on", "never"]);
    expect(result.code, result.stderr).toBe(0);
    const notices = result.stderr.split("\n").filter((line) => line.includes("schema version 1"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("converted on read to version 2");
    const rows = parse(readFileSync(join(out, "assignments.csv")), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    const authAdmins = rows.filter((r) => r["Role Name"] === "Authentication Administrator");
    // The group itself is assigned: Direct. Its members hold the role through it: Group.
    expect(authAdmins.find((r) => r["User Group Name"] === "Tier 1 Identity Admins")?.["Member Type"]).toBe("Direct");
    const members = authAdmins.filter((r) => r.PrincipalName?.endsWith("@contoso.com"));
    expect(members.length).toBeGreaterThan(0);
    expect(new Set(members.map((r) => r["Member Type"]))).toEqual(new Set(["Group"]));
    expect(rows.some((r) => r["Member Type"] === "Inherited")).toBe(false);
  });
});
