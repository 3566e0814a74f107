import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { newerSnapshot, olderSnapshot } from "../test-utils/drift-fixture.js";
import { fixtureSnapshot } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { computeDrift } from "./compute.js";
import { renderDrift } from "./render.js";

describe("computeDrift", () => {
  it("finds each known difference between two snapshots, and nothing else", () => {
    const drift = computeDrift(olderSnapshot(), newerSnapshot());
    const line = (a: { roleName: string; principalName: string; state: string }) =>
      `${a.roleName} / ${a.principalName} / ${a.state}`;
    expect(drift.added.map(line)).toEqual([
      "Global Administrator / nina@contoso.example / eligible",
      "Helpdesk Administrator / Contoso Sync Service / active",
    ]);
    expect(drift.removed.map(line)).toEqual(["Privileged Role Administrator / dora@contoso.example / active"]);
    expect(drift.changed.map((c) => `${line(c.after)}: ${c.changes.join(", ")}`)).toEqual([
      "Global Administrator / adele@contoso.example / active: activated",
      "Helpdesk Administrator / mallory@contoso.example / eligible: state",
      "Privileged Role Administrator / ivan@contoso.example / eligible: moved-to-direct",
      "User Administrator / gary_fabrikam.example#EXT#@contoso.example / eligible: end-extended",
    ]);
    expect(drift.changed[0]!.before.assignmentId).toBe("elig-adele-ga");
    expect(drift.newlyPrivileged.map((p) => [p.principalName, p.roleName, p.states, p.firstPrivilegedRole])).toEqual([
      ["Contoso Sync Service", "Helpdesk Administrator", ["active"], true],
      ["nina@contoso.example", "Global Administrator", ["eligible"], true],
    ]);
    expect(drift.summary).toEqual({ added: 2, removed: 1, changed: 4, unchanged: 5, newlyPrivileged: 2 });
  });

  it("reports no drift between a snapshot and itself, in any list order", () => {
    const snapshot = fixtureSnapshot();
    const drift = computeDrift(snapshot, { ...snapshot, assignments: [...snapshot.assignments].reverse() });
    expect([drift.added, drift.removed, drift.changed, drift.newlyPrivileged]).toEqual([[], [], [], []]);
    expect(drift.summary.unchanged).toBe(snapshot.assignments.length);
    expect(renderDrift(drift, "md")).toContain("No drift");
  });

  it("sees an end brought forward and a move into a group", () => {
    const older = fixtureSnapshot();
    const newer = fixtureSnapshot();
    newer.assignments = newer.assignments.map((a) =>
      a.id === "elig-gary-ua"
        ? { ...a, end: "2026-12-01T00:00:00.000Z" }
        : a.id === "act-dora-pra"
          ? {
              ...a,
              id: "act-dora-pra|g",
              memberType: "inherited" as const,
              viaGroupId: "20000000-0000-0000-0000-000000000001",
            }
          : a,
    );
    const kinds = computeDrift(older, newer).changed.map((c) => c.changes.join(","));
    expect(kinds.sort()).toEqual(["end-shortened", "moved-to-group"]);
  });

  it("refuses to compare two different tenants", () => {
    const other = fixtureSnapshot();
    other.tenant = { ...other.tenant, id: "d0d0d0d0-0000-4000-8000-000000000002" };
    expect(() => computeDrift(fixtureSnapshot(), other)).toThrow(/different tenants/);
  });
});

describe("renderDrift", () => {
  const drift = () => computeDrift(olderSnapshot(), newerSnapshot());

  it("writes one CSV row per change with the kind of change", () => {
    const rows = parse(renderDrift(drift(), "csv"), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.Change)).toEqual([
      "newly-privileged",
      "newly-privileged",
      "added",
      "added",
      "removed",
      "changed",
      "changed",
      "changed",
      "changed",
    ]);
    const gary = rows.find((r) => r.Details === "end-extended")!;
    expect([gary["End Before (UTC)"], gary["End After (UTC)"]]).toEqual([
      "2026-12-31T00:00:00.000Z",
      "2027-06-30T00:00:00.000Z",
    ]);
  });

  it("writes JSON that reads back as the same drift", () => {
    expect(JSON.parse(renderDrift(drift(), "json"))).toEqual(drift());
  });

  it.each(["md", "json", "csv"] as const)("matches the golden %s file byte for byte", (format) => {
    const text = renderDrift(drift(), format);
    expect(text).toBe(golden(`drift.${format}`, text).toString("utf8"));
  });
});
