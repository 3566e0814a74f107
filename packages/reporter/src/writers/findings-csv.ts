// findings.csv: one row per finding, open and suppressed alike, for spreadsheets and ticket imports.
import type { Finding, FindingsReport } from "@pim-audit/model";
import { csvChunks } from "./csv-options.js";
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

function rowOf(f: Finding): string[] {
  return [
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
  ];
}

/** findings.csv in pieces: a million findings make a file longer than one string can be. */
export function findingsCsvChunks(report: FindingsReport): Iterable<string> {
  const findings = sortFindings(report.findings);
  return csvChunks(
    FINDINGS_CSV_COLUMNS,
    (function* () {
      for (const f of findings) yield rowOf(f);
    })(),
  );
}

export function renderFindingsCsv(report: FindingsReport, options: { excel?: boolean } = {}): string {
  return `${options.excel ? "\uFEFF" : ""}${[...findingsCsvChunks(report)].join("")}`;
}
