import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, validateSnapshot } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { readSource } from "../read-source.js";
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
    expect(snapshot.principals.find((p) => p.id === "Tier0 Admins")).toMatchObject({
      type: "group",
      displayName: "Tier0 Admins",
      userPrincipalName: null,
    });
    expect(snapshot.assignments.find((a) => a.principalId === "Tier0 Admins")?.memberType).toBe("direct");
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
    const text = `${HEADER}\nActive,A,Global Administrator,a@contoso.com,Direct,2026-01-01,Permanent\nActive,B,Global Administrator,b@contoso.com,Direct,31/13/2026,Permanent\n`;
    const error = errorOf(() => parseExportCsv(text, "broken.csv", options));
    expect(error.code).toBe("CSV_INVALID");
    expect(error.position).toEqual({ file: "broken.csv", line: 3, column: 6 });
    expect(error.toOneLine()).toContain(
      'broken.csv:3:6: row 2, column "Assignment Start Time (UTC)": "31/13/2026" is not a date',
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

const TEN =
  "Assignment State,User Group Name,Resource Name,Role Name,Resource Type,Email,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC)";

describe("parseExportCsv on exports as they really are", () => {
  const SP_APP_ID = "8e1b2c3d-4f5a-4b6c-9d7e-0f1a2b3c4d5e";
  it.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    [
      "a group row: no UPN, no e-mail, the group named in User Group Name",
      `${HEADER}\nActive,Tier0 Admins,Global Administrator,,Direct,2026-01-01T00:00:00Z,Permanent\n`,
      { principalId: "Tier0 Admins", memberType: "direct", end: null },
      { id: "Tier0 Admins", type: "group", displayName: "Tier0 Admins", userPrincipalName: null, mail: null },
    ],
    [
      "a mail-enabled group row in the ten-column layout: e-mail but no UPN",
      `${TEN}\nEligible,Helpdesk Leads,Tenant,Helpdesk Administrator,Directory,helpdesk-leads@contoso.com,,Direct,2026-01-01,No Expiry\n`,
      { principalId: "Helpdesk Leads", state: "eligible", end: null },
      { type: "group", mail: "helpdesk-leads@contoso.com", userPrincipalName: null },
    ],
    [
      "a service principal row: its application id in PrincipalName",
      `${TEN}\nActive,Backup Automation,Tenant,Exchange Administrator,Directory,,${SP_APP_ID},Direct,2026-01-01,Permanent\n`,
      { principalId: SP_APP_ID, memberType: "direct" },
      { type: "servicePrincipal", appId: SP_APP_ID, displayName: "Backup Automation", userPrincipalName: null },
    ],
    [
      "a user holding the role through a group: Member Type Group, still a user",
      `${HEADER}\nActive,Alex Wilber,Security Administrator,alex@contoso.com,Group,2026-01-01,\n`,
      { principalId: "alex@contoso.com", memberType: "group", end: null },
      { type: "user", userPrincipalName: "alex@contoso.com" },
    ],
    [
      "an active assignment with a blank end",
      `${HEADER}\nActive,Alex Wilber,User Administrator,alex@contoso.com,Direct,2026-01-01T00:00:00Z,\n`,
      { state: "active", start: "2026-01-01T00:00:00.000Z", end: null },
      { type: "user" },
    ],
    [
      "an open end written No expiration",
      `${HEADER}\nEligible,Alex Wilber,User Administrator,alex@contoso.com,Direct,2026-01-01,No expiration\n`,
      { end: null },
      { type: "user" },
    ],
    [
      "a fr-FR Excel file: semicolons, day-first dates, an ambiguous day settled by the file",
      `${HEADER.replaceAll(",", ";")}\nActive;A;User Administrator;a@contoso.com;Direct;03/02/2026 09:05;27/11/2026 15:12\n`,
      { start: "2026-02-03T09:05:00.000Z", end: "2026-11-27T15:12:00.000Z" },
      { id: "a@contoso.com" },
    ],
    [
      "a de-DE file: dotted dates",
      `${HEADER.replaceAll(",", ";")}\nEligible;A;User Administrator;a@contoso.com;Direct;3.2.2026, 09:05:00;27.11.2026 15:12\n`,
      { start: "2026-02-03T09:05:00.000Z", end: "2026-11-27T15:12:00.000Z" },
      { id: "a@contoso.com" },
    ],
    [
      "a ja-JP file: year-first dates",
      `${HEADER}\nEligible,A,User Administrator,a@contoso.com,Direct,2026/2/3 9:05:00,2026/11/27 15:12:00\n`,
      { start: "2026-02-03T09:05:00.000Z", end: "2026-11-27T15:12:00.000Z" },
      { id: "a@contoso.com" },
    ],
    [
      "a tab-separated file (Excel's Unicode text)",
      `${HEADER.replaceAll(",", "\t")}\nActive\tA\tUser Administrator\ta@contoso.com\tDirect\t11/27/2026 3:12 PM\tPermanent\n`,
      { start: "2026-11-27T15:12:00.000Z", end: null },
      { type: "user" },
    ],
    [
      "the extended layout's Principal Type spelled as Azure spells it",
      `${HEADER},Principal Type\nActive,Backup Automation,Exchange Administrator,,Direct,2026-01-01,Permanent,ServicePrincipal\n`,
      { principalId: "Backup Automation" },
      { type: "servicePrincipal", appId: null },
    ],
  ])("reads %s", (_name, text, assignment, principal) => {
    const snapshot = parseExportCsv(text, "real.csv", options);
    expect(validateSnapshot(snapshot).ok).toBe(true);
    expect(snapshot.assignments).toHaveLength(1);
    expect(snapshot.assignments[0]).toMatchObject(assignment);
    expect(snapshot.principals).toHaveLength(1);
    expect(snapshot.principals[0]).toMatchObject(principal);
  });

  it("reads a fr-FR export with a BOM, a group, a service principal and blank active ends", async () => {
    const snapshot = await readExportCsv(fixture("export-portal-fr-semicolon.csv"), options);
    expect(validateSnapshot(snapshot).ok).toBe(true);
    const rows = snapshot.assignments.map((a) => [a.id, a.principalId, a.memberType, a.start, a.end]);
    expect(rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ["export-row-1", "bg-01@contoso.com", "direct", "2026-02-01T08:00:00.000Z", null],
      ["export-row-2", "adele@contoso.com", "direct", "2026-11-27T15:12:00.000Z", "2026-12-31T23:59:00.000Z"],
      ["export-row-3", "Tier0 Admins", "direct", "2026-02-03T09:05:00.000Z", null],
      ["export-row-4", "alex@contoso.com", "group", "2026-02-03T09:05:00.000Z", null],
      ["export-row-5", SP_APP_ID, "direct", "2026-01-15T00:00:00.000Z", null],
    ]);
    expect(Object.fromEntries(snapshot.principals.map((p) => [p.id, p.type]))).toEqual({
      "adele@contoso.com": "user",
      "alex@contoso.com": "user",
      "bg-01@contoso.com": "user",
      "Tier0 Admins": "group",
      [SP_APP_ID]: "servicePrincipal",
    });
    expect(snapshot.principals.find((p) => p.id === "adele@contoso.com")?.displayName).toBe("Vance; Adele");
  });

  it("reads Excel's Unicode text: UTF-16LE with a byte order mark, tab separated", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pim-csv-"));
    const path = join(dir, "unicode.txt");
    const text = `${HEADER.replaceAll(",", "\t")}\r\nActive\tTier0 Admins\tGlobal Administrator\t\tDirect\t27.11.2026 15:12\t\r\n`;
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    for (const snapshot of [await readExportCsv(path, options), await readSource(path, options)]) {
      expect(snapshot.assignments[0]).toMatchObject({ principalId: "Tier0 Admins", start: "2026-11-27T15:12:00.000Z" });
      expect(snapshot.principals[0]?.type).toBe("group");
    }
  });

  it("reads day/month as told when the file cannot tell", () => {
    const text = `${HEADER}\nActive,A,User Administrator,a@contoso.com,Direct,03/04/2026,05/06/2026\n`;
    expect(parseExportCsv(text, "x.csv", { ...options, dateOrder: "dmy" }).assignments[0]).toMatchObject({
      start: "2026-04-03T00:00:00.000Z",
      end: "2026-06-05T00:00:00.000Z",
    });
    expect(parseExportCsv(text, "x.csv", { ...options, dateOrder: "mdy" }).assignments[0]).toMatchObject({
      start: "2026-03-04T00:00:00.000Z",
    });
  });
});

describe("parseExportCsv refuses only what cannot be read", () => {
  it.each<[string, string, { line: number; column: number }, string]>([
    [
      "dates whose day/month order nothing in the file settles",
      `${HEADER}\nActive,A,User Administrator,a@contoso.com,Direct,2026-01-01,Permanent\nActive,B,User Administrator,b@contoso.com,Direct,03/04/2026,05/06/2026\n`,
      { line: 3, column: 6 },
      '"03/04/2026" may be day or month first, and no date in the file has a day above 12 to tell. Pass --date-order dmy',
    ],
    [
      "dates that disagree on the order",
      `${HEADER}\nActive,A,User Administrator,a@contoso.com,Direct,27/11/2026,Permanent\nActive,B,User Administrator,b@contoso.com,Direct,11/28/2026,Permanent\n`,
      { line: 3, column: 6 },
      '"11/28/2026" reads only month first, but "27/11/2026" earlier in the file only day first.',
    ],
    [
      "a row that names no principal at all",
      `${HEADER}\nActive,,User Administrator,,Direct,2026-01-01,Permanent\n`,
      { line: 2, column: 4 },
      'column "PrincipalName": is empty, and so is "User Group Name": the row names no principal.',
    ],
    [
      "an impossible date, which Date.parse would roll into March",
      `${HEADER}\nActive,A,User Administrator,a@contoso.com,Direct,2026-02-30,Permanent\n`,
      { line: 2, column: 6 },
      '"2026-02-30" is not a date',
    ],
    [
      "an end before its start",
      `${HEADER}\nEligible,A,User Administrator,a@contoso.com,Direct,2026-06-01,2026-05-01\n`,
      { line: 2, column: 7 },
      '"2026-05-01" is before the assignment\'s start ("2026-06-01")',
    ],
    [
      "a row with fewer cells than the header, which would read as permanent",
      `${HEADER}\nActive,A,User Administrator,a@contoso.com,Direct,2026-01-01\n`,
      { line: 2, column: 7 },
      'row 1 has 6 cells where the header has 7; column "Assignment End Time (UTC)" is missing.',
    ],
    [
      "a header that names a column twice",
      `Assignment State,User Group Name,Role Name,PrincipalName,Member Type,Assignment Start Time (UTC),Assignment End Time (UTC),Assignment End Time (UTC)\nActive,A,User Administrator,a@contoso.com,Direct,2026-01-01,Permanent,2026-02-01\n`,
      { line: 1, column: 8 },
      'the header names "Assignment End Time (UTC)" twice (columns 7 and 8).',
    ],
  ])("refuses %s, naming file:line:column", (_name, text, at, message) => {
    const error = errorOf(() => parseExportCsv(text, "bad.csv", options));
    expect(error.code).toBe("CSV_INVALID");
    expect(error.position).toEqual({ file: "bad.csv", ...at });
    expect(error.toOneLine()).toContain(`bad.csv:${at.line}:${at.column}: `);
    expect(error.toOneLine()).toContain(message);
  });

  it("with a date order given, refuses a date that cannot be read in it", () => {
    const text = `${HEADER}\nActive,A,User Administrator,a@contoso.com,Direct,27/11/2026,Permanent\n`;
    const error = errorOf(() => parseExportCsv(text, "us.csv", { ...options, dateOrder: "mdy" }));
    expect(error.position).toEqual({ file: "us.csv", line: 2, column: 6 });
    expect(error.message).toContain('"27/11/2026" is not a date');
  });
});
