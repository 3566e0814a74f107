// The FindingsReport around the findings: snapshot summary, policies, counts, per-rule summary, order.
import {
  compareNullable,
  compareStrings,
  FINDINGS_SCHEMA_VERSION,
  type Finding,
  type FindingsReport,
  type NotEvaluated,
  type RuleSummary,
  SEVERITIES,
  type Severity,
  type Snapshot,
  severityRank,
} from "@pim-audit/model";
import { DateTime } from "luxon";
import type { LoadedPolicy, LoadedRule } from "../policy.js";
import type { EvaluateOptions } from "./evaluate.js";

/**
 * Findings sort by severity (highest first), rule, principal, role, scope, state, assignment, fingerprint;
 * null sorts before any value. A rule's findings arrive together, so they are grouped by severity and rule
 * first; each group is then sorted field by field, which allocates nothing per finding and usually decides
 * on the principal alone.
 */
function compareSubjects(a: Finding, b: Finding): number {
  const x = a.subject;
  const y = b.subject;
  return (
    compareNullable(x.principalName, y.principalName) ||
    compareNullable(x.roleName, y.roleName) ||
    compareNullable(x.directoryScopeId, y.directoryScopeId) ||
    compareNullable(x.state, y.state) ||
    compareNullable(x.assignmentId, y.assignmentId) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

function sortFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  let last: Finding | undefined;
  let group: Finding[] = [];
  for (const finding of findings) {
    if (last?.ruleId !== finding.ruleId || last.severity !== finding.severity) {
      const key = `${9 - severityRank(finding.severity)}\u0000${finding.ruleId}`;
      group = groups.get(key) ?? [];
      groups.set(key, group);
    }
    group.push(finding);
    last = finding;
  }
  const sorted: Finding[] = [];
  for (const key of [...groups.keys()].sort(compareStrings)) {
    for (const finding of (groups.get(key) ?? []).sort(compareSubjects)) sorted.push(finding);
  }
  return sorted;
}

export function report(
  snapshot: Snapshot,
  policies: readonly LoadedPolicy[],
  options: EvaluateOptions,
  rules: readonly LoadedRule[],
  unsorted: Finding[],
  notEvaluated: NotEvaluated[],
  evaluated: ReadonlySet<string>,
): FindingsReport {
  const findings = sortFindings(unsorted);
  notEvaluated.sort((a, b) => compareStrings(a.ruleId, b.ruleId));
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const perRule = new Map<string, { open: number; suppressed: number; baseline: number }>();
  const total = { open: 0, suppressed: 0, baseline: 0 };
  for (const finding of findings) {
    total[finding.status]++;
    if (finding.status === "open") open[finding.severity]++;
    const counts = perRule.get(finding.ruleId) ?? { open: 0, suppressed: 0, baseline: 0 };
    counts[finding.status]++;
    perRule.set(finding.ruleId, counts);
  }
  const summaries: RuleSummary[] = rules.map((rule) => ({
    ruleId: rule.id,
    ruleType: rule.type,
    severity: rule.severity,
    title: rule.title,
    description: rule.description,
    location: rule.location,
    ...(perRule.get(rule.id) ?? { open: 0, suppressed: 0, baseline: 0 }),
    evaluated: evaluated.has(rule.id),
  }));
  return {
    schemaVersion: FINDINGS_SCHEMA_VERSION,
    tool: { name: "pim-audit", version: options.toolVersion },
    evaluatedAt: DateTime.fromJSDate(options.at, { zone: "utc" }).toISO() ?? options.at.toISOString(),
    snapshot: {
      tenantId: snapshot.tenant.id,
      tenantName: snapshot.tenant.displayName,
      collectedAt: snapshot.collectedAt,
      source: snapshot.source.kind,
      complete: snapshot.completeness.complete && snapshot.completeness.gaps.length === 0,
      gaps: snapshot.completeness.gaps.map((gap) => ({ piece: gap.piece, reason: gap.reason })),
      assignments: snapshot.assignments.length,
    },
    policies: policies.map((policy) => ({ file: policy.file, name: policy.name, sha256: policy.sha256 })),
    summary: {
      open,
      totalOpen: SEVERITIES.reduce((sum, s) => sum + open[s], 0),
      suppressed: total.suppressed,
      baseline: total.baseline,
      notEvaluated: notEvaluated.length,
      rules: rules.length,
    },
    rules: summaries,
    findings,
    notEvaluated,
  };
}
