// The FindingsReport around the findings: snapshot summary, policies, counts, per-rule summary, order.
import {
  compareNullable,
  compareStrings,
  FINDINGS_SCHEMA_VERSION,
  type Finding,
  type FindingsReport,
  isBlockingGap,
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
import { piecesNeeded, reportedGaps } from "./not-evaluated.js";

/**
 * Findings sort by severity (highest first), rule, principal, role, scope, state, assignment, fingerprint;
 * null sorts before any value. A rule's findings arrive together, so they are grouped by severity and rule
 * first. Within a group, each name is replaced by its rank among the group's distinct names (the same string
 * order), the group is ordered by those ranks with stable counting sorts (linear, no string compared per
 * finding), and only findings that share all four names are compared by assignment and fingerprint.
 */
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
    const members = groups.get(key) ?? [];
    for (const position of orderOfGroup(members)) sorted.push(members[position] as Finding);
  }
  return sorted;
}

/** Each value's rank among the distinct values given (null 0, then 1, 2, ... in string order), per position. */
class Ranks {
  readonly of: Int32Array;
  highest = 0;
  private readonly slotOf = new Map<string, number>();

  constructor(size: number) {
    this.of = new Int32Array(size);
  }

  put(position: number, value: string | null): void {
    if (value === null) return;
    let slot = this.slotOf.get(value);
    if (slot === undefined) {
      slot = this.slotOf.size + 1;
      this.slotOf.set(value, slot);
    }
    this.of[position] = slot;
  }

  /** Turns the slots handed out by `put` into ranks, once every value is in. */
  rank(): this {
    const distinct = [...this.slotOf.keys()].sort(compareStrings);
    const rankOfSlot = new Int32Array(distinct.length + 1);
    for (let rank = 1; rank <= distinct.length; rank++) rankOfSlot[this.slotOf.get(distinct[rank - 1]!)!] = rank;
    for (let i = 0; i < this.of.length; i++) this.of[i] = rankOfSlot[this.of[i]!]!;
    this.highest = distinct.length;
    return this;
  }
}

/** `order` stably reordered by `key` (a counting sort: keys are small dense ranks). */
function byRank(order: Int32Array, key: Ranks): Int32Array {
  const next = new Int32Array(key.highest + 2);
  for (let k = 0; k < order.length; k++) next[key.of[order[k]!]! + 1]!++;
  for (let rank = 1; rank < next.length; rank++) next[rank]! += next[rank - 1]!;
  const out = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    out[next[key.of[i]!]!++] = i;
  }
  return out;
}

/** The positions of a group's findings in sorted order. */
function orderOfGroup(group: readonly Finding[]): Int32Array {
  const size = group.length;
  const principal = new Ranks(size);
  const role = new Ranks(size);
  const scope = new Ranks(size);
  const state = new Ranks(size);
  // Read in one pass: the findings lie far apart in memory, so each visit costs more than the lookups.
  const assignmentIds: (string | null)[] = new Array(size);
  let order: Int32Array = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const subject = group[i]!.subject;
    principal.put(i, subject.principalName);
    role.put(i, subject.roleName);
    scope.put(i, subject.directoryScopeId);
    state.put(i, subject.state);
    assignmentIds[i] = subject.assignmentId;
    order[i] = i;
  }
  // Least significant key first: each pass keeps the order of the earlier passes among equal keys.
  for (const key of [state.rank(), scope.rank(), role.rank(), principal.rank()]) order = byRank(order, key);
  const sameNames = (i: number, j: number) =>
    principal.of[i] === principal.of[j] &&
    role.of[i] === role.of[j] &&
    scope.of[i] === scope.of[j] &&
    state.of[i] === state.of[j];
  const byAssignment = (i: number, j: number) =>
    compareNullable(assignmentIds[i] as string | null, assignmentIds[j] as string | null) ||
    compareStrings(group[i]!.fingerprint, group[j]!.fingerprint);
  for (let from = 0; from < size; ) {
    let to = from + 1;
    while (to < size && sameNames(order[from]!, order[to]!)) to++;
    if (to - from > 1) order.subarray(from, to).sort(byAssignment);
    from = to;
  }
  return order;
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
  const gaps = reportedGaps(snapshot, piecesNeeded(policies));
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
      complete: !gaps.some(isBlockingGap),
      gaps,
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
