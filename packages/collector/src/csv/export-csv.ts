// The Entra admin-center PIM export (shared/reference/export-csv.md) -> Snapshot: the seven-column
// layout, the ten-column layout of public scripts and pim-audit's extended layout, in any column order.
import { basename } from "node:path";
import {
  type Assignment,
  canonicalSnapshot,
  type DataPiece,
  type Gap,
  InputError,
  type MemberType,
  type Principal,
  type PrincipalType,
  type RoleDefinition,
  roleByName,
  roleByTemplateId,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from "@pim-audit/model";
import { CsvError, parse } from "csv-parse/sync";
import { emptyPrincipal } from "../graph/normalise/principals.js";

const DELETED_MARK = "(deleted) ";

import { readFileBytes } from "../snapshot-file/snapshot-file.js";
import { parseExportDate } from "./dates.js";

type Column =
  | "state"
  | "displayName"
  | "roleName"
  | "principalName"
  | "memberType"
  | "start"
  | "end"
  | "resourceName"
  | "resourceType"
  | "email"
  | "roleTemplateId"
  | "principalId"
  | "principalType"
  | "directoryScopeId"
  | "assignmentId"
  | "origin"
  | "viaGroupId"
  | "viaGroupName";

const HEADERS: Record<string, Column> = {
  "assignment state": "state",
  "user group name": "displayName",
  "role name": "roleName",
  principalname: "principalName",
  "principal name": "principalName",
  "member type": "memberType",
  "assignment start time (utc)": "start",
  "assignment end time (utc)": "end",
  "resource name": "resourceName",
  "resource type": "resourceType",
  email: "email",
  "role template id": "roleTemplateId",
  "principal id": "principalId",
  "principal type": "principalType",
  "directory scope id": "directoryScopeId",
  "assignment id": "assignmentId",
  origin: "origin",
  "via group id": "viaGroupId",
  "via group name": "viaGroupName",
};

const REQUIRED: Column[] = ["state", "roleName", "principalName", "start", "end"];

const DISPLAY: Record<Column, string> = Object.fromEntries(
  Object.entries({
    state: "Assignment State",
    displayName: "User Group Name",
    roleName: "Role Name",
    principalName: "PrincipalName",
    memberType: "Member Type",
    start: "Assignment Start Time (UTC)",
    end: "Assignment End Time (UTC)",
  }),
) as Record<Column, string>;

/** What the export cannot tell, recorded so that rules needing it say "not evaluated". */
const CSV_GAPS: { piece: DataPiece; reason: string }[] = [
  { piece: "roleSettings", reason: "The admin-center export holds no PIM role settings." },
  { piece: "schedules", reason: "The admin-center export holds no schedules (expiration type, created outside PIM)." },
  {
    piece: "directAssignments",
    reason: "The admin-center export does not say which assignments were made outside PIM.",
  },
  { piece: "groupMembers", reason: "The admin-center export holds no group membership." },
  { piece: "pimForGroups", reason: "The admin-center export holds no PIM for Groups memberships." },
  {
    piece: "principals",
    reason: "The admin-center export holds no user attributes (userType, accountEnabled, on-premises sync).",
  },
  { piece: "signInActivity", reason: "The admin-center export holds no sign-in activity." },
  { piece: "activationHistory", reason: "The admin-center export holds no activation history." },
];

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/\s+/g, " ")
    .toLowerCase();

/** The spreadsheet-safe prefix a CSV writer adds before = + - @ (OWASP) is not part of the value. */
const unescapeFormula = (v: string) => (/^'[=+\-@\t\r＝＋－＠]/.test(v) ? v.slice(1) : v);

function delimiterOf(text: string): "," | ";" {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const outside = firstLine.replace(/"[^"]*"/g, "");
  return (outside.match(/;/g)?.length ?? 0) > (outside.match(/,/g)?.length ?? 0) ? ";" : ",";
}

export interface ExportCsvOptions {
  now: Date;
  toolVersion: string;
  tenantId?: string;
}

export async function readExportCsv(path: string, options: ExportCsvOptions): Promise<Snapshot> {
  const bytes = await readFileBytes(path);
  return parseExportCsv(bytes.toString("utf8"), path, options);
}

export function parseExportCsv(text: string, file: string, options: ExportCsvOptions): Snapshot {
  const clean = text.replace(/^\uFEFF/, "");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(clean, {
      delimiter: delimiterOf(clean),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    throw new InputError("CSV_INVALID", `is not readable CSV: ${(error as Error).message.split("\n")[0]}`, {
      position: { file, ...(line === undefined ? {} : { line }) },
      hint: "Give the CSV as the Entra admin center exports it.",
    });
  }
  const [header, ...rows] = records;
  if (!header) {
    throw new InputError("CSV_INVALID", "is empty.", { position: { file }, hint: "Give an admin-center export CSV." });
  }
  const columns = new Map<Column, number>();
  header.record.forEach((h, i) => {
    const column = HEADERS[normaliseHeader(h)];
    if (column !== undefined && !columns.has(column)) columns.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new InputError("CSV_INVALID", `has no column ${missing.map((c) => `"${DISPLAY[c]}"`).join(", ")}.`, {
      position: { file, line: header.info.lines },
      hint: `The header must name the admin-center export columns (${REQUIRED.map((c) => DISPLAY[c]).join(", ")}), in any order.`,
    });
  }

  const roles = new Map<string, RoleDefinition>();
  const principals = new Map<string, Principal>();
  const assignments: Assignment[] = [];
  const hasIds = columns.has("principalId") && columns.has("roleTemplateId");

  rows.forEach(({ record, info }, index) => {
    const line = info.lines;
    const cell = (c: Column): string => {
      const i = columns.get(c);
      return i === undefined ? "" : unescapeFormula(record[i] ?? "");
    };
    const fail = (c: Column, message: string): never => {
      throw new InputError(
        "CSV_INVALID",
        `row ${index + 1}, column "${header.record[columns.get(c) ?? 0]?.trim()}": ${message}`,
        {
          position: { file, line, column: (columns.get(c) ?? 0) + 1 },
          hint: "Fix the cell or export the CSV again.",
        },
      );
    };

    const stateText = cell("state").toLowerCase();
    if (stateText !== "eligible" && stateText !== "active")
      fail("state", `"${cell("state")}" is not Eligible or Active.`);
    const state = stateText as "eligible" | "active";

    const memberText = cell("memberType").toLowerCase() || "direct";
    if (memberText !== "direct" && memberText !== "group" && memberText !== "inherited") {
      fail("memberType", `"${cell("memberType")}" is not Direct, Group or Inherited.`);
    }
    const memberType = memberText as MemberType;

    const resourceType = cell("resourceType");
    if (resourceType !== "" && resourceType.toLowerCase() !== "directory") {
      fail(
        "resourceType",
        `"${resourceType}" is not a directory role; only Microsoft Entra roles (Directory) are read.`,
      );
    }

    const roleName = cell("roleName");
    if (roleName === "") fail("roleName", "is empty.");
    const templateId = cell("roleTemplateId");
    const catalog = templateId ? roleByTemplateId(templateId) : roleByName(roleName);
    const roleId = templateId || catalog?.templateId || `export:${roleName}`;
    if (!roles.has(roleId)) {
      roles.set(roleId, {
        id: roleId,
        templateId: catalog?.templateId ?? roleId,
        displayName: roleName,
        isBuiltIn: catalog !== undefined,
        privileged: catalog?.privileged ?? false,
        privilegedActions: [],
      });
    }

    const written = cell("principalName");
    if (written === "") fail("principalName", "is empty.");
    // pim-audit writes a principal deleted since as "(deleted) <name or id>": read it back as deleted.
    const deleted = written.startsWith(DELETED_MARK);
    const principalName = deleted ? written.slice(DELETED_MARK.length) : written;
    const principalId = cell("principalId") || principalName;
    const typeText = cell("principalType");
    const type: PrincipalType =
      typeText === "user" || typeText === "group" || typeText === "servicePrincipal"
        ? typeText
        : memberType === "group"
          ? "group"
          : principalName.includes("@")
            ? "user"
            : "unknown";
    if (!principals.has(principalId)) {
      principals.set(principalId, {
        ...emptyPrincipal(principalId, deleted ? "unknown" : type),
        deleted,
        displayName: deleted ? null : cell("displayName") || null,
        userPrincipalName: !deleted && type === "user" ? principalName : null,
        mail: cell("email") || null,
      });
    }

    const parseDate = (c: Column, open: boolean): string | null => {
      const value = cell(c);
      if (value === "" || (open && /^(permanent|no expiry|never)$/i.test(value))) return null;
      return (
        parseExportDate(value) ??
        fail(c, `"${value}" is not a date (use ISO 8601 such as 2026-11-27T15:12:00Z, or 11/27/2026 3:12 PM).`)
      );
    };
    const start = parseDate("start", false);
    const end = parseDate("end", true);

    const viaGroupId = cell("viaGroupId") || null;
    const originText = cell("origin");
    const origin = originText === "pimGroupMember" || originText === "pimGroupOwner" ? originText : "directoryRole";
    assignments.push({
      id: cell("assignmentId") || `export-row-${index + 1}`,
      state,
      activeKind: null,
      roleId,
      principalId,
      directoryScopeId: cell("directoryScopeId") || "/",
      appScopeId: null,
      memberType,
      viaGroupId,
      start,
      end,
      origin,
      createdOutsidePim: null,
      expirationType: null,
      scheduleId: null,
      activatedFromEligibilityId: null,
    });
  });

  const request = basename(file);
  // The export's own nature, not a failed collection: every gap of this source is expected.
  const gaps: Gap[] = CSV_GAPS.map((g) => ({ ...g, request, expected: true }));
  if (!hasIds) {
    gaps.push({
      piece: "ids",
      reason: "The export names principals and roles but holds no object ids.",
      request,
      expected: true,
    });
  }
  return canonicalSnapshot({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tenant: { id: options.tenantId ?? "unknown", displayName: null, defaultDomain: null, cloud: "global" },
    collectedAt: options.now.toISOString(),
    source: { kind: "export-csv", endpoint: request, toolVersion: options.toolVersion },
    completeness: { complete: true, gaps },
    activityDays: null,
    activationHistory: { source: null, coversFrom: null },
    roles: [...roles.values()],
    principals: [...principals.values()],
    assignments,
    roleSettings: [],
    groupSettings: [],
    activations: [],
  });
}
