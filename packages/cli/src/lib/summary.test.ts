import { type FindingsReport, hasControls, type Snapshot } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { summaryLines } from "./summary.js";

const NAME = "Evil\u001B[2J\u001B]0;pwned\u0007\u202Eexe.txt\r\nfake line\u0000";
const SHOWN = "Evil\\u001B[2J\\u001B]0;pwned\\u0007\\u202Eexe.txt\\u000D\\u000Afake line\\u0000";

const snapshot = {
  tenant: { id: "t-1", displayName: NAME },
  collectedAt: "2026-11-01T09:00:00.000Z",
  assignments: [],
  principals: [],
  roles: [],
} as unknown as Snapshot;

const report = {
  summary: { open: { critical: 1, high: 0, medium: 0, low: 0, info: 0 }, totalOpen: 1, suppressed: 0, baseline: 0 },
  policies: [],
  evaluatedAt: "2026-11-01T09:00:00.000Z",
  snapshot: {
    gaps: [{ piece: "users", reason: `Graph said ${NAME}`, request: null, expected: false, needed: true }],
  },
  findings: [{ status: "open", severity: "critical", ruleId: "r", message: `${NAME} holds a role` }],
} as unknown as FindingsReport;

describe("the console summary", () => {
  it("writes tenant names, gap reasons and finding messages with control characters as visible \\uXXXX", () => {
    const lines = summaryLines(snapshot, report, ["/out/findings.md"], "out");
    for (const line of lines) expect(hasControls(line), line).toBe(false);
    expect(lines[0]).toContain(`Tenant ${SHOWN} (t-1)`);
    expect(lines.join("\n")).toContain(`[critical] r: ${SHOWN} holds a role`);
    expect(lines.join("\n")).toContain(`users (Graph said ${SHOWN})`);
  });
});
