// findings.csv: one row per finding, open and suppressed alike, for spreadsheets and ticket imports.
import type { FindingsReport } from "@pim-audit/model";
import { toCsv } from "./csv-options.js";
import { sortFindings } from "./order.js";

export const FINDINGS_CSV_COLUMNS = [
  "Status",
  "Severity",
  "Rule Id",
  "Rule Type",
  "Title",
  "Principal Name",
  "Principal Type",
  "Role Name",
  "Assignment State",
  "Member Type",
  "Via Group",
  "Directory Scope Id",
  "Message",
  "Assignment Id",
  "Principal Id",
  "Role Id",
  "Policy File",
  "Policy Line",
  "Suppression Reason",
  "Suppression Expires",
  "Suppression Ticket",
  "Fingerprint",
] as const;

export function renderFindingsCsv(report: FindingsReport, options: { excel?: boolean } = {}): string {
  const rows = sortFindings(report.findings).map((f) => [
    f.status,
    f.severity,
    f.ruleId,
    f.ruleType,
    f.title,
    f.subject.principalName ?? "",
    f.subject.principalType ?? "",
    f.subject.roleName ?? "",
    f.subject.state ?? "",
    f.subject.memberType ?? "",
    f.subject.viaGroupName ?? "",
    f.subject.directoryScopeId ?? "",
    f.message,
    f.subject.assignmentId ?? "",
    f.subject.principalId ?? "",
    f.subject.roleId ?? "",
    f.location.file,
    String(f.location.line),
    f.suppression?.reason ?? "",
    f.suppression?.expires ?? "",
    f.suppression?.ticket ?? "",
    f.fingerprint,
  ]);
  return toCsv(FINDINGS_CSV_COLUMNS, rows, options.excel);
}
