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
          user("idle", {
            lastSuccessfulSignInDateTime: "2026-09-01T00:00:00Z",
            lastSignInDateTime: "2026-09-01T00:00:00Z",
          }),
          user("never", { lastSuccessfulSignInDateTime: null, lastSignInDateTime: null }),
        ],
        assignments: ["active", "idle", "never"].map((n) => assignment(`user-${n}`, "User Administrator")),
      }),
    );
    expect(found(report).map(([who]) => who)).toEqual(["idle@contoso.com", "never@contoso.com"]);
    expect(report.findings[1]?.message).toContain("(last successful sign-in: never)");
  });

  it("judges by the last successful sign-in: failed attempts today do not make a dormant admin active", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: inactive-principal, within: P90D}\n",
      tenant({
        principals: [
          user("sprayed", {
            lastSuccessfulSignInDateTime: "2026-06-30T09:00:00Z",
            lastSignInDateTime: "2026-11-27T08:15:00Z",
            lastNonInteractiveSignInDateTime: "2026-11-25T03:00:00Z",
          }),
        ],
        assignments: [assignment("user-sprayed", "Global Administrator")],
      }),
    );
    expect(found(report).map(([who]) => who)).toEqual(["sprayed@contoso.com"]);
    expect(report.findings[0]?.message).toContain("(last successful sign-in: 2026-06-30T09:00:00Z)");
    expect(report.findings[0]?.facts).toMatchObject({
      lastSignIn: "2026-06-30T09:00:00Z",
      signInBasis: "successful",
      lastSignInAttempt: "2026-11-27T08:15:00Z",
    });
  });

  it("falls back to the latest attempt where Graph keeps no successful sign-in, and says so", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: inactive-principal, within: P30D}\n",
      tenant({
        principals: [
          user("old-attempts", {
            lastSuccessfulSignInDateTime: null,
            lastSignInDateTime: "2026-08-01T00:00:00Z",
            lastNonInteractiveSignInDateTime: "2026-09-01T00:00:00Z",
          }),
          user("recent-attempt", {
            lastSuccessfulSignInDateTime: null,
            lastSignInDateTime: null,
            lastNonInteractiveSignInDateTime: "2026-11-26T00:00:00Z",
          }),
        ],
        assignments: ["old-attempts", "recent-attempt"].map((n) => assignment(`user-${n}`, "User Administrator")),
      }),
    );
    expect(found(report).map(([who]) => who)).toEqual(["old-attempts@contoso.com"]);
    expect(report.findings[0]?.message).toContain(
      "(last sign-in attempt, successful or not: 2026-09-01T00:00:00Z; Graph keeps no successful sign-in for this user)",
    );
    expect(report.findings[0]?.facts).toMatchObject({ lastSignIn: "2026-09-01T00:00:00Z", signInBasis: "attempt" });
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
