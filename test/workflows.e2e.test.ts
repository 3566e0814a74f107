// The three ways pim-audit is used, end to end through the built CLI: the admin's CSV and drift,
// policy review in pull requests (baseline, policy diff, config), monthly evidence.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { escapeControls, type FindingsReport, type Snapshot } from "@pim-audit/model";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { FIXED_AT, pimAudit, tempDir } from "./support/cli.js";
import { readJson, workspaceWithPolicies } from "./support/files.js";

let demo: string;
let snapshotFile: string;
let snapshot: Snapshot;

beforeAll(async () => {
  demo = tempDir();
  const result = await pimAudit([
    "run",
    "--demo",
    "--out",
    demo,
    "--at",
    FIXED_AT,
    "--fail-on",
    "never",
    "--csv-layout",
    "extended",
  ]);
  expect(result.code, result.stderr).toBe(0);
  snapshotFile = join(demo, "snapshot.json");
  snapshot = readJson<Snapshot>(snapshotFile);
});

describe("the admin-center CSV", () => {
  it("read back with --from gives the same assignments", async () => {
    const out = join(tempDir(), "from-csv.json");
    const result = await pimAudit(["collect", "--from", join(demo, "assignments.csv"), "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const fromCsv = readJson<Snapshot>(out);
    // The export shows control characters in names as a visible \uXXXX, so that is what a re-import reads.
    const shown = (name: string | null | undefined) => name && escapeControls(name, { keepWhitespace: true });
    const roleName = (s: Snapshot, id: string) => shown(s.roles.find((r) => r.id === id)?.displayName);
    const who = (s: Snapshot, id: string) => {
      const p = s.principals.find((x) => x.id === id);
      return shown(p?.userPrincipalName ?? p?.displayName);
    };
    const rows = (s: Snapshot) =>
      s.assignments
        .map((a) =>
          [
            a.state,
            roleName(s, a.roleId),
            who(s, a.principalId),
            a.memberType,
            a.start,
            a.end,
            a.directoryScopeId,
          ].join("|"),
        )
        .sort();
    expect(fromCsv.source.kind).toBe("export-csv");
    expect(rows(fromCsv)).toEqual(rows(snapshot));
  });

  it("evaluating the CSV reports the rules it cannot judge as not evaluated, never as passed", async () => {
    const out = tempDir();
    const result = await pimAudit([
      "evaluate",
      "--from",
      join(demo, "assignments.csv"),
      "--out",
      out,
      "--at",
      FIXED_AT,
      "--fail-on",
      "never",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = readJson<FindingsReport>(join(out, "findings.json"));
    expect(report.notEvaluated.map((n) => n.ruleId)).toContain("activation-mfa-and-justification");
    expect(report.findings.some((f) => f.ruleId === "activation-mfa-and-justification")).toBe(false);
  });
});

describe("drift between two snapshots", () => {
  it("names the assignment removed, the end date extended and the new privileged holder", async () => {
    const next = structuredClone(snapshot);
    const removed = next.assignments.findIndex((a) => a.principalId === principalId("lidia.holloway@contoso.com"));
    next.assignments.splice(removed, 1);
    const extended = next.assignments.find((a) => a.principalId === principalId("lee.gu@contoso.com"));
    if (!extended?.end) throw new Error("demo tenant changed: lee.gu has no time-bound eligibility");
    extended.end = "2027-12-31T00:00:00.000Z";
    const newcomer = next.assignments.find((a) => a.principalId === principalId("yara.haddad@contoso.com"));
    if (!newcomer) throw new Error("demo tenant changed: yara.haddad holds nothing");
    next.assignments.push({ ...newcomer, id: "drift-new-ga", roleId: globalAdminId() });
    const later = join(tempDir(), "later.json");
    writeFileSync(later, JSON.stringify(next));
    const out = tempDir();
    const result = await pimAudit(["drift", snapshotFile, later, "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const drift = readJson<{ summary: Record<string, number> }>(join(out, "drift.json"));
    expect(drift.summary).toMatchObject({ added: 1, removed: 1 });
    // Markdown escapes @ so that a pull-request comment mentions nobody.
    const md = readFileSync(join(out, "drift.md"), "utf8");
    expect(md).toContain("lidia.holloway\\@contoso.com");
    expect(md).toContain("lee.gu\\@contoso.com");
    expect(md).toContain("yara.haddad\\@contoso.com");
    expect(readFileSync(join(out, "drift.csv"), "utf8").split("\n").length).toBeGreaterThan(3);
  });
});

describe("adopting pim-audit on a tenant with findings", () => {
  it("gates only new findings once the current ones are a baseline", async () => {
    const dir = workspaceWithPolicies();
    const before = await pimAudit(
      ["evaluate", "--from", snapshotFile, "--out", "a", "--at", FIXED_AT, "--fail-on", "low"],
      {
        cwd: dir,
      },
    );
    expect(before.code).toBe(1);
    const adopted = await pimAudit(
      [
        "evaluate",
        "--from",
        snapshotFile,
        "--out",
        "b",
        "--at",
        FIXED_AT,
        "--fail-on",
        "low",
        "--baseline",
        "a/findings.json",
      ],
      { cwd: dir },
    );
    expect(adopted.code, adopted.stderr).toBe(0);
    const report = readJson<FindingsReport>(join(dir, "b", "findings.json"));
    expect(report.summary.totalOpen).toBe(0);
    expect(report.summary.baseline).toBeGreaterThan(0);
    // A new rule brings new findings, which the baseline does not hide.
    writeFileSync(
      join(dir, "policies", "extra.yaml"),
      [
        "apiVersion: pim-audit/v1",
        "kind: Policy",
        "metadata: {name: extra}",
        "rules:",
        "  - id: no-exchange-admins",
        "    type: forbidden-roles",
        "    severity: medium",
        "    forbid: [Exchange Administrator]",
        "",
      ].join("\n"),
    );
    const withNewRule = await pimAudit(
      [
        "evaluate",
        "--from",
        snapshotFile,
        "--policy",
        "baseline",
        "--policy",
        "policies/extra.yaml",
        "--out",
        "c",
        "--at",
        FIXED_AT,
        "--fail-on",
        "low",
        "--baseline",
        "a/findings.json",
      ],
      { cwd: dir },
    );
    expect(withNewRule.code).toBe(1);
    const soft = await pimAudit(
      [
        "evaluate",
        "--from",
        snapshotFile,
        "--policy",
        "policies/extra.yaml",
        "--out",
        "d",
        "--at",
        FIXED_AT,
        "--fail-on",
        "low",
        "--soft-fail",
      ],
      { cwd: dir },
    );
    expect(soft.code).toBe(0);
  });
});

describe("policy diff for a pull request", () => {
  it("reports the findings a change removes and the exception it adds, against a git base", async () => {
    const dir = workspaceWithPolicies();
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@example.com",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@example.com",
        },
      });
    git("init", "-q");
    git("add", "policies");
    git("commit", "-q", "-m", "base");
    const policyFile = join(dir, "policies", "baseline.yaml");
    const doc = parseDocument(readFileSync(policyFile, "utf8"));
    const exception = {
      rule: "no-guests-in-privileged-roles",
      principal: "jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com",
      reason: "Fabrikam consultant during the migration",
      ticket: "CHG-4242",
      expires: "2027-01-31",
    };
    if (doc.has("exceptions")) doc.addIn(["exceptions"], exception);
    else doc.set("exceptions", [exception]);
    writeFileSync(policyFile, doc.toString());
    const diffArgs = [
      "policy",
      "diff",
      "--base",
      "HEAD",
      "--policy",
      "policies/baseline.yaml",
      "--from",
      snapshotFile,
      "--at",
      FIXED_AT,
    ];
    const result = await pimAudit([...diffArgs, "--json"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const diff = JSON.parse(result.stdout) as {
      findingsAdded: unknown[];
      findingsSuppressed: { ruleId: string; subject: { principalName: string } }[];
      exceptions: { change: string; rule: string }[];
    };
    expect(diff.findingsAdded).toEqual([]);
    expect(diff.findingsSuppressed.map((f) => [f.ruleId, f.subject.principalName])).toEqual([
      ["no-guests-in-privileged-roles", "jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com"],
    ]);
    expect(diff.exceptions).toMatchObject([{ change: "added", rule: "no-guests-in-privileged-roles" }]);
    const md = await pimAudit(diffArgs, { cwd: dir });
    expect(md.stdout).toContain("### Findings this change suppresses");
    expect(md.stdout).toContain("Fabrikam consultant during the migration");
  });
});

describe("configuration precedence", () => {
  it("flag > environment > config file > default, as config show and the exit code tell", async () => {
    const dir = workspaceWithPolicies();
    writeFileSync(join(dir, "pim-audit.config.yaml"), "failOn: never\nout: from-config\n");
    const args = ["evaluate", "--from", snapshotFile, "--at", FIXED_AT];
    expect((await pimAudit(args, { cwd: dir })).code).toBe(0);
    expect(readdirSync(join(dir, "from-config"))).toContain("findings.json");
    const env = { PIM_AUDIT_FAIL_ON: "high" };
    expect((await pimAudit(args, { cwd: dir, env })).code).toBe(1);
    expect((await pimAudit([...args, "--fail-on", "never"], { cwd: dir, env })).code).toBe(0);
    const shown = await pimAudit(["config", "show", "--json"], {
      cwd: dir,
      env: { ...env, AZURE_CLIENT_SECRET: "s3cr3t-value" },
    });
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain("s3cr3t-value");
    const settings = (JSON.parse(shown.stdout) as { settings: { key: string; value: unknown; from: string }[] })
      .settings;
    expect(settings.find((s) => s.key === "failOn")).toMatchObject({ value: "high", from: "env" });
    expect(settings.find((s) => s.key === "out")).toMatchObject({ value: join(dir, "from-config"), from: "config" });
    expect(settings.find((s) => s.key === "cloud")).toMatchObject({ value: "global", from: "default" });
  });
});

describe("monthly evidence", () => {
  it("writes a signed bundle that verifies, catches tampering, and is never overwritten", async () => {
    const dir = tempDir();
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(join(dir, "key.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(join(dir, "key.pub.pem"), publicKey.export({ type: "spki", format: "pem" }));
    const run = [
      "run",
      "--demo",
      "--at",
      FIXED_AT,
      "--out",
      "reports",
      "--evidence",
      "evidence",
      "--sign-key",
      "key.pem",
      "--fail-on",
      "never",
    ];
    const first = await pimAudit(run, { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const [bundle] = readdirSync(join(dir, "evidence"));
    if (!bundle) throw new Error("no evidence bundle written");
    const path = join(dir, "evidence", bundle);
    const manifest = readFileSync(join(path, "manifest.json"), "utf8");
    expect(manifest).toContain("sha256");
    const verified = await pimAudit(["evidence", "verify", path, "--public-key", join(dir, "key.pub.pem")]);
    expect(verified.code, verified.stderr).toBe(0);
    const again = await pimAudit(run, { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(bundle);
    appendFileSync(join(path, "findings.md"), "\nNothing to see here.\n");
    const tampered = await pimAudit(["evidence", "verify", path]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain("findings.md");
  });
});

function principalId(upn: string): string {
  const p = snapshot.principals.find((x) => x.userPrincipalName === upn);
  if (!p) throw new Error(`demo tenant changed: no ${upn}`);
  return p.id;
}

function globalAdminId(): string {
  const role = snapshot.roles.find((r) => r.displayName === "Global Administrator");
  if (!role) throw new Error("no Global Administrator role");
  return role.id;
}
