import { describe, expect, it } from "vitest";
import type { FindingsReport } from "./finding.js";
import { validateFindingsReport } from "./validate.js";

function reportWithFacts(facts: Record<string, unknown>): unknown {
  const location = { file: "policies/baseline.yaml", line: 3, column: 5 };
  const report: FindingsReport = {
    schemaVersion: 1,
    tool: { name: "pim-audit", version: "0.0.0" },
    evaluatedAt: "2026-11-01T00:00:00.000Z",
    snapshot: {
      tenantId: "t",
      tenantName: null,
      collectedAt: "2026-11-01T00:00:00.000Z",
      source: "file",
      complete: true,
      gaps: [],
      assignments: 1,
    },
    policies: [],
    summary: {
      open: { info: 0, low: 0, medium: 0, high: 1, critical: 0 },
      totalOpen: 1,
      suppressed: 0,
      baseline: 0,
      notEvaluated: 0,
      rules: 1,
    },
    rules: [],
    findings: [
      {
        ruleId: "r",
        ruleType: "max-duration",
        severity: "high",
        title: "t",
        message: "m",
        subject: {
          assignmentId: null,
          principalId: null,
          principalName: null,
          principalType: null,
          roleId: null,
          roleName: null,
          directoryScopeId: null,
          state: null,
          memberType: null,
          viaGroupName: null,
        },
        facts: {},
        location,
        fingerprint: "0".repeat(64),
        status: "open",
        suppression: null,
      },
    ],
    notEvaluated: [],
  };
  return { ...report, findings: [{ ...report.findings[0], facts }] };
}

describe("findings schema", () => {
  it("accepts facts of every scalar type", () => {
    const result = validateFindingsReport(reportWithFacts({ end: null, max: "P0D", days: 400, permanent: true }));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("refuses a fact that is not a scalar", () => {
    expect(validateFindingsReport(reportWithFacts({ nested: { a: 1 } })).ok).toBe(false);
  });
});
