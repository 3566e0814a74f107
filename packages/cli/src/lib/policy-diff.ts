// What a policy change does to the findings on one snapshot: the review a pull request needs.
import type { Finding, FindingsReport } from "@pim-audit/model";
import type { LoadedException, LoadedPolicy, LoadedRule } from "@pim-audit/rules-engine";

export interface ExceptionChange {
  change: "added" | "removed" | "extended" | "shortened" | "expired";
  rule: string;
  principal: string | null;
  role: string | null;
  scope: string | null;
  baseExpires: string | null;
  headExpires: string | null;
  reason: string;
  location: string;
}

export interface RuleChange {
  change: "added" | "removed" | "changed";
  ruleId: string;
  type: string;
  severity: string;
  location: string;
}

export interface PolicyDiff {
  at: string;
  snapshot: { tenantId: string; collectedAt: string };
  findingsAdded: Finding[];
  findingsRemoved: Finding[];
  /** Open on the base, suppressed by an exception on the head. */
  findingsSuppressed: Finding[];
  exceptions: ExceptionChange[];
  rules: RuleChange[];
}

const isOpen = (f: Finding) => f.status !== "suppressed";
const key = (f: Finding) => `${f.ruleId}\u0000${f.fingerprint}`;
const where = (l: { file: string; line: number }) => `${l.file}:${l.line}`;

export function diffPolicies(
  base: { policies: LoadedPolicy[]; report: FindingsReport },
  head: { policies: LoadedPolicy[]; report: FindingsReport },
  at: Date,
): PolicyDiff {
  const baseOpen = new Map(base.report.findings.filter(isOpen).map((f) => [key(f), f]));
  const headOpen = new Map(head.report.findings.filter(isOpen).map((f) => [key(f), f]));
  const headSuppressed = new Map(head.report.findings.filter((f) => !isOpen(f)).map((f) => [key(f), f]));
  const findingsAdded = [...headOpen.values()].filter((f) => !baseOpen.has(key(f)));
  const gone = [...baseOpen.values()].filter((f) => !headOpen.has(key(f)));
  const findingsSuppressed = gone.filter((f) => headSuppressed.has(key(f))).map((f) => headSuppressed.get(key(f)) ?? f);
  const findingsRemoved = gone.filter((f) => !headSuppressed.has(key(f)));
  return {
    at: at.toISOString(),
    snapshot: { tenantId: head.report.snapshot.tenantId, collectedAt: head.report.snapshot.collectedAt },
    findingsAdded,
    findingsRemoved,
    findingsSuppressed,
    exceptions: diffExceptions(
      base.policies.flatMap((p) => p.exceptions),
      head.policies.flatMap((p) => p.exceptions),
      at,
    ),
    rules: diffRules(
      base.policies.flatMap((p) => p.rules),
      head.policies.flatMap((p) => p.rules),
    ),
  };
}

function exceptionKey(e: LoadedException): string {
  return [e.rule, e.principal ?? "*", e.role ?? "*", e.scope ?? "*"].join("\u0000");
}

function expiryTime(expires: string): number {
  // A bare date is valid through that whole day (UTC), as the engine reads it.
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? Date.parse(`${expires}T23:59:59.999Z`) : Date.parse(expires);
}

function diffExceptions(base: LoadedException[], head: LoadedException[], at: Date): ExceptionChange[] {
  const baseByKey = new Map(base.map((e) => [exceptionKey(e), e]));
  const headByKey = new Map(head.map((e) => [exceptionKey(e), e]));
  const changes: ExceptionChange[] = [];
  const entry = (change: ExceptionChange["change"], b: LoadedException | undefined, h: LoadedException | undefined) => {
    const e = (h ?? b) as LoadedException;
    changes.push({
      change,
      rule: e.rule,
      principal: e.principal,
      role: e.role,
      scope: e.scope,
      baseExpires: b?.expires ?? null,
      headExpires: h?.expires ?? null,
      reason: e.reason,
      location: where(e.location),
    });
  };
  for (const [k, h] of headByKey) {
    const b = baseByKey.get(k);
    const expired = expiryTime(h.expires) < at.getTime();
    if (!b) entry(expired ? "expired" : "added", undefined, h);
    else if (expiryTime(h.expires) > expiryTime(b.expires)) entry("extended", b, h);
    else if (expiryTime(h.expires) < expiryTime(b.expires)) entry(expired ? "expired" : "shortened", b, h);
    else if (expired && expiryTime(b.expires) >= at.getTime()) entry("expired", b, h);
  }
  for (const [k, b] of baseByKey) if (!headByKey.has(k)) entry("removed", b, undefined);
  return changes.sort(
    (a, b) => a.rule.localeCompare(b.rule) || a.change.localeCompare(b.change) || a.location.localeCompare(b.location),
  );
}

function ruleShape(r: LoadedRule): string {
  return JSON.stringify({ type: r.type, severity: r.severity, where: r.where, unless: r.unless, spec: r.spec });
}

function diffRules(base: LoadedRule[], head: LoadedRule[]): RuleChange[] {
  const baseById = new Map(base.map((r) => [r.id, r]));
  const headById = new Map(head.map((r) => [r.id, r]));
  const changes: RuleChange[] = [];
  const entry = (change: RuleChange["change"], r: LoadedRule) =>
    changes.push({ change, ruleId: r.id, type: r.type, severity: r.severity, location: where(r.location) });
  for (const [id, h] of headById) {
    const b = baseById.get(id);
    if (!b) entry("added", h);
    else if (ruleShape(b) !== ruleShape(h)) entry("changed", h);
  }
  for (const [id, b] of baseById) if (!headById.has(id)) entry("removed", b);
  return changes.sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

function findingRow(f: Finding): string {
  const cell = (s: string | null) => (s ?? "").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
  return `| ${f.severity} | \`${f.ruleId}\` | ${cell(f.subject.principalName ?? f.subject.principalId)} | ${cell(f.subject.roleName)} | ${cell(f.message)} |`;
}

export function renderPolicyDiffMarkdown(diff: PolicyDiff): string {
  const lines = [
    "## pim-audit policy diff",
    "",
    `Evaluated at ${diff.at} on the snapshot of tenant ${diff.snapshot.tenantId} collected ${diff.snapshot.collectedAt}.`,
    "",
    "| | count |",
    "|---|---:|",
    `| findings added | ${diff.findingsAdded.length} |`,
    `| findings removed | ${diff.findingsRemoved.length} |`,
    `| findings newly suppressed by an exception | ${diff.findingsSuppressed.length} |`,
    `| exceptions added / extended / expired | ${count(diff, "added")} / ${count(diff, "extended")} / ${count(diff, "expired")} |`,
    `| rules added / changed / removed | ${diff.rules.filter((r) => r.change === "added").length} / ${diff.rules.filter((r) => r.change === "changed").length} / ${diff.rules.filter((r) => r.change === "removed").length} |`,
  ];
  const table = (title: string, findings: Finding[]) => {
    if (findings.length === 0) return;
    lines.push("", `### ${title}`, "", "| severity | rule | principal | role | message |", "|---|---|---|---|---|");
    for (const f of findings) lines.push(findingRow(f));
  };
  table("Findings this change adds", diff.findingsAdded);
  table("Findings this change removes", diff.findingsRemoved);
  table("Findings this change suppresses", diff.findingsSuppressed);
  if (diff.exceptions.length > 0) {
    lines.push(
      "",
      "### Exceptions",
      "",
      "| change | rule | principal | role | expires (base → head) | reason | where |",
      "|---|---|---|---|---|---|---|",
    );
    for (const e of diff.exceptions)
      lines.push(
        `| ${e.change} | \`${e.rule}\` | ${e.principal ?? "any"} | ${e.role ?? "any"} | ${e.baseExpires ?? "–"} → ${e.headExpires ?? "–"} | ${e.reason.replace(/\|/g, "\\|")} | ${e.location} |`,
      );
  }
  if (diff.rules.length > 0) {
    lines.push("", "### Rules", "", "| change | rule | type | severity | where |", "|---|---|---|---|---|");
    for (const r of diff.rules)
      lines.push(`| ${r.change} | \`${r.ruleId}\` | ${r.type} | ${r.severity} | ${r.location} |`);
  }
  return `${lines.join("\n")}\n`;
}

function count(diff: PolicyDiff, change: ExceptionChange["change"]): number {
  return diff.exceptions.filter((e) => e.change === change).length;
}
