// Findings: what a policy says about a snapshot.
import type { AssignmentState, DataPiece, MemberType, PrincipalType, SourceKind } from "./snapshot.js";

export const FINDINGS_SCHEMA_VERSION = 1 as const;

export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export interface PolicyLocation {
  file: string;
  line: number;
  column: number;
}

/** What a finding is about; fields that do not apply (a role-setting finding has no principal) are null. */
export interface FindingSubject {
  assignmentId: string | null;
  principalId: string | null;
  principalName: string | null;
  principalType: PrincipalType | null;
  roleId: string | null;
  roleName: string | null;
  directoryScopeId: string | null;
  state: AssignmentState | null;
  memberType: MemberType | null;
  viaGroupName: string | null;
}

export type FindingStatus = "open" | "suppressed" | "baseline";

export interface Suppression {
  rule: string;
  reason: string;
  expires: string;
  ticket: string | null;
  owner: string | null;
  location: PolicyLocation;
}

export interface Finding {
  ruleId: string;
  ruleType: string;
  severity: Severity;
  title: string;
  /** Understandable without the policy open. */
  message: string;
  subject: FindingSubject;
  /** The facts that triggered it, for reviewers and machines. */
  facts: Record<string, string | number | boolean | null>;
  location: PolicyLocation;
  /** Stable across runs: rule + principal + role + scope + state. */
  fingerprint: string;
  status: FindingStatus;
  suppression: Suppression | null;
}

export interface NotEvaluated {
  ruleId: string;
  ruleType: string;
  severity: Severity;
  reason: string;
  missing: DataPiece[];
  location: PolicyLocation;
}

export interface RuleSummary {
  ruleId: string;
  ruleType: string;
  severity: Severity;
  title: string;
  description: string;
  location: PolicyLocation;
  open: number;
  suppressed: number;
  baseline: number;
  evaluated: boolean;
}

/**
 * A snapshot gap as this run judged it. `needed`: a loaded rule or the assignments export needs the piece
 * (`neededBy` names them); only a needed gap the source could have filled (`expected` false) makes the run
 * incomplete (exit 3); the rest are warnings. The three fields are absent in reports written before they existed.
 */
export interface ReportedGap {
  piece: DataPiece;
  reason: string;
  request?: string | null;
  expected?: boolean;
  skipped?: true;
  needed?: boolean;
  neededBy?: string[];
}

/** Whether a gap makes the run incomplete; a report written before `needed` existed counted every gap. */
export function isBlockingGap(gap: ReportedGap): boolean {
  return (gap.needed ?? true) && !(gap.expected ?? false);
}

export interface FindingsReport {
  schemaVersion: typeof FINDINGS_SCHEMA_VERSION;
  tool: { name: string; version: string };
  evaluatedAt: string;
  snapshot: {
    tenantId: string;
    tenantName: string | null;
    collectedAt: string;
    source: SourceKind;
    /** Complete for this run: no gap that a loaded rule or the export needs, other than what the source never holds. */
    complete: boolean;
    gaps: ReportedGap[];
    assignments: number;
  };
  policies: { file: string; name: string; sha256: string }[];
  summary: {
    open: Record<Severity, number>;
    totalOpen: number;
    suppressed: number;
    baseline: number;
    notEvaluated: number;
    rules: number;
  };
  rules: RuleSummary[];
  findings: Finding[];
  notEvaluated: NotEvaluated[];
}
