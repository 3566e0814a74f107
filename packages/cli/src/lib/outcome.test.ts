import type { Finding, FindingsReport, ReportedGap } from "@pim-audit/model";
import { closest } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { decideOutcome } from "./outcome.js";

const finding = (severity: Finding["severity"], status: Finding["status"] = "open") =>
  ({ severity, status }) as Finding;
const report = (findings: Finding[], gaps: ReportedGap[] = []) =>
  ({ findings, snapshot: { gaps } }) as unknown as FindingsReport;

describe("the exit code of a run", () => {
  it("is 1 only for open findings at or above --fail-on", () => {
    expect(decideOutcome(report([finding("medium")]), "high", false).exitCode).toBe(0);
    expect(decideOutcome(report([finding("critical")]), "high", false)).toEqual({
      exitCode: 1,
      reason: "1 open finding at or above high.",
    });
    expect(decideOutcome(report([finding("critical", "suppressed")]), "info", false).exitCode).toBe(0);
    expect(decideOutcome(report([finding("critical", "baseline")]), "info", false).exitCode).toBe(0);
    expect(decideOutcome(report([finding("critical")]), "never", false).exitCode).toBe(0);
    expect(decideOutcome(report([finding("critical")]), "low", true).exitCode).toBe(0);
  });

  it("is 3 for a gap a loaded rule needs, even without findings, naming the gap and who needs it", () => {
    const gaps: ReportedGap[] = [
      {
        piece: "roleSettings",
        reason: "403 Authorization_RequestDenied",
        request: null,
        expected: false,
        needed: true,
        neededBy: ["mfa-on-activation"],
      },
    ];
    const outcome = decideOutcome(report([], gaps), "high", false);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.reason).toContain("roleSettings (403 Authorization_RequestDenied; needed by mfa-on-activation)");
    expect(decideOutcome(report([], gaps), "high", true).exitCode).toBe(0);
  });

  it("follows the findings when no loaded rule needs the missing piece: a warning, not exit 3", () => {
    const gaps: ReportedGap[] = [
      { piece: "signInActivity", reason: "403", request: "GET /users", expected: false, needed: false, neededBy: [] },
    ];
    expect(decideOutcome(report([], gaps), "high", false).exitCode).toBe(0);
    expect(decideOutcome(report([finding("high")], gaps), "high", false).exitCode).toBe(1);
  });

  it("follows the findings for what the source never holds (an export CSV's gaps), needed or not", () => {
    const gaps: ReportedGap[] = [
      { piece: "roleSettings", reason: "not in an export CSV", request: null, expected: true, needed: true },
    ];
    expect(decideOutcome(report([], gaps), "high", false).exitCode).toBe(0);
    expect(decideOutcome(report([finding("high")], gaps), "high", false).exitCode).toBe(1);
  });

  it("counts every gap of a findings file written before gaps were judged", () => {
    expect(decideOutcome(report([], [{ piece: "roleSettings", reason: "403" }]), "high", false).exitCode).toBe(3);
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
