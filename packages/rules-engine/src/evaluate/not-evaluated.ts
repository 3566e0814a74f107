// Why a rule cannot be judged on a snapshot: data it needs is missing (a gap, or a source that never has
// it), a name in its selection does not resolve, or its rule type says the snapshot cannot support it.
import { compareStrings, type DataPiece, type NotEvaluated, type Snapshot } from "@pim-audit/model";
import type { LoadedRule, SelectorSpec } from "../policy.js";
import type { RuleType } from "../rules/rule-type.js";
import type { SnapshotIndex } from "./snapshot-index.js";
import { unresolvedNames } from "./unresolved.js";

/** What an admin-center export cannot tell: it has names and dates, not ids, settings or activity. */
export const EXPORT_CSV_LACKS: readonly DataPiece[] = [
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

function reasonFor(missing: readonly DataPiece[], snapshot: Snapshot): string {
  const reasons = missing.map((piece) => {
    const gap = snapshot.completeness.gaps.find((g) => g.piece === piece);
    if (gap) return `${piece}: ${gap.reason}`;
    return `${piece}: not in an admin-center export CSV`;
  });
  return `the snapshot lacks data this rule needs (${reasons.join("; ")}); it was not evaluated, which is not a pass.`;
}

/** Data pieces this snapshot cannot provide: its gaps, and what its kind of source never holds. */
export function unavailableData(snapshot: Snapshot): Set<DataPiece> {
  const unavailable = new Set<DataPiece>(snapshot.completeness.gaps.map((gap) => gap.piece));
  if (snapshot.source.kind === "export-csv") for (const piece of EXPORT_CSV_LACKS) unavailable.add(piece);
  return unavailable;
}

export function whyNotEvaluated(
  rule: LoadedRule,
  type: RuleType,
  index: SnapshotIndex,
  unavailable: ReadonlySet<DataPiece>,
): NotEvaluated | undefined {
  const snapshot = index.snapshot;
  const missing = missingData(rule, type, unavailable);
  let reason: string | undefined;
  if (missing.length > 0) reason = reasonFor(missing, snapshot);
  else {
    const unknown = unresolvedNames(rule, roleSelectorKeys(type), index);
    reason =
      unknown.length > 0
        ? `${unknown.join("; ")}: check the spelling in the policy, or whether the snapshot is complete; it was not evaluated, which is not a pass.`
        : type.unjudgeable?.(rule, snapshot);
  }
  if (reason === undefined) return undefined;
  return { ruleId: rule.id, ruleType: rule.type, severity: rule.severity, reason, missing, location: rule.location };
}
