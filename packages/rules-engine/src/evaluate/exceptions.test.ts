import { describe, expect, it } from "vitest";
import { run } from "../test-utils/run.js";
import { active, tenant, user } from "../test-utils/tenant.js";

const policy = (expires: string) => `rules:
  - {id: no-permanent, type: max-duration, severity: high, where: {state: active}, max: P0D}
  - {id: short, type: expiring-soon, within: P1D}
exceptions:
  - rule: no-permanent
    principal: svc-sync@contoso.com
    role: Directory Synchronization Accounts
    reason: Entra Connect sync account
    ticket: CHG-1234
    owner: identity-team@contoso.com
    expires: ${expires}
  - rule: no-permanent
    principal: left-the-company@contoso.com
    reason: was needed once
    expires: 2027-12-31
  - rule: short
    principal: nobody@contoso.com
    reason: contractor renewal
    expires: 2027-12-31
`;

const snapshot = tenant({
  principals: [user("svc-sync"), user("alice")],
  assignments: [
    active("user-svc-sync", "Directory Synchronization Accounts"),
    active("user-alice", "Global Administrator"),
  ],
});

describe("exceptions", () => {
  it("suppress matching findings, which stay visible with the exception", async () => {
    const report = await run(policy("2027-03-31"), snapshot);
    const sync = report.findings.find((f) => f.subject.principalName === "svc-sync@contoso.com");
    expect(sync?.status).toBe("suppressed");
    expect(sync?.suppression).toMatchObject({
      rule: "no-permanent",
      reason: "Entra Connect sync account",
      ticket: "CHG-1234",
      owner: "identity-team@contoso.com",
      expires: "2027-03-31",
      location: { line: 9, column: 5 },
    });
    expect(report.findings.find((f) => f.subject.principalName === "alice@contoso.com")?.status).toBe("open");
    expect(report.summary).toMatchObject({ suppressed: 1 });
    expect(report.rules.find((r) => r.ruleId === "no-permanent")).toMatchObject({ open: 1, suppressed: 1 });
  });

  it("report an exception that matches nothing, so the policy stays clean", async () => {
    const report = await run(policy("2027-03-31"), snapshot);
    const unused = report.findings.filter((f) => f.ruleId === "exception-unused");
    expect(unused.map((f) => [f.subject.principalName, f.location.line])).toEqual([
      ["left-the-company@contoso.com", 16],
      ["nobody@contoso.com", 20],
    ]);
    expect(unused[0]?.message).toBe(
      "The exception to no-permanent for left-the-company@contoso.com matches no finding; remove it to keep the policy clean.",
    );
  });

  it("hold through their expiry day, then stop suppressing and are reported", async () => {
    const lastDay = await run(policy("2026-11-27"), snapshot, new Date("2026-11-27T23:59:59Z"));
    expect(lastDay.findings.find((f) => f.subject.principalName === "svc-sync@contoso.com")?.status).toBe("suppressed");

    const dayAfter = await run(policy("2026-11-27"), snapshot, new Date("2026-11-28T00:00:00Z"));
    expect(dayAfter.findings.find((f) => f.subject.principalName === "svc-sync@contoso.com")?.status).toBe("open");
    const expired = dayAfter.findings.filter((f) => f.ruleId === "exception-expired");
    expect(expired.map((f) => f.message)).toEqual([
      "The exception to no-permanent for svc-sync@contoso.com, Directory Synchronization Accounts expired on 2026-11-27 and no longer suppresses anything; renew it with a new expiry or remove it.",
    ]);
    expect(expired[0]?.facts).toMatchObject({ ticket: "CHG-1234", matched: 1 });
  });

  it("are not judged unused when their rule could not be evaluated", async () => {
    const report = await run(
      "rules:\n  - {id: stale, type: stale-eligibility, within: P30D}\nexceptions:\n  - {rule: stale, principal: x, reason: y, expires: 2027-01-01}\n",
      tenant({
        completeness: {
          complete: false,
          gaps: [{ piece: "activationHistory", reason: "throttled", request: null, expected: false }],
        },
      }),
    );
    expect(report.findings).toEqual([]);
  });
});
