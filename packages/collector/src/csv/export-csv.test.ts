import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, validateSnapshot } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { parseExportCsv, readExportCsv } from "./export-csv.js";

const fixture = (name: string) => new URL(`../test-utils/fixtures/${name}`, import.meta.url).pathname;
const options = { now: new Date("2026-11-27T12:00:00Z"), toolVersion: "test" };

const HEADER =
  "Assignment State,User Group Name,Role Name,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC)";

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("readExportCsv", () => {
  it("reads the seven-column admin-center layout into a valid snapshot", async () => {
    const snapshot = await readExportCsv(fixture("export-portal-7.csv"), options);
    expect(validateSnapshot(snapshot).ok).toBe(true);
    expect(snapshot.source).toEqual({ kind: "export-csv", endpoint: "export-portal-7.csv", toolVersion: "test" });
    expect(snapshot.assignments).toHaveLength(4);
    const bg = snapshot.assignments.find((a) => a.principalId === "bg-01@contoso.com");
    expect(bg).toMatchObject({
      state: "active",
      activeKind: null,
      roleId: "62e90394-69f5-4237-9190-012177145e10",
      memberType: "direct",
      start: "2026-01-01T00:00:00.000Z",
      end: null,
    });
    const adele = snapshot.assignments.find((a) => a.principalId === "adele@contoso.com");
    expect(adele).toMatchObject({
      state: "eligible",
      start: "2026-11-27T15:12:00.000Z",
      end: "2026-12-31T23:59:00.000Z",
    });
    expect(snapshot.principals.find((p) => p.id === "adele@contoso.com")?.displayName).toBe("Vance, Adele");
    expect(snapshot.principals.find((p) => p.id === "tier0-admins")?.type).toBe("group");
    const custom = snapshot.roles.find((r) => r.displayName === "Contoso Custom Reader");
    expect(custom).toMatchObject({ isBuiltIn: false, privileged: false });
    expect(snapshot.roles.find((r) => r.displayName === "Global Administrator")?.privileged).toBe(true);
  });

  it("records what an export cannot know as expected gaps (set by the source), ids included", async () => {
    const snapshot = await readExportCsv(fixture("export-portal-7.csv"), options);
    // Complete for what it is: every gap is the export's nature, none a failed read.
    expect(snapshot.completeness.complete).toBe(true);
    expect(snapshot.completeness.gaps.every((g) => g.expected)).toBe(true);
    expect(snapshot.completeness.gaps.map((g) => g.piece).sort()).toEqual([
      "activationHistory",
      "directAssignments",
      "groupMembers",
      "ids",
      "pimForGroups",
      "principals",
      "roleSettings",
      "schedules",
      "signInActivity",
    ]);
  });

  it("reads the ten-column layout with a BOM, semicolons and shuffled columns", async () => {
    const snapshot = await readExportCsv(fixture("export-scripts-10-semicolon.csv"), options);
    expect(snapshot.assignments.map((a) => [a.principalId, a.state, a.end])).toEqual([
      ["adele@contoso.com", "eligible", null],
      ["alex@contoso.com", "active", "2027-05-01T00:00:00.000Z"],
    ]);
    expect(snapshot.principals.find((p) => p.id === "alex@contoso.com")?.mail).toBe("alex@contoso.com");
  });

  it("reads the extended layout's ids, so no ids gap, and strips formula escaping", () => {
    const text = `${HEADER},Role Template Id,Principal Id,Principal Type,Directory Scope Id,Assignment Id,Origin,Via Group Id,Via Group Name\n"Active","'=Evil","Global Administrator","x@contoso.com","Inherited","2026-01-01T00:00:00.000Z","Permanent","62e90394-69f5-4237-9190-012177145e10","u-1","user","/","a-1","directoryRole","g-1","Tier0"\n`;
    const snapshot = parseExportCsv(text, "extended.csv", options);
    expect(snapshot.completeness.gaps.some((g) => g.piece === "ids")).toBe(false);
    expect(snapshot.assignments[0]).toMatchObject({
      id: "a-1",
      principalId: "u-1",
      viaGroupId: "g-1",
      memberType: "inherited",
    });
    expect(snapshot.principals[0]?.displayName).toBe("=Evil");
  });

  it("reads back a principal pim-audit wrote as deleted as deleted, under its id", () => {
    const id = "86921bf0-d0d2-42eb-b1fe-d0dbc089a9f9";
    const text = `${HEADER}\n"Eligible","(deleted) ${id}","Global Administrator","(deleted) ${id}","Direct","2025-06-19T09:30:00.000Z","Permanent"\n`;
    const snapshot = parseExportCsv(text, "portal.csv", options);
    expect(snapshot.principals).toEqual([
      expect.objectContaining({ id, type: "unknown", deleted: true, displayName: null, userPrincipalName: null }),
    ]);
    expect(snapshot.assignments[0]?.principalId).toBe(id);
  });

  it("names the row, line and column of a cell it cannot read", () => {
    const text = `${HEADER}\nActive,A,Global Administrator,a@contoso.com,Direct,2026-01-01,Permanent\nActive,B,Global Administrator,b@contoso.com,Direct,31/12/2026,Permanent\n`;
    const error = errorOf(() => parseExportCsv(text, "broken.csv", options));
    expect(error.code).toBe("CSV_INVALID");
    expect(error.position).toEqual({ file: "broken.csv", line: 3, column: 6 });
    expect(error.toOneLine()).toContain(
      'broken.csv:3:6: row 2, column "Assignment Start Time (UTC)": "31/12/2026" is not a date',
    );
  });

  it("refuses an unknown state or member type by row and column", () => {
    const state = errorOf(() =>
      parseExportCsv(`${HEADER}\nMaybe,A,Global Administrator,a@x.com,Direct,2026-01-01,\n`, "s.csv", options),
    );
    expect(state.toOneLine()).toContain(
      's.csv:2:1: row 1, column "Assignment State": "Maybe" is not Eligible or Active.',
    );
    const member = errorOf(() =>
      parseExportCsv(`${HEADER}\nActive,A,Global Administrator,a@x.com,Nested,2026-01-01,\n`, "m.csv", options),
    );
    expect(member.position).toEqual({ file: "m.csv", line: 2, column: 5 });
  });

  it("refuses rows about Azure resources, which are not directory roles", () => {
    const ten =
      "Assignment State,User Group Name,Resource Name,Role Name,Resource Type,Email,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC)";
    const error = errorOf(() =>
      parseExportCsv(
        `${ten}\nActive,A,Prod,Owner,Subscription,a@x.com,a@x.com,Direct,2026-01-01,Permanent\n`,
        "azure.csv",
        options,
      ),
    );
    expect(error.position).toEqual({ file: "azure.csv", line: 2, column: 5 });
    expect(error.message).toContain('"Subscription" is not a directory role');
  });

  it("names the missing columns when the header is not an export's", () => {
    const error = errorOf(() => parseExportCsv("Name,Role\nA,B\n", "other.csv", options));
    expect(error.toOneLine()).toMatch(/^other\.csv:1: has no column "Assignment State", "Role Name", "PrincipalName"/);
  });

  it("reports malformed CSV with its line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pim-csv-"));
    const path = join(dir, "quotes.csv");
    await writeFile(path, `${HEADER}\nActive,"unterminated,Global Administrator,a@x.com,Direct,2026-01-01,\n`);
    await expect(readExportCsv(path, options)).rejects.toMatchObject({ code: "CSV_INVALID", position: { file: path } });
  });
});
