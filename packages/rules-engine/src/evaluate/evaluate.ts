// Evaluation: a pure function of (snapshot, policies, options). No clock, no files, no network.
import {
  type Assignment,
  compareStrings,
  type DataPiece,
  FINDINGS_SCHEMA_VERSION,
  type Finding,
  type FindingSubject,
  type FindingsReport,
  type NotEvaluated,
  type RuleSummary,
  SEVERITIES,
  type Severity,
  type Snapshot,
  severityRank,
} from "@pim-audit/model";
import { DateTime } from "luxon";
import type { LoadedPolicy, LoadedRule, SelectorSpec } from "../policy.js";
import { ruleType } from "../rules/index.js";
import type { RuleContext, RuleType } from "../rules/rule-type.js";
import { applyExceptions } from "./exceptions.js";
import { fingerprint } from "./fingerprint.js";
import { compileSelector, roleMatcher } from "./selectors.js";
import { SnapshotIndex } from "./snapshot-index.js";
import { assignmentSubject, roleSubject } from "./subject.js";
import { unresolvedNames } from "./unresolved.js";

export interface EvaluateOptions {
  /** The evaluation time (`--at`); every "within N days" is measured from it. */
  at: Date;
  toolVersion: string;
  /** Fingerprints of accepted findings: matching findings get status "baseline". */
  baseline?: ReadonlySet<string>;
}

/** What an admin-center export cannot tell: it has names and dates, not ids, settings or activity. */
const EXPORT_CSV_LACKS: readonly DataPiece[] = [
  "ids",
  "roleSettings",
  "principals",
  "signInActivity",
  "groupMembers",
  "activationHistory",
  "directAssignments",
  "schedules",
];

function selectorNeeds(spec: SelectorSpec): DataPiece[] {
  const needs: DataPiece[] = [];
  if (spec.roles) needs.push("roleDefinitions");
  if (spec.scope !== undefined) needs.push("ids");
  const principals = spec.principals;
  if (principals && !Array.isArray(principals)) {
    if (principals.type !== undefined || principals.userType !== undefined) needs.push("principals");
    if (principals.memberOf !== undefined) needs.push("groupMembers");
  }
  return needs;
}

function roleSelectorKeys(type: RuleType): string[] {
  return Object.entries(type.properties)
    .filter(([, schema]) => (schema as { $ref?: string }).$ref === "#/$defs/roleSelector")
    .map(([key]) => key);
}

function missingData(rule: LoadedRule, type: RuleType, unavailable: ReadonlySet<DataPiece>): DataPiece[] {
  const needs = new Set([...type.needs(rule), ...selectorNeeds(rule.where), ...rule.unless.flatMap(selectorNeeds)]);
  return [...needs].filter((piece) => unavailable.has(piece)).sort(compareStrings);
}

function context(rule: LoadedRule, index: SnapshotIndex, at: DateTime): RuleContext {
  return {
    at,
    index,
    assignments() {
      const where = compileSelector(rule.where, index);
      const unless = rule.unless.map((spec) => compileSelector(spec, index));
      const pool: Assignment[] = rule.where.roles
        ? [...roleMatcher(rule.where.roles, index)].flatMap((roleId) => index.assignmentsByRole.get(roleId) ?? [])
        : index.snapshot.assignments;
      return pool.filter((a) => where(a) && !unless.some((u) => u(a)));
    },
    roles() {
      if (!rule.where.roles) return index.snapshot.roles;
      const ids = roleMatcher(rule.where.roles, index);
      return index.snapshot.roles.filter((role) => ids.has(role.id));
    },
    assignmentSubject: (assignment) => assignmentSubject(assignment, index),
    roleSubject,
  };
}

const EMPTY_SUBJECT: FindingSubject = {
  assignmentId: null,
  principalId: null,
  principalName: null,
  principalType: null,
  roleId: null,
  roleName: null,
  directoryScopeId: null,
  state: null,
  memberType: null,
  viaGroupName: null,
};

/**
 * Findings sort by severity (highest first), rule, principal, role, scope, state, assignment, fingerprint.
 * One precomputed key per finding keeps sorting 100,000 findings cheap; null sorts before any value.
 */
function sortKey(f: Finding): string {
  const part = (value: string | null) => (value === null ? "\u0000" : `\u0001${value}`);
  return [
    String(9 - severityRank(f.severity)),
    f.ruleId,
    part(f.subject.principalName),
    part(f.subject.roleName),
    part(f.subject.directoryScopeId),
    part(f.subject.state),
    part(f.subject.assignmentId),
    f.fingerprint,
  ].join("\u0000");
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((finding) => ({ finding, key: sortKey(finding) }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ finding }) => finding);
}

export function evaluate(
  snapshot: Snapshot,
  policies: readonly LoadedPolicy[],
  options: EvaluateOptions,
): FindingsReport {
  const at = DateTime.fromJSDate(options.at, { zone: "utc" });
  if (!at.isValid) throw new RangeError("evaluate: options.at is not a valid date");
  const index = new SnapshotIndex(snapshot);
  const unavailable = new Set<DataPiece>(snapshot.completeness.gaps.map((gap) => gap.piece));
  if (snapshot.source.kind === "export-csv") for (const piece of EXPORT_CSV_LACKS) unavailable.add(piece);

  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  const evaluated = new Set<string>();
  const rules = policies.flatMap((policy) => policy.rules);

  for (const rule of rules) {
    const type = ruleType(rule.type);
    if (!type)
      throw new RangeError(`evaluate: rule ${rule.id} has unknown type ${rule.type}; load policies with loadPolicies`);
    const missing = missingData(rule, type, unavailable);
    const unknown = missing.length === 0 ? unresolvedNames(rule, roleSelectorKeys(type), index) : [];
    const unjudgeable =
      missing.length > 0
        ? undefined
        : unknown.length > 0
          ? `${unknown.join("; ")}: check the spelling in the policy, or whether the snapshot is complete; it was not evaluated, which is not a pass.`
          : type.unjudgeable?.(rule, snapshot);
    if (missing.length > 0 || unjudgeable) {
      notEvaluated.push({
        ruleId: rule.id,
        ruleType: rule.type,
        severity: rule.severity,
        reason: unjudgeable ?? reasonFor(missing, snapshot),
        missing,
        location: rule.location,
      });
      continue;
    }
    evaluated.add(rule.id);
    for (const candidate of type.evaluate(rule, context(rule, index, at))) {
      findings.push({
        ruleId: rule.id,
        ruleType: rule.type,
        severity: rule.severity,
        title: rule.title,
        message: candidate.message,
        subject: candidate.subject,
        facts: candidate.facts,
        location: rule.location,
        fingerprint: fingerprint(rule.id, candidate.subject),
        status: "open",
        suppression: null,
      });
    }
  }

  const exceptions = applyExceptions(
    findings,
    policies.flatMap((policy) => policy.exceptions),
    at,
    index,
  );
  for (const { exception, expired, used } of exceptions) {
    const unused = !expired && used === 0 && evaluated.has(exception.rule);
    if (!expired && !unused) continue;
    const ruleId = expired ? "exception-expired" : "exception-unused";
    const subject: FindingSubject = {
      ...EMPTY_SUBJECT,
      principalName: exception.principal,
      roleName: exception.role,
      directoryScopeId: exception.scope,
    };
    const what = [exception.principal, exception.role, exception.scope].filter((x) => x !== null).join(", ");
    findings.push({
      ruleId,
      ruleType: "exception",
      severity: "low",
      title: expired ? "Exception expired" : "Exception matches nothing",
      message: expired
        ? `The exception to ${exception.rule}${what ? ` for ${what}` : ""} expired on ${exception.expires} and no longer suppresses anything; renew it with a new expiry or remove it.`
        : `The exception to ${exception.rule}${what ? ` for ${what}` : ""} matches no finding; remove it to keep the policy clean.`,
      subject,
      facts: {
        rule: exception.rule,
        reason: exception.reason,
        expires: exception.expires,
        ticket: exception.ticket,
        owner: exception.owner,
        matched: used,
      },
      location: exception.location,
      fingerprint: fingerprint(`${ruleId}:${exception.rule}`, subject),
      status: "open",
      suppression: null,
    });
  }

  if (options.baseline) {
    for (const finding of findings) {
      if (finding.status === "open" && options.baseline.has(finding.fingerprint)) finding.status = "baseline";
    }
  }
  notEvaluated.sort((a, b) => compareStrings(a.ruleId, b.ruleId));
  return report(snapshot, policies, options, rules, sortFindings(findings), notEvaluated, evaluated);
}

function reasonFor(missing: readonly DataPiece[], snapshot: Snapshot): string {
  const reasons = missing.map((piece) => {
    const gap = snapshot.completeness.gaps.find((g) => g.piece === piece);
    if (gap) return `${piece}: ${gap.reason}`;
    return `${piece}: not in an admin-center export CSV`;
  });
  return `the snapshot lacks data this rule needs (${reasons.join("; ")}); it was not evaluated, which is not a pass.`;
}

function report(
  snapshot: Snapshot,
  policies: readonly LoadedPolicy[],
  options: EvaluateOptions,
  rules: readonly LoadedRule[],
  findings: Finding[],
  notEvaluated: NotEvaluated[],
  evaluated: ReadonlySet<string>,
): FindingsReport {
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const perRule = new Map<string, { open: number; suppressed: number; baseline: number }>();
  for (const finding of findings) {
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
      suppressed: findings.filter((f) => f.status === "suppressed").length,
      baseline: findings.filter((f) => f.status === "baseline").length,
      notEvaluated: notEvaluated.length,
      rules: rules.length,
    },
    rules: summaries,
    findings,
    notEvaluated,
  };
}
