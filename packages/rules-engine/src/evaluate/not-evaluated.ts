// Why a rule cannot be judged on a snapshot: data it needs is missing (a gap, whether the collection failed
// or the source never holds it), a name in its selection does not resolve, or its rule type says the snapshot
// cannot support it.
import {
  ASSIGNMENTS_EXPORT_NEEDS,
  compareStrings,
  type DataPiece,
  type NotEvaluated,
  type ReportedGap,
  type Snapshot,
} from "@pim-audit/model";
import type { LoadedPolicy, LoadedRule, SelectorSpec } from "../policy.js";
import { ruleType } from "../rules/index.js";
import type { RuleType } from "../rules/rule-type.js";
import type { SnapshotIndex } from "./snapshot-index.js";
import { unresolvedNames } from "./unresolved.js";

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

/** Every piece of data a rule needs: its type's, and its selectors'. */
export function ruleNeeds(rule: LoadedRule, type: RuleType): Set<DataPiece> {
  return new Set([...type.needs(rule), ...selectorNeeds(rule.where), ...rule.unless.flatMap(selectorNeeds)]);
}

/** The export's own name in `neededBy`. */
export const ASSIGNMENTS_EXPORT = "assignments.csv";

/**
 * Which pieces the loaded rules and the assignments export need, each with who needs it: what a collection
 * for these policies must read, and which gaps make a run incomplete.
 */
export function piecesNeeded(policies: readonly LoadedPolicy[]): Map<DataPiece, string[]> {
  const needed = new Map<DataPiece, string[]>();
  const add = (piece: DataPiece, by: string) => {
    const list = needed.get(piece);
    if (!list) needed.set(piece, [by]);
    else if (!list.includes(by)) list.push(by);
  };
  for (const piece of ASSIGNMENTS_EXPORT_NEEDS) add(piece, ASSIGNMENTS_EXPORT);
  for (const rule of policies.flatMap((policy) => policy.rules)) {
    const type = ruleType(rule.type);
    if (type) for (const piece of ruleNeeds(rule, type)) add(piece, rule.id);
  }
  return needed;
}

/** The snapshot's gaps as this run judges them: needed or not, and by whom. */
export function reportedGaps(snapshot: Snapshot, needed: ReadonlyMap<DataPiece, readonly string[]>): ReportedGap[] {
  return snapshot.completeness.gaps.map((gap) => {
    const by = needed.get(gap.piece) ?? [];
    return { ...gap, needed: by.length > 0, neededBy: [...by].sort(compareStrings) };
  });
}

function missingData(rule: LoadedRule, type: RuleType, unavailable: ReadonlySet<DataPiece>): DataPiece[] {
  return [...ruleNeeds(rule, type)].filter((piece) => unavailable.has(piece)).sort(compareStrings);
}

function reasonFor(missing: readonly DataPiece[], snapshot: Snapshot): string {
  const reasons = missing.map((piece) => {
    const gap = snapshot.completeness.gaps.find((g) => g.piece === piece);
    return `${piece}: ${gap?.reason ?? "not in the snapshot"}`;
  });
  return `the snapshot lacks data this rule needs (${reasons.join("; ")}); it was not evaluated, which is not a pass.`;
}

/** Data pieces this snapshot cannot provide: its gaps, whichever the source (the source sets them). */
export function unavailableData(snapshot: Snapshot): Set<DataPiece> {
  return new Set<DataPiece>(snapshot.completeness.gaps.map((gap) => gap.piece));
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
