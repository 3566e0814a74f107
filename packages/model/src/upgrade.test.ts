import { describe, expect, it } from "vitest";
import { minimalSnapshot } from "./test-utils/snapshots.js";
import { upgradeSnapshot } from "./upgrade.js";
import { validateSnapshot } from "./validate.js";

/** The minimal snapshot as version 1 wrote it. */
function version1(): Record<string, unknown> {
  const v2 = minimalSnapshot() as unknown as Record<string, unknown>;
  const {
    groupSettings: _g,
    activationHistory: _h,
    ...rest
  } = v2 as Record<string, unknown> & { groupSettings: unknown; activationHistory: unknown };
  const principals = (v2["principals"] as Record<string, unknown>[]).map(
    ({ lastSuccessfulSignInDateTime: _s, lastNonInteractiveSignInDateTime: _n, deleted: _d, ...p }) => p,
  );
  const roles = (v2["roles"] as Record<string, unknown>[]).map(({ privilegedActions: _p, ...r }) => r);
  const assignments = (v2["assignments"] as Record<string, unknown>[]).map((a, i) =>
    // Version 1: a group holding the role itself was `group`, its members `inherited`.
    i === 0 ? { ...a, memberType: "group" } : { ...a, memberType: "inherited", viaGroupId: "g-1" },
  );
  return { ...rest, schemaVersion: 1, principals, roles, assignments };
}

describe("upgradeSnapshot", () => {
  it("reads memberType of version 1 as Graph means it: the group's own row Direct, its members Group", () => {
    const result = validateSnapshot(version1());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.upgradedFrom).toBe(1);
    expect(result.snapshot.schemaVersion).toBe(2);
    expect(result.snapshot.assignments.map((a) => a.memberType)).toEqual(["direct", "group"]);
    expect(result.snapshot.principals.every((p) => p.deleted === false)).toBe(true);
  });

  it("marks the pieces a version 1 admin-center import lacked as expected gaps, and a Graph gap as not", () => {
    const csv = { ...version1(), source: { kind: "export-csv", endpoint: "x.csv", toolVersion: "0" } };
    const upgraded = upgradeSnapshot(csv).value as {
      completeness: { complete: boolean; gaps: { piece: string; expected: boolean }[] };
    };
    expect(upgraded.completeness.gaps.map((g) => g.piece)).toContain("ids");
    expect(upgraded.completeness.gaps.every((g) => g.expected)).toBe(true);
    expect(upgraded.completeness.complete).toBe(true);
    const graph = {
      ...version1(),
      completeness: { complete: false, gaps: [{ piece: "roleSettings", reason: "403", request: null }] },
    };
    const fromGraph = upgradeSnapshot(graph).value as typeof upgraded;
    expect(fromGraph.completeness.gaps).toEqual([
      { piece: "roleSettings", reason: "403", request: null, expected: false },
    ]);
    expect(fromGraph.completeness.complete).toBe(false);
  });

  it("leaves a current snapshot as it is", () => {
    const snapshot = minimalSnapshot();
    expect(upgradeSnapshot(snapshot)).toEqual({ value: snapshot, fromVersion: null });
  });
});
