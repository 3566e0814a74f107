import { compareNullable, compareStrings, type Finding, severityRank, validateFindingsReport } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { largeTenant } from "../test-utils/large-tenant.js";
import { policyFrom } from "../test-utils/policy-files.js";
import { run } from "../test-utils/run.js";
import { AT, active, assignment, group, tenant, user } from "../test-utils/tenant.js";
import { evaluate } from "./evaluate.js";

const options = { at: AT, toolVersion: "1.2.3" };

const people = [user("alice"), user("bob"), user("bg-01"), user("helen"), user("pat")];

describe("the report", () => {
  it("is valid against the findings schema and fills every field", async () => {
    const policies = await policyFrom("rules:\n  - {id: short, type: max-duration, max: P1D}\n");
    const snapshot = tenant({ principals: people, assignments: [assignment("user-alice", "Global Administrator")] });
    const report = evaluate(snapshot, policies, options);
    expect(validateFindingsReport(report)).toMatchObject({ ok: true });
    expect(report.evaluatedAt).toBe("2026-11-27T12:00:00.000Z");
    expect(report.tool).toEqual({ name: "pim-audit", version: "1.2.3" });
    expect(report.policies[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.rules[0]).toMatchObject({ ruleId: "short", open: 1, evaluated: true });
    expect(report.snapshot).toMatchObject({ tenantId: "tenant-contoso", complete: true, assignments: 1 });
  });

  it("is the same whatever order the snapshot lists arrived in, with stable fingerprints", async () => {
    const policies = await policyFrom("rules:\n  - {id: short, type: max-duration, max: P1D}\n");
    const assignments = people.map((p) => assignment(p.id, "Global Administrator"));
    const a = evaluate(tenant({ principals: people, assignments }), policies, options);
    const b = evaluate(
      tenant({ principals: [...people].reverse(), assignments: [...assignments].reverse() }),
      policies,
      options,
    );
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.findings.map((f) => f.subject.principalName)).toEqual(
      [...a.findings.map((f) => f.subject.principalName)].sort(),
    );
    expect(new Set(a.findings.map((f) => f.fingerprint)).size).toBe(people.length);
  });

  it("marks findings whose fingerprint is in the baseline", async () => {
    const policies = await policyFrom("rules:\n  - {id: short, type: max-duration, max: P1D}\n");
    const snapshot = tenant({
      principals: people,
      assignments: [assignment("user-alice", "Global Administrator"), assignment("user-bob", "Global Administrator")],
    });
    const first = evaluate(snapshot, policies, options);
    const accepted = new Set([first.findings[0]!.fingerprint]);
    const second = evaluate(snapshot, policies, { ...options, baseline: accepted });
    expect(second.findings.map((f) => f.status)).toEqual(["baseline", "open"]);
    expect(second.summary).toMatchObject({ totalOpen: 1, baseline: 1 });
  });
});

describe("the order of findings", () => {
  // The documented order, compared field by field.
  const documented = (a: Finding, b: Finding) =>
    severityRank(b.severity) - severityRank(a.severity) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareNullable(a.subject.principalName, b.subject.principalName) ||
    compareNullable(a.subject.roleName, b.subject.roleName) ||
    compareNullable(a.subject.directoryScopeId, b.subject.directoryScopeId) ||
    compareNullable(a.subject.state, b.subject.state) ||
    compareNullable(a.subject.assignmentId, b.subject.assignmentId) ||
    compareStrings(a.fingerprint, b.fingerprint);

  it("is severity, rule, principal, role, scope, state, assignment, fingerprint, with null first", async () => {
    const principals = [user("zoe"), user("Zed"), user("alice"), user("\u00e9lise"), user("bob")];
    const assignments = [
      ...principals.map((p) => assignment(p.id, "Global Administrator")),
      assignment("user-alice", "User Administrator"),
      assignment("user-alice", "Global Administrator", { directoryScopeId: "/administrativeUnits/au-1" }),
      active("user-alice", "Global Administrator", { directoryScopeId: "/administrativeUnits/au-1" }),
      // The same principal, role, scope and state twice: the assignment id decides.
      active("user-alice", "Global Administrator", { directoryScopeId: "/administrativeUnits/au-1" }),
      assignment("user-bob", "Helpdesk Administrator", { directoryScopeId: "/administrativeUnits/au-0" }),
      assignment("user-zoe", "Helpdesk Administrator"),
    ];
    const report = await run(
      `rules:
  - {id: long, type: max-duration, severity: low, max: P1D}
  - {id: admins, type: forbidden-roles, severity: high, forbid: [Global Administrator, Helpdesk Administrator]}
  - {id: count, type: role-member-count, severity: high, max: 1}
exceptions:
  - {rule: long, principal: nobody@contoso.com, reason: unused, expires: 2027-01-01}
  - {rule: long, role: Security Reader, reason: unused, expires: 2027-01-01}
  - {rule: admins, principal: nobody@contoso.com, role: Global Administrator, reason: unused, expires: 2027-01-01}
`,
      tenant({ principals, assignments: [...assignments].reverse() }),
    );
    expect(report.findings.length).toBe(26);
    const identity = (f: Finding) => `${f.fingerprint} ${f.subject.assignmentId}`;
    expect(report.findings.map(identity)).toEqual([...report.findings].sort(documented).map(identity));
    expect(report.findings.filter((f) => f.ruleId === "admins").map((f) => f.subject.principalName)).toEqual([
      "Zed@contoso.com",
      "alice@contoso.com",
      "alice@contoso.com",
      "alice@contoso.com",
      "alice@contoso.com",
      "bob@contoso.com",
      "bob@contoso.com",
      "zoe@contoso.com",
      "zoe@contoso.com",
      "\u00e9lise@contoso.com",
    ]);
    expect(report.findings.filter((f) => f.ruleId === "exception-unused").map((f) => f.subject.principalName)).toEqual([
      null,
      "nobody@contoso.com",
      "nobody@contoso.com",
    ]);
  });
});

describe("missing data is never a pass", () => {
  const stale =
    "rules:\n  - {id: stale, type: stale-eligibility, within: P90D}\n  - {id: long, type: max-duration, max: P1D}\n";

  it("reports a rule whose data is in a gap as not evaluated, with the reason", async () => {
    const snapshot = tenant({
      principals: people,
      assignments: [assignment("user-alice", "Global Administrator")],
      completeness: {
        complete: false,
        gaps: [
          {
            piece: "activationHistory",
            reason: "403 on roleAssignmentScheduleRequests",
            request: "GET /x",
            expected: false,
          },
        ],
      },
    });
    const report = evaluate(snapshot, await policyFrom(stale), options);
    expect(report.notEvaluated).toEqual([expect.objectContaining({ ruleId: "stale", missing: ["activationHistory"] })]);
    expect(report.notEvaluated[0]?.reason).toContain("403 on roleAssignmentScheduleRequests");
    expect(report.rules.map((r) => [r.ruleId, r.evaluated])).toEqual([
      ["stale", false],
      ["long", true],
    ]);
    expect(report.snapshot.complete).toBe(false);
    expect(report.summary.notEvaluated).toBe(1);
  });

  it("takes what a source cannot hold from the gaps the source set, not from the kind of source", async () => {
    const expectedGap = (piece: "activationHistory" | "ids") => ({
      piece,
      reason: `The admin-center export holds no ${piece}.`,
      request: "export.csv",
      expected: true,
    });
    const csv = (gaps: ReturnType<typeof expectedGap>[]) =>
      tenant({
        principals: people,
        assignments: [assignment("user-alice", "Global Administrator", { directoryScopeId: "/" })],
        source: { kind: "export-csv", endpoint: "export.csv", toolVersion: "0" },
        completeness: { complete: true, gaps },
      });
    const policy = await policyFrom(
      `${stale}  - {id: scoped, type: scope, where: {roles: [Global Administrator]}, allowedScopes: ["/administrativeUnits/*"]}\n`,
    );
    const plain = evaluate(csv([expectedGap("activationHistory"), expectedGap("ids")]), policy, options);
    expect(plain.notEvaluated.map((n) => n.ruleId)).toEqual(["scoped", "stale"]);
    expect(plain.notEvaluated[1]?.reason).toContain("The admin-center export holds no activationHistory.");
    expect(plain.findings.map((f) => f.ruleId)).toEqual(["long"]);
    // An extended export carries ids: no ids gap, so its scope rules are judged.
    const extended = evaluate(csv([expectedGap("activationHistory")]), policy, options);
    expect(extended.notEvaluated.map((n) => n.ruleId)).toEqual(["stale"]);
    expect(extended.findings.map((f) => f.ruleId).sort()).toEqual(["long", "scoped"]);
    // What the source never holds does not make the run incomplete.
    expect(extended.snapshot.complete).toBe(true);
  });

  it("calls a gap needed only when a loaded rule or the export needs it, and names who", async () => {
    const gap = (piece: "signInActivity" | "activationHistory") => ({
      piece,
      reason: "403",
      request: "GET /x",
      expected: false,
    });
    const snapshot = tenant({
      principals: people,
      assignments: [assignment("user-alice", "Global Administrator")],
      completeness: { complete: false, gaps: [gap("activationHistory"), gap("signInActivity")] },
    });
    const report = evaluate(snapshot, await policyFrom(stale), options);
    expect(report.snapshot.gaps.map((g) => [g.piece, g.needed, g.neededBy])).toEqual([
      ["activationHistory", true, ["stale"]],
      ["signInActivity", false, []],
    ]);
    expect(report.snapshot.complete).toBe(false);
    const onlyDurations = evaluate(
      snapshot,
      await policyFrom("rules:\n  - {id: long, type: max-duration, max: P1D}\n"),
      options,
    );
    expect(onlyDurations.snapshot.gaps.every((g) => g.needed === false)).toBe(true);
    expect(onlyDurations.snapshot.complete).toBe(true);
  });

  it("does not judge staleness further back than the activation history reaches", async () => {
    const snapshot = tenant({ principals: people, activityDays: 30 });
    const report = evaluate(snapshot, await policyFrom(stale), options);
    expect(report.notEvaluated[0]?.reason).toContain("reaches back 30 days");
  });

  it("does not let a misspelt group, principal or custom role quietly select nothing", async () => {
    const report = await run(
      `rules:
  - {id: helpdesk, type: allowed-roles, where: {principals: {memberOf: [Helpdesk Tem]}}, allow: [Helpdesk Administrator]}
  - {id: alice, type: max-duration, where: {principals: [alice@contso.com, bob@contoso.com]}, max: P1D}
  - {id: tier2, type: forbidden-roles, forbid: {customRoles: [Contoso Tier 2 Support]}}
  - {id: fine, type: max-duration, where: {principals: ["*@contoso.com"]}, unless: {principals: [nobody@contoso.com]}, max: P1D}
`,
      tenant({ principals: [...people, group("Helpdesk Team", [])] }),
    );
    expect(report.notEvaluated.map((n) => [n.ruleId, n.reason.split(":")[0]])).toEqual([
      ["alice", "principal 'alice@contso.com' is not in the snapshot"],
      ["helpdesk", "group 'Helpdesk Tem' (memberOf) is not in the snapshot"],
      ["tier2", "custom role 'Contoso Tier 2 Support' is not in the snapshot"],
    ]);
    expect(report.rules.find((r) => r.ruleId === "fine")?.evaluated).toBe(true);
  });
});

describe("a tenant and a policy far larger than the call stack", () => {
  it("reports every finding and every unused exception (no list is spread into a call's arguments)", async () => {
    const [policy] = await policyFrom(
      "rules:\n  - {id: long, type: max-duration, max: P1D}\n  - {id: quiet, type: max-duration, where: {origin: pimGroupOwner}, max: P1D}\n",
    );
    const unused = 150_000;
    const exceptions = Array.from({ length: unused }, (_, i) => ({
      rule: "quiet",
      principal: `nobody${i}@contoso.com`,
      role: null,
      scope: null,
      reason: "kept for the test",
      expires: "2027-01-31",
      ticket: null,
      owner: null,
      location: policy!.rules[1]!.location,
    }));
    const snapshot = largeTenant(150_000);
    const report = evaluate(snapshot, [{ ...policy!, exceptions }], options);
    const count = (ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId).length;
    expect(count("long")).toBe(snapshot.assignments.length);
    expect(count("exception-unused")).toBe(unused);
    expect(report.summary.totalOpen).toBe(snapshot.assignments.length + unused);
  }, 180_000); // 300,000 items on a loaded 2-core CI machine take longer than the default 30 s
});

describe("custom roles and deleted principals", () => {
  const tier2 = {
    id: "custom-tier2",
    templateId: "custom-tier2",
    displayName: "Contoso Tier 2 Support",
    isBuiltIn: false,
    privileged: true,
    privilegedActions: ["microsoft.directory/users/password/update"],
  };
  const withTier2 = (parts: Parameters<typeof tenant>[0]) => {
    const snapshot = tenant(parts);
    return { ...snapshot, roles: [...snapshot.roles, tier2] };
  };

  it("a rule on privileged roles selects a custom role made privileged by its actions, and names them", async () => {
    const report = await run(
      "rules:\n  - {id: no-perm, type: max-duration, where: {roles: {privileged: true}}, max: P30D}\n",
      withTier2({
        principals: [user("ben")],
        assignments: [assignment("user-ben", "Global Administrator", { roleId: "custom-tier2", end: null })],
      }),
    );
    expect(report.findings.map((f) => [f.subject.roleName, f.facts["privilegedActions"]])).toEqual([
      ["Contoso Tier 2 Support", "microsoft.directory/users/password/update"],
    ]);
  });

  it("names a deleted principal as such in subjects and messages", async () => {
    const gone = user("gone", { userPrincipalName: null, displayName: null, type: "unknown", deleted: true });
    const report = await run(
      "rules:\n  - {id: no-perm, type: max-duration, where: {roles: [Global Administrator]}, max: P30D}\n",
      tenant({ principals: [gone], assignments: [assignment("user-gone", "Global Administrator", { end: null })] }),
    );
    expect(report.findings.map((f) => f.subject.principalName)).toEqual(["deleted principal user-gone"]);
    expect(report.findings[0]?.message).toMatch(/^deleted principal user-gone holds Global Administrator/);
  });
});
