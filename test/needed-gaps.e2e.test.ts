// Exit 3 only when something the run needs is missing: a gap no loaded rule needs is a warning, and a
// piece no loaded rule needs is not even asked of Graph.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXED_AT, pimAudit, repoRoot, tempDir } from "./support/cli.js";

const FIXTURES = join(repoRoot, "policies/fixtures");

let emulator: RunningEmulator;
let dir: string;

// Every read permission the README lists except AuditLog.Read.All: sign-in activity cannot be read.
const WITHOUT_AUDIT_LOG = [
  "RoleManagement.Read.Directory",
  "RoleEligibilitySchedule.Read.Directory",
  "RoleAssignmentSchedule.Read.Directory",
  "RoleManagementPolicy.Read.Directory",
  "PrivilegedEligibilitySchedule.Read.AzureADGroup",
  "PrivilegedAssignmentSchedule.Read.AzureADGroup",
  "User.Read.All",
  "GroupMember.Read.All",
  "Application.Read.All",
];

beforeAll(async () => {
  emulator = await startEmulator({ tenant: "demo", now: new Date(FIXED_AT) });
  dir = mkdtempSync(join(tmpdir(), "pim-audit-needed-"));
  writeFileSync(join(dir, "ca.pem"), emulator.caCertPem);
  writeFileSync(
    join(dir, "durations.yaml"),
    "apiVersion: pim-audit/v1\nkind: Policy\nmetadata: {name: durations}\nrules:\n  - {id: no-permanent-active, type: max-duration, severity: high, where: {state: active}, max: P365D}\n",
  );
  writeFileSync(
    join(dir, "dormant.yaml"),
    "apiVersion: pim-audit/v1\nkind: Policy\nmetadata: {name: dormant}\nrules:\n  - {id: dormant-admins, type: inactive-principal, severity: medium, within: P90D}\n",
  );
});

afterAll(async () => {
  await emulator?.stop();
});

/** The emulator as a tenant, through a token without AuditLog.Read.All. */
const graph = (command: "run" | "collect", args: string[]) =>
  pimAudit(
    [
      command,
      "--auth",
      "token",
      "--graph-endpoint",
      emulator.baseUrl,
      "--ca-file",
      join(dir, "ca.pem"),
      "--tenant",
      emulator.tenantId,
      ...args,
    ],
    { env: { PIM_AUDIT_ACCESS_TOKEN: emulator.mintToken({ roles: WITHOUT_AUDIT_LOG }) } },
  );

/** What run and evaluate share: the policy, the output folder, the time and the report-only threshold. */
const judged = (policy: string, out: string, extra: string[]) => [
  "--policy",
  join(dir, policy),
  "--out",
  out,
  "--at",
  FIXED_AT,
  "--fail-on",
  "never",
  ...extra,
];

const run = (policy: string, out: string, extra: string[] = []) => graph("run", judged(policy, out, extra));

interface ReportedGap {
  piece: string;
  needed: boolean;
  neededBy: string[];
  expected: boolean;
  skipped?: true;
}

describe("a gap only a rule that is not loaded needs", () => {
  // `collect` reads every piece: without AuditLog.Read.All its snapshot has a signInActivity gap (exit 3).
  let snapshotFile: string;
  beforeAll(async () => {
    snapshotFile = join(dir, "snapshot.json");
    const collected = await graph("collect", ["--out", snapshotFile]);
    expect(collected.code).toBe(3);
    expect(collected.stderr).toContain("signInActivity");
  });

  const evaluate = (policy: string, out: string, extra: string[] = []) =>
    pimAudit(["evaluate", "--from", snapshotFile, ...judged(policy, out, extra)]);

  it("is a warning in the summary and findings.json, and the run exits 0", async () => {
    const out = tempDir();
    const result = await evaluate("durations.yaml", out);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Warning, not needed by the loaded rules: .*signInActivity \(.*AuditLog\.Read\.All/);
    expect(result.stdout).not.toContain("Incomplete:");
    const findings = JSON.parse(readFileSync(join(out, "findings.json"), "utf8")) as {
      snapshot: { complete: boolean; gaps: ReportedGap[] };
    };
    expect(findings.snapshot.complete).toBe(true);
    const signIn = findings.snapshot.gaps.find((g) => g.piece === "signInActivity");
    expect(signIn).toMatchObject({ needed: false, neededBy: [], expected: false });
  });

  it("makes the run incomplete (exit 3, the rule named) when a loaded rule needs it", async () => {
    const out = tempDir();
    const result = await evaluate("dormant.yaml", out);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/signInActivity \(.*AuditLog\.Read\.All.*needed by dormant-admins\)/);
    const findings = JSON.parse(readFileSync(join(out, "findings.json"), "utf8")) as {
      snapshot: { complete: boolean; gaps: ReportedGap[] };
      notEvaluated: { ruleId: string }[];
    };
    expect(findings.snapshot.complete).toBe(false);
    expect(findings.snapshot.gaps.find((g) => g.piece === "signInActivity")?.neededBy).toEqual(["dormant-admins"]);
    expect(findings.notEvaluated.map((n) => n.ruleId)).toEqual(["dormant-admins"]);
  });

  it("is the same from run --json: the gap nobody needs listed, complete, exit 0", async () => {
    const json = await run("durations.yaml", tempDir(), ["--json"]);
    const parsed = JSON.parse(json.stdout) as { exitCode: number; complete: boolean; gaps: ReportedGap[] };
    expect(parsed.exitCode).toBe(0);
    expect(parsed.complete).toBe(true);
    // run asks only for what the policy needs: sign-ins are not read at all, and say so.
    expect(parsed.gaps.find((g) => g.piece === "signInActivity")).toMatchObject({ needed: false, skipped: true });
    const dormant = await run("dormant.yaml", tempDir(), ["--json"]);
    expect(dormant.code).toBe(3);
  });
});

describe("what the loaded policies do not need", () => {
  it("is not asked of Graph: no role settings, schedules or activation requests for a durations-only policy", async () => {
    const before = emulator.requestLog().length;
    const out = tempDir();
    const result = await run("durations.yaml", out);
    expect(result.code, result.stderr).toBe(0);
    const paths = emulator
      .requestLog()
      .slice(before)
      .map((r) => r.path);
    expect(paths.some((p) => p.includes("roleManagementPolicyAssignments"))).toBe(false);
    expect(paths.some((p) => p.includes("roleAssignmentScheduleRequests"))).toBe(false);
    expect(paths.some((p) => p.includes("roleEligibilitySchedules"))).toBe(false);
    expect(paths.some((p) => p.includes("roleEligibilityScheduleInstances"))).toBe(true);
    const snapshot = JSON.parse(readFileSync(join(out, "snapshot.json"), "utf8")) as {
      completeness: { gaps: { piece: string; reason: string }[] };
    };
    // The snapshot says what it left out, so evaluating it later with a policy that needs it cannot pass.
    expect(snapshot.completeness.gaps.find((g) => g.piece === "roleSettings")?.reason).toMatch(/^not collected/);
  });
});

describe("a snapshot whose complete flag disagrees with its gaps", () => {
  it("is judged by its gaps: complete: true with a role settings gap still exits 3 under a policy that needs it", async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, "incomplete-graph.json"), "utf8")) as {
      completeness: { complete: boolean };
    };
    fixture.completeness.complete = true;
    const file = join(dir, "says-complete.json");
    writeFileSync(file, JSON.stringify(fixture));
    const result = await pimAudit([
      "evaluate",
      "--from",
      file,
      "--policy",
      "baseline",
      "--at",
      FIXED_AT,
      "--out",
      tempDir(),
      "--fail-on",
      "never",
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the collection is incomplete: .*roleSettings/);
  });
});
