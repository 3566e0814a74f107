import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { assignment, tenant, user } from "../test-utils/tenant.js";

describe("inactive-principal", () => {
  it("flags users who have not signed in within the window, or never", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: inactive-principal, within: P30D}\n",
      tenant({
        principals: [
          user("active"),
          user("idle", { lastSignInDateTime: "2026-09-01T00:00:00Z" }),
          user("never", { lastSignInDateTime: null }),
        ],
        assignments: ["active", "idle", "never"].map((n) => assignment(`user-${n}`, "User Administrator")),
      }),
    );
    expect(found(report).map(([who]) => who)).toEqual(["idle@contoso.com", "never@contoso.com"]);
    expect(report.findings[1]?.message).toContain("(last sign-in: never)");
  });

  it("is not evaluated without sign-in activity (it needs a premium licence)", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: inactive-principal, within: P30D}\n",
      tenant({
        completeness: {
          complete: false,
          gaps: [{ piece: "signInActivity", reason: "no P1 licence", request: null, expected: false }],
        },
      }),
    );
    expect(report.notEvaluated[0]?.reason).toContain("signInActivity: no P1 licence");
  });
});
