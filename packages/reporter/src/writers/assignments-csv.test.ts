import { hasControls } from "@pim-audit/model";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { fixtureSnapshot, PRINCIPAL } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { HOSTILE_SHOWN, hostileSnapshot } from "../test-utils/hostile.js";
import {
  csvDate,
  EXTENDED_COLUMNS,
  PORTAL_COLUMNS,
  PORTAL10_COLUMNS,
  renderAssignmentsCsv,
} from "./assignments-csv.js";

const read = (csv: string) => parse(csv, { columns: true, bom: true }) as Record<string, string>[];

describe("renderAssignmentsCsv", () => {
  it("writes exactly the seven admin-center columns, in order, by default", () => {
    const csv = renderAssignmentsCsv(fixtureSnapshot(), { layout: "portal" });
    const [header] = parse(csv, { to_line: 1 }) as string[][];
    expect(header).toEqual([
      "Assignment State",
      "User Group Name",
      "Role Name",
      "PrincipalName",
      "Member Type",
      "Assignment Start Time (UTC)",
      "Assignment End Time (UTC)",
    ]);
    expect(header).toEqual([...PORTAL_COLUMNS]);
  });

  it("writes one row per assignment, sorted by role, principal, state and start", () => {
    const rows = read(renderAssignmentsCsv(fixtureSnapshot(), { layout: "portal" }));
    expect(rows).toHaveLength(fixtureSnapshot().assignments.length);
    const keys = rows.map((r) => [r["Role Name"], r.PrincipalName, r["Assignment State"]].join(" / "));
    expect(keys).toEqual([
      "Global Administrator / adele@contoso.example / Active",
      "Global Administrator / adele@contoso.example / Eligible",
      "Global Administrator / bg-01@contoso.example / Active",
      "Helpdesk Administrator / mallory@contoso.example / Active",
      "Privileged Role Administrator / adele@contoso.example / Eligible",
      "Privileged Role Administrator / dora@contoso.example / Active",
      "Privileged Role Administrator / ivan@contoso.example / Eligible",
      "Privileged Role Administrator / Tier0 Admins / Eligible",
      "Reports Reader / Contoso Sync Service / Active",
      "User Administrator / gary_fabrikam.example#EXT#@contoso.example / Eligible",
    ]);
  });

  it("shows an assignment of a principal deleted since as such, not as a live nameless holder", () => {
    const snapshot = fixtureSnapshot();
    const held = snapshot.assignments[0]!;
    const goneId = "5d2c0f3e-0000-4000-8000-00000000dead";
    const gone = {
      ...snapshot.principals[0]!,
      id: goneId,
      type: "unknown" as const,
      displayName: null,
      userPrincipalName: null,
      mail: null,
      userType: null,
      deleted: true,
    };
    const csv = renderAssignmentsCsv(
      {
        ...snapshot,
        principals: [...snapshot.principals, gone],
        assignments: [...snapshot.assignments, { ...held, id: "orphan", principalId: goneId }],
      },
      { layout: "portal" },
    );
    const row = read(csv).find((r) => r.PrincipalName?.includes(goneId));
    expect(row).toMatchObject({ "User Group Name": `(deleted) ${goneId}`, PrincipalName: `(deleted) ${goneId}` });
  });

  it("does not depend on the order of the snapshot's lists", () => {
    const snapshot = fixtureSnapshot();
    const shuffled = {
      ...snapshot,
      assignments: [...snapshot.assignments].reverse(),
      roles: [...snapshot.roles].reverse(),
    };
    expect(renderAssignmentsCsv(shuffled, { layout: "extended" })).toBe(
      renderAssignmentsCsv(snapshot, { layout: "extended" }),
    );
  });

  it("writes names from the snapshot, member types, ISO 8601 UTC dates and Permanent for an open end", () => {
    const rows = read(renderAssignmentsCsv(fixtureSnapshot(), { layout: "portal" }));
    const dora = rows.find((r) => r.PrincipalName === "dora@contoso.example")!;
    expect(dora).toEqual({
      "Assignment State": "Active",
      "User Group Name": "Dora Disabled",
      "Role Name": "Privileged Role Administrator",
      PrincipalName: "dora@contoso.example",
      "Member Type": "Direct",
      "Assignment Start Time (UTC)": "2025-03-15T12:30:00.000Z",
      "Assignment End Time (UTC)": "Permanent",
    });
    const ivan = rows.find((r) => r.PrincipalName === "ivan@contoso.example")!;
    // Graph's memberType: Ivan holds it through the group (Group); the group itself is assigned (Direct).
    expect(ivan["Member Type"]).toBe("Group");
    expect(rows.find((r) => r["User Group Name"] === "Tier0 Admins")!["Member Type"]).toBe("Direct");
    const gary = rows.find((r) => r["User Group Name"] === "Gary Guest")!;
    expect(gary["Assignment End Time (UTC)"]).toBe("2026-12-31T00:00:00.000Z");
    const breakGlass = rows.find((r) => r.PrincipalName === "bg-01@contoso.example")!;
    expect(breakGlass["Assignment Start Time (UTC)"]).toBe("");
  });

  it("writes the ten-column layout with Tenant/Directory and No Expiry for open eligibilities", () => {
    const rows = read(renderAssignmentsCsv(fixtureSnapshot(), { layout: "portal10" }));
    expect(Object.keys(rows[0]!)).toEqual([...PORTAL10_COLUMNS]);
    const gary = rows.find((r) => r["User Group Name"] === "Gary Guest")!;
    expect(gary.Email).toBe("gary@fabrikam.example");
    expect(gary["Resource Name"]).toBe("Tenant");
    expect(gary["Resource Type"]).toBe("Directory");
    const ivan = rows.find((r) => r.PrincipalName === "ivan@contoso.example")!;
    expect(ivan["Assignment End Time (UTC)"]).toBe("No Expiry");
    const dora = rows.find((r) => r.PrincipalName === "dora@contoso.example")!;
    expect(dora["Assignment End Time (UTC)"]).toBe("Permanent");
  });

  it("adds ids and names the group an inherited row comes through in the extended layout", () => {
    const rows = read(renderAssignmentsCsv(fixtureSnapshot(), { layout: "extended" }));
    expect(Object.keys(rows[0]!)).toEqual([...EXTENDED_COLUMNS]);
    const ivan = rows.find((r) => r.PrincipalName === "ivan@contoso.example")!;
    expect(ivan).toMatchObject({
      "Role Template Id": "e8611ab8-c189-46e8-94e1-60213ab1f814",
      "Principal Id": PRINCIPAL.ivan,
      "Principal Type": "user",
      "Directory Scope Id": "/",
      "Assignment Id": "elig-tier0-pra|ivan",
      Origin: "directoryRole",
      "Via Group Id": PRINCIPAL.tier0,
      "Via Group Name": "Tier0 Admins",
    });
  });

  it("round-trips: the extended CSV read back gives the snapshot's assignments", () => {
    const snapshot = fixtureSnapshot();
    const rows = read(renderAssignmentsCsv(snapshot, { layout: "extended" }));
    const back = rows
      .map((r) => ({
        id: r["Assignment Id"],
        state: r["Assignment State"]!.toLowerCase(),
        principalId: r["Principal Id"],
        roleId: r["Role Template Id"],
        directoryScopeId: r["Directory Scope Id"],
        memberType: r["Member Type"]!.toLowerCase(),
        viaGroupId: r["Via Group Id"] || null,
        start: r["Assignment Start Time (UTC)"] || null,
        end: r["Assignment End Time (UTC)"] === "Permanent" ? null : r["Assignment End Time (UTC)"],
        origin: r.Origin,
      }))
      .sort((a, b) => a.id!.localeCompare(b.id!));
    const expected = snapshot.assignments
      .map((a) => ({
        id: a.id,
        state: a.state,
        principalId: a.principalId,
        roleId: a.roleId,
        directoryScopeId: a.directoryScopeId,
        memberType: a.memberType,
        viaGroupId: a.viaGroupId,
        start: a.start,
        end: a.end,
        origin: a.origin,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(back).toEqual(expected);
  });

  it("adds a UTF-8 byte order mark only when asked for Excel", () => {
    const plain = renderAssignmentsCsv(fixtureSnapshot(), { layout: "portal" });
    const excel = renderAssignmentsCsv(fixtureSnapshot(), { layout: "portal", excel: true });
    expect(plain.startsWith('"Assignment State"')).toBe(true);
    expect(excel).toBe(`\uFEFF${plain}`);
  });

  describe("formula injection in display names", () => {
    const cases: [string, string][] = [
      ["=1+1", "'=1+1"],
      ["+SUM(A1)", "'+SUM(A1)"],
      ["-2+3", "'-2+3"],
      ["@SUM(A1)", "'@SUM(A1)"],
      ["\tTabbed", "'\tTabbed"],
      ["\rCarriage", "'\rCarriage"],
      ["\uFF1D1+1", "'\uFF1D1+1"],
      ["\uFF0BSUM(A1)", "'\uFF0BSUM(A1)"],
      ["\uFF0D2", "'\uFF0D2"],
      ["\uFF20SUM(A1)", "'\uFF20SUM(A1)"],
      ["Plain Name", "Plain Name"],
    ];
    it.each(cases)("writes %j as the quoted text %j", (name, expected) => {
      const snapshot = fixtureSnapshot();
      snapshot.principals = snapshot.principals.map((p) =>
        p.id === PRINCIPAL.dora ? { ...p, displayName: name, userPrincipalName: name } : p,
      );
      const csv = renderAssignmentsCsv(snapshot, { layout: "portal" });
      const rows = read(csv);
      const row = rows.find(
        (r) => r["Role Name"] === "Privileged Role Administrator" && r["Assignment State"] === "Active",
      )!;
      expect(row["User Group Name"]).toBe(expected);
      expect(row.PrincipalName).toBe(expected);
      // Every field is quoted, so no cell starts unquoted with a formula character.
      expect(csv).toContain(`"${expected.replace(/"/g, '""')}"`);
    });
  });

  it.each(["portal", "portal10", "extended"] as const)("matches the golden %s layout byte for byte", (layout) => {
    const csv = renderAssignmentsCsv(fixtureSnapshot(), { layout });
    expect(csv).toBe(golden(`assignments.${layout}.csv`, csv).toString("utf8"));
  });

  it.each([
    ["2026-11-01T12:00:00.000Z", "2026-11-01T12:00:00.000Z"],
    ["2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z"],
    ["2026-02-30T00:00:00.000Z", "2026-03-02T00:00:00.000Z"],
    ["2026-01-01T24:00:00.000Z", "2026-01-02T00:00:00.000Z"],
    ["2026-11-01T12:00:00Z", "2026-11-01T12:00:00.000Z"],
    ["2026-11-01T13:00:00+01:00", "2026-11-01T12:00:00.000Z"],
    ["not a date", "not a date"],
  ])("writes the date %s as %s, as Date.toISOString does", (value, expected) => {
    expect(csvDate(value)).toBe(expected);
    expect(csvDate(null)).toBe("");
  });
});

describe("assignments.csv with hostile display names", () => {
  it.each(["portal", "portal10", "extended"] as const)("%s: no raw control character, formulas defused", (layout) => {
    const csv = renderAssignmentsCsv(hostileSnapshot(), { layout });
    expect(hasControls(csv, { keepWhitespace: true })).toBe(false);
    expect(read(csv).map((r) => r["User Group Name"])).toContain(`'${HOSTILE_SHOWN}`);
  });
});
