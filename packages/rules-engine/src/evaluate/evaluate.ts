// Evaluation: a pure function of (snapshot, policies, options). No clock, no files, no network.
import type { Finding, FindingsReport, NotEvaluated, Snapshot } from "@pim-audit/model";
import { DateTime } from "luxon";
import type { LoadedPolicy, LoadedRule } from "../policy.js";
import { ruleType } from "../rules/index.js";
import type { RuleContext } from "../rules/rule-type.js";
import { applyExceptions, exceptionFindings } from "./exceptions.js";
import { fingerprinter } from "./fingerprint.js";
import { unavailableData, whyNotEvaluated } from "./not-evaluated.js";
import { report } from "./report.js";
import { roleMatcher, selectAssignments } from "./selectors.js";
import { SnapshotIndex } from "./snapshot-index.js";
import { assignmentSubject, roleSubject } from "./subject.js";

export interface EvaluateOptions {
  /** The evaluation time (`--at`); every "within N days" is measured from it. */
  at: Date;
  toolVersion: string;
  /** Fingerprints of accepted findings: matching findings get status "baseline". */
  baseline?: ReadonlySet<string>;
}

function context(rule: LoadedRule, index: SnapshotIndex, at: DateTime): RuleContext {
  return {
    at,
    index,
    assignments: (within) => selectAssignments(rule.where, rule.unless, index, within),
    roles() {
      if (!rule.where.roles) return index.snapshot.roles;
      const ids = roleMatcher(rule.where.roles, index);
      return index.snapshot.roles.filter((role) => ids.has(role.id));
    },
    assignmentSubject: (assignment) => assignmentSubject(assignment, index),
    roleSubject,
  };
}

/**
 * A rule that selects roles by privilege says which actions made a custom role privileged: Microsoft's label
 * decides built-in roles, the role's own actions decide custom ones, and a reviewer should see which.
 */
function withPrivilegedActions(rule: LoadedRule, facts: Finding["facts"], roleId: string | null, index: SnapshotIndex) {
  const roles = rule.where.roles;
  if (roles === undefined || Array.isArray(roles) || roles.privileged !== true || roleId === null) return facts;
  const actions = index.rolesById.get(roleId)?.privilegedActions ?? [];
  return actions.length === 0 ? facts : { ...facts, privilegedActions: actions.join(" ") };
}

export function evaluate(
  snapshot: Snapshot,
  policies: readonly LoadedPolicy[],
  options: EvaluateOptions,
): FindingsReport {
  const at = DateTime.fromJSDate(options.at, { zone: "utc" });
  if (!at.isValid) throw new RangeError("evaluate: options.at is not a valid date");
  const index = new SnapshotIndex(snapshot);
  const unavailable = unavailableData(snapshot);

  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  const evaluated = new Set<string>();
  const rules = policies.flatMap((policy) => policy.rules);

  for (const rule of rules) {
    const type = ruleType(rule.type);
    if (!type)
      throw new RangeError(`evaluate: rule ${rule.id} has unknown type ${rule.type}; load policies with loadPolicies`);
    const skipped = whyNotEvaluated(rule, type, index, unavailable);
    if (skipped) {
      notEvaluated.push(skipped);
      continue;
    }
    evaluated.add(rule.id);
    const fingerprint = fingerprinter(rule.id);
    for (const candidate of type.evaluate(rule, context(rule, index, at))) {
      findings.push({
        ruleId: rule.id,
        ruleType: rule.type,
        severity: rule.severity,
        title: rule.title,
        message: candidate.message,
        subject: candidate.subject,
        facts: withPrivilegedActions(rule, candidate.facts, candidate.subject.roleId, index),
        location: rule.location,
        fingerprint: fingerprint(candidate.subject),
        status: "open",
        suppression: null,
      });
    }
  }

  const compiled = applyExceptions(
    findings,
    policies.flatMap((policy) => policy.exceptions),
    at,
    index,
  );
  // One at a time: spreading a data-sized list into push's arguments overflows the stack.
  for (const finding of exceptionFindings(compiled, evaluated)) findings.push(finding);
  if (options.baseline) {
    for (const finding of findings) {
      if (finding.status === "open" && options.baseline.has(finding.fingerprint)) finding.status = "baseline";
    }
  }
  return report(snapshot, policies, options, rules, findings, notEvaluated, evaluated);
}
