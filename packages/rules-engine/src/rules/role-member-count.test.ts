import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { active, assignment, group, tenant, user } from "../test-utils/tenant.js";

const policy =
  "rules:\n  - {id: ga-count, type: role-member-count, where: {roles: [Global Administrator]}, min: 2, max: 3}\n";

describe("role-member-count", () => {
  it("counts distinct holders, through groups, eligible and active alike", async () => {
    const report = await run(
      policy,
      tenant({
        principals: ["a", "b", "c", "d"].map((n) => user(n)).concat(group("Tier0", ["user-c", "user-d"])),
        assignments: [
          assignment("user-a", "Global Administrator"),
          active("user-a", "Global Administrator", { activeKind: "activated" }),
          assignment("user-b", "Global Administrator"),
          assignment("group-Tier0", "Global Administrator", { memberType: "group" }),
          assignment("user-c", "Global Administrator", { memberType: "inherited", viaGroupId: "group-Tier0" }),
          assignment("user-d", "Global Administrator", { memberType: "inherited", viaGroupId: "group-Tier0" }),
        ],
      }),
    );
    expect(found(report)).toEqual([
      [
        "Global Administrator",
        "Global Administrator has 4 distinct holders; the policy wants at least 2 and at most 3. Holders: a@contoso.com, b@contoso.com, c@contoso.com, d@contoso.com.",
      ],
    ]);
    expect(report.findings[0]?.facts).toEqual({ count: 4, min: 2, max: 3 });
  });

  it("does not count a deleted principal, whose schedules PIM keeps for a while", async () => {
    const gone = {
      ...user("gone"),
      userPrincipalName: null,
      displayName: null,
      type: "unknown" as const,
      deleted: true,
    };
    const report = await run(
      policy,
      tenant({
        principals: [user("a"), gone],
        assignments: [assignment("user-a", "Global Administrator"), assignment("user-gone", "Global Administrator")],
      }),
    );
    expect(report.findings[0]?.facts).toEqual({ count: 1, min: 2, max: 3 });
    expect(report.findings[0]?.message).toBe(
      "Global Administrator has 1 distinct holder; the policy wants at least 2 and at most 3. Holders: a@contoso.com.",
    );
  });

  it("flags a role with too few holders, even none", async () => {
    const report = await run(policy, tenant({ principals: [user("a")], assignments: [] }));
    expect(report.findings.map((f) => f.facts["count"])).toEqual([0]);
  });

  it("is quiet within bounds", async () => {
    const report = await run(
      policy,
      tenant({
        principals: [user("a"), user("b")],
        assignments: [assignment("user-a", "Global Administrator"), assignment("user-b", "Global Administrator")],
      }),
    );
    expect(report.findings).toEqual([]);
  });
});

describe("role-member-count without PIM for Groups", () => {
  it("is not evaluated, since holders through PIM groups would be missing from the count", async () => {
    const report = await run(
      policy,
      tenant({
        completeness: {
          complete: false,
          gaps: [{ piece: "pimForGroups", reason: "403", request: null, expected: false }],
        },
      }),
    );
    expect(report.notEvaluated.map((n) => [n.ruleId, n.missing])).toEqual([["ga-count", ["pimForGroups"]]]);
  });
});
