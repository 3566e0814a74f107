// assignments.csv: the admin-center PIM export (Identity Governance > PIM > Microsoft Entra roles > Roles > Export) and its wider layouts.
// Dates are ISO 8601 in UTC with milliseconds (`2026-01-01T00:00:00.000Z`), which spreadsheets read
// and which loses nothing; an assignment without an end is `Permanent` (`No Expiry` for eligible
// ones in the ten-column layout, as the scripts that use it write).
import { type Assignment, compareStrings, type MemberType, type Snapshot } from "@pim-audit/model";
import { indexSnapshot, type SnapshotIndex } from "../lookup.js";
import type { CsvLayout } from "../types.js";
import { csvChunks } from "./csv-options.js";

export const PORTAL_COLUMNS = [
  "Assignment State",
  "User Group Name",
  "Role Name",
  "PrincipalName",
  "Member Type",
  "Assignment Start Time (UTC)",
  "Assignment End Time (UTC)",
] as const;

export const PORTAL10_COLUMNS = [
  "Assignment State",
  "User Group Name",
  "Resource Name",
  "Role Name",
  "Resource Type",
  "Email",
  "PrincipalName",
  "Member Type",
  "Assignment Start Time (UTC)",
  "Assignment End Time (UTC)",
] as const;

export const EXTENDED_COLUMNS = [
  ...PORTAL_COLUMNS,
  "Role Template Id",
  "Principal Id",
  "Principal Type",
  "Directory Scope Id",
  "Assignment Id",
  "Origin",
  "Via Group Id",
  "Via Group Name",
] as const;

const MEMBER_TYPE: Record<MemberType, string> = { direct: "Direct", group: "Group", inherited: "Inherited" };

// Already what toISOString writes; days past the 28th take the slow way, where Date rolls 2026-02-30 over.
const CANONICAL_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export function csvDate(value: string | null): string {
  if (value === null) return "";
  if (CANONICAL_DATE.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

interface Row {
  assignment: Assignment;
  state: string;
  displayName: string;
  roleName: string;
  principalName: string;
  start: string;
  roleKey: string;
  principalKey: string;
}

// Names sort case-insensitively first, so `adele` and `Tier0 Admins` sort as a reader expects, exact as the
// tie-break; the lower-case keys are computed once per row, not once per comparison.
function rowsOf(snapshot: Snapshot, index: SnapshotIndex): Row[] {
  return snapshot.assignments
    .map((assignment): Row => {
      const roleName = index.roleName(assignment.roleId);
      const principalName = index.principalName(assignment.principalId);
      return {
        assignment,
        state: assignment.state === "eligible" ? "Eligible" : "Active",
        displayName: index.principalDisplayName(assignment.principalId),
        roleName,
        principalName,
        start: csvDate(assignment.start),
        roleKey: roleName.toLowerCase(),
        principalKey: principalName.toLowerCase(),
      };
    })
    .sort(
      (a, b) =>
        compareStrings(a.roleKey, b.roleKey) ||
        compareStrings(a.roleName, b.roleName) ||
        compareStrings(a.principalKey, b.principalKey) ||
        compareStrings(a.principalName, b.principalName) ||
        compareStrings(a.state, b.state) ||
        compareStrings(a.start, b.start) ||
        compareStrings(a.assignment.id, b.assignment.id),
    );
}

function* recordsOf(snapshot: Snapshot, layout: CsvLayout): Generator<string[]> {
  const index = indexSnapshot(snapshot);
  const rows = rowsOf(snapshot, index);
  const memberType = (a: Assignment) => MEMBER_TYPE[a.memberType];
  const end = (a: Assignment, openEnd: string) => (a.end === null ? openEnd : csvDate(a.end));
  switch (layout) {
    case "portal":
      for (const r of rows) {
        yield [
          r.state,
          r.displayName,
          r.roleName,
          r.principalName,
          memberType(r.assignment),
          r.start,
          end(r.assignment, "Permanent"),
        ];
      }
      return;
    case "portal10":
      for (const r of rows) {
        yield [
          r.state,
          r.displayName,
          "Tenant",
          r.roleName,
          "Directory",
          index.principal(r.assignment.principalId)?.mail ?? "",
          r.principalName,
          memberType(r.assignment),
          r.start,
          end(r.assignment, r.assignment.state === "eligible" ? "No Expiry" : "Permanent"),
        ];
      }
      return;
    case "extended":
      for (const r of rows) {
        const a = r.assignment;
        yield [
          r.state,
          r.displayName,
          r.roleName,
          r.principalName,
          memberType(a),
          r.start,
          end(a, "Permanent"),
          index.role(a.roleId)?.templateId ?? "",
          a.principalId,
          index.principal(a.principalId)?.type ?? "unknown",
          a.directoryScopeId,
          a.id,
          a.origin,
          a.viaGroupId ?? "",
          a.viaGroupId === null ? "" : index.principalDisplayName(a.viaGroupId),
        ];
      }
      return;
  }
}

const COLUMNS: Record<CsvLayout, readonly string[]> = {
  portal: PORTAL_COLUMNS,
  portal10: PORTAL10_COLUMNS,
  extended: EXTENDED_COLUMNS,
};

/** assignments.csv in pieces, so a tenant of any size is never one string. */
export function assignmentsCsvChunks(snapshot: Snapshot, layout: CsvLayout): Iterable<string> {
  return csvChunks(COLUMNS[layout], recordsOf(snapshot, layout));
}

export function renderAssignmentsCsv(snapshot: Snapshot, options: { layout: CsvLayout; excel?: boolean }): string {
  return `${options.excel ? "\uFEFF" : ""}${[...assignmentsCsvChunks(snapshot, options.layout)].join("")}`;
}
