import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluate/evaluate.js";
import { policyFrom } from "../test-utils/policy-files.js";
import { AT, active, assignment, tenant, user } from "../test-utils/tenant.js";

const options = { at: AT, toolVersion: "1.2.3" };
const people = [user("alice"), user("bob"), user("bg-01"), user("helen"), user("pat")];

describe("max-duration", () => {
  const policy = () =>
    policyFrom(`sets:
  breakGlass: {principals: [bg-*@contoso.com]}
rules:
  - id: no-permanent-active
    type: max-duration
    severity: high
    where: {state: active, roles: {privileged: true}}
    max: P30D
    unless: $breakGlass
`);

  it("flags permanent and too-long active privileged assignments, but not break-glass or short ones", async () => {
    const snapshot = tenant({
      principals: people,
      assignments: [
        active("user-alice", "Global Administrator"),
        active("user-bob", "Global Administrator", { start: "2026-11-01T00:00:00Z", end: "2027-01-01T00:00:00Z" }),
        active("user-helen", "Global Administrator", { start: "2026-11-01T00:00:00Z", end: "2026-11-30T00:00:00Z" }),
        active("user-bg-01", "Global Administrator"),
        active("user-pat", "Message Center Reader"),
        assignment("user-pat", "Global Administrator"),
      ],
    });
    const report = evaluate(snapshot, await policy(), options);
    expect(report.findings.map((f) => [f.ruleId, f.subject.principalName, f.facts["permanent"]])).toEqual([
      ["no-permanent-active", "alice@contoso.com", true],
      ["no-permanent-active", "bob@contoso.com", false],
    ]);
    const [alice] = report.findings;
    expect(alice?.message).toBe(
      "alice@contoso.com holds Global Administrator (active, assigned, permanent); at most 30 days is allowed.",
    );
    expect(alice?.severity).toBe("high");
    expect(alice?.location).toMatchObject({ line: 8, column: 5 });
    expect(report.summary.open.high).toBe(2);
  });

  it("uses calendar-correct months: P1M from 31 January ends on 28 February", async () => {
    const [policy] = await policyFrom("rules:\n  - {id: a-month, type: max-duration, max: P1M}\n");
    const within = active("user-alice", "Global Administrator", {
      start: "2027-01-31T00:00:00Z",
      end: "2027-02-28T00:00:00Z",
    });
    const beyond = active("user-bob", "Global Administrator", {
      start: "2027-01-31T00:00:00Z",
      end: "2027-03-01T00:00:00Z",
    });
    const report = evaluate(tenant({ principals: people, assignments: [within, beyond] }), [policy!], options);
    expect(report.findings.map((f) => f.subject.principalName)).toEqual(["bob@contoso.com"]);
  });
});
