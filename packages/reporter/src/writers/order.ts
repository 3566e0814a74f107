// The one reading order for findings in tables: open first, most severe first, then by rule and subject.
import { compareNullable, compareStrings, type Finding, type FindingStatus, severityRank } from "@pim-audit/model";

const STATUS_ORDER: Record<FindingStatus, number> = { open: 0, suppressed: 1, baseline: 2 };

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      severityRank(b.severity) - severityRank(a.severity) ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareNullable(a.subject.roleName, b.subject.roleName) ||
      compareNullable(a.subject.principalName, b.subject.principalName) ||
      compareStrings(a.fingerprint, b.fingerprint),
  );
}
