import type { Finding, FindingsReport, Snapshot } from "@pim-audit/model";
import { closest } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { decideOutcome } from "./outcome.js";

const finding = (severity: Finding["severity"], status: Finding["status"] = "open") =>
  ({ severity, status }) as Finding;
const report = (findings: Finding[]) => ({ findings }) as FindingsReport;
const snapshot = (kind: Snapshot["source"]["kind"], gaps: Snapshot["completeness"]["gaps"] = []) =>
  ({ source: { kind }, completeness: { complete: gaps.length === 0, gaps } }) as unknown as Snapshot;

describe("the exit code of a run", () => {
  it("is 1 only for open findings at or above --fail-on", () => {
    expect(decideOutcome(snapshot("graph"), report([finding("medium")]), "high", false).exitCode).toBe(0);
    expect(decideOutcome(snapshot("graph"), report([finding("critical")]), "high", false)).toEqual({
      exitCode: 1,
      reason: "1 open finding at or above high.",
    });
    expect(decideOutcome(snapshot("graph"), report([finding("critical", "suppressed")]), "info", false).exitCode).toBe(
      0,
    );
    expect(decideOutcome(snapshot("graph"), report([finding("critical", "baseline")]), "info", false).exitCode).toBe(0);
    expect(decideOutcome(snapshot("graph"), report([finding("critical")]), "never", false).exitCode).toBe(0);
    expect(decideOutcome(snapshot("graph"), report([finding("critical")]), "low", true).exitCode).toBe(0);
  });

  it("is 3 for an incomplete collection even without findings, naming the gap", () => {
    const gaps = [
      { piece: "roleSettings" as const, reason: "403 Authorization_RequestDenied", request: null, expected: false },
    ];
    const outcome = decideOutcome(snapshot("graph", gaps), report([]), "high", false);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.reason).toContain("roleSettings (403 Authorization_RequestDenied)");
  });

  it("follows the findings for an export CSV, whose gaps are the format's, not a failed collection", () => {
    const gaps = [{ piece: "roleSettings" as const, reason: "not in an export CSV", request: null, expected: true }];
    expect(decideOutcome(snapshot("export-csv", gaps), report([]), "high", false).exitCode).toBe(0);
    expect(decideOutcome(snapshot("export-csv", gaps), report([finding("high")]), "high", false).exitCode).toBe(1);
  });
});

describe("flag suggestions", () => {
  it("offer the closest flag for a typo and nothing for a stranger", () => {
    const flags = ["--fail-on", "--format", "--from", "--policy"];
    expect(closest("--fail-onn", flags)).toBe("--fail-on");
    expect(closest("--polcy", flags)).toBe("--policy");
    expect(closest("--kubernetes", flags)).toBeUndefined();
  });
});
