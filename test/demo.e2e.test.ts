// The walking skeleton: `pim-audit run --demo` end to end, through real HTTPS to the emulator.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoPayload } from "@pim-audit/graph-emulator";
import type { FindingsReport, Snapshot } from "@pim-audit/model";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, tempDir } from "./support/cli.js";
import { csvCell } from "./support/shown.js";

const HEADER = [
  "Assignment State",
  "User Group Name",
  "Role Name",
  "PrincipalName",
  "Member Type",
  "Assignment Start Time (UTC)",
  "Assignment End Time (UTC)",
];

/** `run --demo --at FIXED_AT --fail-on never` with one policy written for the test. */
async function runDemoWithPolicy(yaml: string, options: { failOnNever?: boolean } = {}) {
  const dir = tempDir();
  const policy = join(dir, "policy.yaml");
  writeFileSync(policy, yaml);
  const out = join(dir, "out");
  const failOn = options.failOnNever === false ? [] : ["--fail-on", "never"];
  const result = await pimAudit(["run", "--demo", "--policy", policy, "--out", out, "--at", FIXED_AT, ...failOn]);
  return { result, out };
}

describe("pim-audit run --demo", () => {
  let out: string;
  let result: Awaited<ReturnType<typeof pimAudit>>;
  let snapshot: Snapshot;
  let report: FindingsReport;

  beforeAll(async () => {
    out = join(tempDir(), "reports");
    result = await pimAudit(["run", "--demo", "--out", out, "--at", FIXED_AT, "--fail-on", "never"]);
    snapshot = JSON.parse(readFileSync(join(out, "snapshot.json"), "utf8"));
    report = JSON.parse(readFileSync(join(out, "findings.json"), "utf8"));
  });

  it("exits 0 with --fail-on never, summary on stdout, progress on stderr", () => {
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Tenant Contoso");
    expect(result.stdout).toMatch(/open findings? \(/);
    expect(result.stdout).toContain(`Reports in ${out}`);
    expect(result.stderr).toContain("roleEligibilityScheduleInstances: done");
  });

  it("collects a complete snapshot of the demo tenant at the --at time, leaving out only what no loaded rule needs", () => {
    expect(snapshot.completeness.complete).toBe(true);
    // The default policy has no inactive-principal rule: sign-in activity is not asked for (nor AuditLog.Read.All).
    expect(snapshot.completeness.gaps.map((g) => [g.piece, g.skipped])).toEqual([["signInActivity", true]]);
    expect(snapshot.collectedAt).toBe("2026-11-01T09:00:00.000Z");
    expect(snapshot.tenant.id).toBe("4a1c5e38-2f6b-4d7e-9c1a-0b3d5f7e9a21");
  });

  it("writes assignments.csv in the admin-center layout with every assignment once", () => {
    const rows: string[][] = parse(readFileSync(join(out, "assignments.csv"), "utf8"));
    expect(rows[0]).toEqual(HEADER);
    expect(rows.length - 1).toBe(snapshot.assignments.length);
    const byUpn = new Map(
      snapshot.principals.map((p) => [
        p.id,
        p.deleted ? `(deleted) ${p.id}` : csvCell(p.userPrincipalName ?? p.displayName ?? ""),
      ]),
    );
    const expected = snapshot.assignments.map((a) => `${a.state}|${byUpn.get(a.principalId)}|${a.memberType}`).sort();
    const actual = rows
      .slice(1)
      .map((r) => `${r[0]?.toLowerCase()}|${r[3]}|${r[4]?.toLowerCase()}`)
      .sort();
    expect(actual).toEqual(expected);
    const bg01 = rows.find((r) => r[3] === "bg-01@contoso.com" && r[2] === "Global Administrator");
    expect(bg01?.[0]).toBe("Active");
    expect(bg01?.[6]).toBe("Permanent");
  });

  it("holds the findings the demo tenant was built to trigger", () => {
    const open = report.findings.filter((f) => f.status === "open");
    const has = (ruleId: string, principal: string | null, role?: string) =>
      open.some(
        (f) =>
          f.ruleId === ruleId &&
          (principal === null || f.subject.principalName === principal) &&
          (role === undefined || f.subject.roleName === role),
      );
    // A permanent active Global Administrator who is not a break-glass account.
    expect(has("no-permanent-active-privileged", "isaiah.langer@contoso.com", "Global Administrator")).toBe(true);
    // Break-glass accounts are excluded by the pack's $breakGlass set.
    expect(
      open.some(
        (f) => f.ruleId === "no-permanent-active-privileged" && f.subject.principalName === "bg-01@contoso.com",
      ),
    ).toBe(false);
    // A guest holding a privileged role.
    expect(has("no-guests-in-privileged-roles", "jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com")).toBe(true);
    // A permanent eligibility on a privileged role is longer than the pack's maximum.
    expect(has("bounded-eligible-privileged", "megan.bowen@contoso.com", "Global Administrator")).toBe(true);
    // An eligibility never activated.
    expect(has("no-stale-eligibility", "nestor.wilke@contoso.com", "Global Administrator")).toBe(true);
    // Role settings: Security Administrator activation without MFA.
    expect(has("activation-mfa-and-justification", null, "Security Administrator")).toBe(true);
  });
});

describe("deleted principals and custom roles on the demo tenant", () => {
  it("marks a deleted principal, leaves it out of holder counts, shows it as deleted; names a custom role's privileged actions", async () => {
    const { result, out } = await runDemoWithPolicy(
      [
        "apiVersion: pim-audit/v1",
        "kind: Policy",
        "metadata: {name: privileged}",
        "rules:",
        "  - {id: ga-count, type: role-member-count, severity: high, where: {roles: [Global Administrator]}, max: 1}",
        "  - {id: short-privileged, type: max-duration, severity: high, where: {roles: {privileged: true}}, max: P30D}",
        "",
      ].join("\n"),
    );
    expect(result.code, result.stderr).toBe(0);
    const snap: Snapshot = JSON.parse(readFileSync(join(out, "snapshot.json"), "utf8"));
    const deleted = snap.principals.filter((p) => p.deleted);
    expect(deleted).toHaveLength(1);
    const goneId = deleted[0]!.id;
    const rows: string[][] = parse(readFileSync(join(out, "assignments.csv"), "utf8"));
    expect(rows.filter((r) => r[1] === `(deleted) ${goneId}`).map((r) => [r[0], r[2]])).toEqual([
      ["Eligible", "Global Administrator"],
    ]);
    const findings: FindingsReport = JSON.parse(readFileSync(join(out, "findings.json"), "utf8"));
    const count = findings.findings.find((f) => f.ruleId === "ga-count");
    expect(count?.facts["count"]).toBe(6);
    expect(count?.message).not.toContain(goneId);
    const tier2 = findings.findings.find(
      (f) => f.ruleId === "short-privileged" && f.subject.roleName === demoPayload("role:Contoso Tier 2 Support"),
    );
    expect(tier2?.facts["privilegedActions"]).toBe(
      "microsoft.directory/users/invalidateAllRefreshTokens microsoft.directory/users/password/update",
    );
    const gone = findings.findings.find((f) => f.ruleId === "short-privileged" && f.subject.principalId === goneId);
    expect(gone?.subject.principalName).toBe(`deleted principal ${goneId}`);
  });
});

describe("stale-eligibility within the 30 days the audit log keeps", () => {
  it("flags eligibilities nobody used, and counts a PIM for Groups member's activation of the group", async () => {
    const { result, out } = await runDemoWithPolicy(
      [
        "apiVersion: pim-audit/v1",
        "kind: Policy",
        "metadata: {name: stale}",
        "rules:",
        "  - {id: stale, type: stale-eligibility, severity: low, within: P30D}",
        "",
      ].join("\n"),
      { failOnNever: false },
    );
    expect(result.code, result.stderr).toBe(0);
    const report: FindingsReport = JSON.parse(readFileSync(join(out, "findings.json"), "utf8"));
    expect(report.notEvaluated).toEqual([]);
    const stale = new Set(report.findings.map((f) => `${f.subject.principalName}|${f.subject.roleName}`));
    expect(stale).toContain("nestor.wilke@contoso.com|Global Administrator");
    // Both are eligible members of the PIM group that holds Privileged Role Administrator; Irvin activated it.
    expect(stale).toContain("henrietta.mueller@contoso.com|Privileged Role Administrator");
    expect(stale).not.toContain("irvin.sayers@contoso.com|Privileged Role Administrator");
    // Activated directly within the 30 days.
    expect(stale).not.toContain("adele.vance@contoso.com|Global Administrator");
  });
});

describe("PIM settings through PIM for Groups and authentication contexts (demo tenant)", () => {
  it("judges PIM for Groups holders by the group's policy and takes an authentication context as MFA", async () => {
    const { result, out } = await runDemoWithPolicy(`apiVersion: pim-audit/v1
kind: Policy
metadata: {name: settings}
rules:
  - id: mfa
    type: role-setting
    severity: high
    roles: [Exchange Administrator, Security Administrator, Privileged Role Administrator]
    require: {activationMfa: true}
  - id: context
    type: role-setting
    severity: medium
    roles: [Exchange Administrator, Security Administrator]
    require: {activationAuthenticationContext: c1}
`);
    expect(result.code, result.stderr).toBe(0);
    const snapshot: Snapshot = JSON.parse(readFileSync(join(out, "snapshot.json"), "utf8"));
    const report: FindingsReport = JSON.parse(readFileSync(join(out, "findings.json"), "utf8"));
    const pimGroup = snapshot.principals.find((p) => p.displayName === "PIM Privileged Role Admins")!;
    expect(
      snapshot.groupSettings.filter((s) => s.groupId === pimGroup.id).map((s) => [s.accessId, s.activation.requireMfa]),
    ).toEqual([
      ["member", false],
      ["owner", true],
    ]);
    expect(report.findings.map((f) => [f.ruleId, f.subject.principalName ?? f.subject.roleName, f.message])).toEqual([
      ["mfa", "Security Administrator", "PIM settings of Security Administrator: activation does not require MFA."],
      [
        "mfa",
        "PIM Privileged Role Admins",
        "PIM for Groups settings of group PIM Privileged Role Admins, through which members and owners hold Privileged Role Administrator: member: activation does not require MFA.",
      ],
      [
        "context",
        "Security Administrator",
        "PIM settings of Security Administrator: activation does not require authentication context c1.",
      ],
    ]);
  });
});

describe("exit codes", () => {
  it("exits 1 when an open finding is at or above --fail-on", async () => {
    const out = join(tempDir(), "reports");
    const result = await pimAudit(["run", "--demo", "--out", out, "--at", FIXED_AT, "--fail-on", "high"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/exit 1: \d+ open findings? at or above high/);
  });

  it("exits 2 on a broken policy file, naming its line and column, before collecting", async () => {
    const dir = tempDir();
    const policy = join(dir, "broken.yaml");
    writeFileSync(
      policy,
      [
        "apiVersion: pim-audit/v1",
        "kind: Policy",
        "metadata: {name: broken}",
        "rules:",
        "  - id: too-long",
        "    type: max-duration",
        "    severity: high",
        "    maxx: P30D",
        "",
      ].join("\n"),
    );
    const result = await pimAudit(["run", "--demo", "--out", join(dir, "out"), "--policy", policy]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${policy}:8:5`);
    expect(result.stderr).toContain("maxx");
    expect(result.stderr).not.toContain("collecting");
  });
});

describe("inactive-principal on the demo tenant", () => {
  it("reports the password-sprayed admin by his last successful sign-in, not today's failed attempts", async () => {
    const { result, out } = await runDemoWithPolicy(
      [
        "apiVersion: pim-audit/v1",
        "kind: Policy",
        "metadata: {name: inactive}",
        "rules:",
        "  - {id: inactive, type: inactive-principal, severity: high, within: P90D}",
        "",
      ].join("\n"),
    );
    expect(result.code, result.stderr).toBe(0);
    const report: FindingsReport = JSON.parse(readFileSync(join(out, "findings.json"), "utf8"));
    const diego = report.findings.filter((f) => f.message.includes("diego.siciliani@contoso.com"));
    expect(diego).toHaveLength(1);
    expect(diego[0]?.message).toContain("(last successful sign-in: 2026-06-04T09:09:00.000Z)");
    expect(diego[0]?.facts).toMatchObject({
      signInBasis: "successful",
      lastSignInAttempt: "2026-11-01T08:24:00.000Z",
    });
  });
});

describe("the CISA SCuBA pack on the demo tenant", () => {
  it("finds what the controls it can judge should find, and holds where the demo complies", async () => {
    const out = join(tempDir(), "reports");
    const result = await pimAudit([
      "run",
      "--demo",
      "--policy",
      "cisa-scuba",
      "--out",
      out,
      "--at",
      FIXED_AT,
      "--fail-on",
      "never",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report: FindingsReport = JSON.parse(readFileSync(join(out, "findings.json"), "utf8"));
    const open = report.findings.filter((f) => f.status === "open");
    const principals = (ruleId: string) => open.filter((f) => f.ruleId === ruleId).map((f) => f.subject.principalName);
    // 7.4: permanent active Global Administrator who is not break-glass.
    expect(principals("MS.AAD.7.4v1")).toContain("isaiah.langer@contoso.com");
    expect(principals("MS.AAD.7.4v1")).not.toContain("bg-01@contoso.com");
    // 7.5: an active ownership of the group that holds Privileged Role Administrator, made outside PIM.
    expect(principals("MS.AAD.7.5v1")).toContain("megan.bowen@contoso.com");
    // 7.3: an on-premises synced account holding Exchange Administrator, one of the eight listed roles.
    expect(principals("MS.AAD.7.3v1")).toContain("lee.gu@contoso.com");
    // 7.1 and 7.6 hold on the demo: six Global Administrators, approval required for GA activation.
    expect(principals("MS.AAD.7.1v1")).toEqual([]);
    expect(principals("MS.AAD.7.6v1")).toEqual([]);
    expect(report.notEvaluated).toEqual([]);
  });
});

describe("pim-audit report", () => {
  it("renders other formats from a snapshot and its findings without collecting again", async () => {
    const dir = tempDir();
    const first = await pimAudit(["run", "--demo", "--out", join(dir, "a"), "--at", FIXED_AT, "--fail-on", "never"]);
    expect(first.code, first.stderr).toBe(0);
    const result = await pimAudit([
      "report",
      "--from",
      join(dir, "a", "snapshot.json"),
      "--findings",
      join(dir, "a", "findings.json"),
      "--format",
      "sarif,junit",
      "--out",
      join(dir, "b"),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const sarif = JSON.parse(readFileSync(join(dir, "b", "findings.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    const findings: FindingsReport = JSON.parse(readFileSync(join(dir, "a", "findings.json"), "utf8"));
    expect(sarif.runs[0].results.length).toBe(findings.findings.length);
    expect(readFileSync(join(dir, "b", "findings.xml"), "utf8")).toContain("<testsuites");
    const broken = await pimAudit([
      "report",
      "--from",
      join(dir, "a", "snapshot.json"),
      "--findings",
      join(dir, "a", "assignments.csv"),
      "--out",
      join(dir, "c"),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("--findings");
  });
});
