// The Entra admin-center PIM export -> Snapshot: the seven-column layout, the ten-column layout of public
// scripts and pim-audit's extended layout, in any column order (sources: test-utils/fixtures/export-csv.SOURCE.md).
import { basename } from "node:path";
import {
  type Assignment,
  canonicalSnapshot,
  type DataPiece,
  excerpt,
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
  withoutQuotedInput,
} from "@pim-audit/model";
import { CsvError, parse } from "csv-parse/sync";
import { emptyPrincipal } from "../graph/normalise/principals.js";

const DELETED_MARK = "(deleted) ";

import { readFileBytes } from "../snapshot-file/snapshot-file.js";
import { type DateOrder, type DateReading, ordersOf, readExportDate, resolveDate } from "./dates.js";

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

/** The header's most frequent separator: `,`, or `;` and tab as Excel writes them in many locales. */
function delimiterOf(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const outside = firstLine.replace(/"[^"]*"/g, "");
  const count = (d: string) => outside.split(d).length - 1;
  return [",", ";", "\t"].reduce((best, d) => (count(d) > count(best) ? d : best));
}

/** A GUID in PrincipalName is a service principal's application id, as public export scripts write it. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An open end as exports and their imitations write it. */
const OPEN_END = /^(permanent|no expiry|no expiration|never)$/i;

const PRINCIPAL_TYPES = new Map<string, PrincipalType>([
  ["user", "user"],
  ["group", "group"],
  ["serviceprincipal", "servicePrincipal"],
]);

export interface ExportCsvOptions {
  now: Date;
  toolVersion: string;
  tenantId?: string;
  /** Day/month order of `a/b/yyyy` dates; inferred from the file when absent. */
  dateOrder?: DateOrder;
}

export async function readExportCsv(path: string, options: ExportCsvOptions): Promise<Snapshot> {
  return parseExportCsv(decodeExportText(await readFileBytes(path)), path, options);
}

/** UTF-8, or UTF-16LE with its byte order mark, as Excel saves "Unicode text" (tab separated). */
export function decodeExportText(bytes: Buffer): string {
  return bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString("utf16le") : bytes.toString("utf8");
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
    throw new InputError("CSV_INVALID", `is not readable CSV: ${withoutQuotedInput((error as Error).message)}`, {
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
    if (column === undefined) return;
    const earlier = columns.get(column);
    if (earlier !== undefined) {
      // Two columns of one name: which one holds the data cannot be told, so neither is guessed.
      throw new InputError(
        "CSV_INVALID",
        `the header names "${h.trim()}" twice (columns ${earlier + 1} and ${i + 1}).`,
        {
          position: { file, line: header.info.lines, column: i + 1 },
          hint: "Keep one column of each name, as the admin center exports them.",
        },
      );
    }
    columns.set(column, i);
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

  const lastColumnRead = Math.max(...columns.values());
  const rowsOf = rows.map(({ record, info }, index) => {
    const cell = (c: Column): string => {
      const i = columns.get(c);
      return i === undefined ? "" : unescapeFormula(record[i] ?? "");
    };
    const fail = (c: Column, message: string): never => {
      throw new InputError(
        "CSV_INVALID",
        `row ${index + 1}, column ${excerpt(header.record[columns.get(c) ?? 0]?.trim())}: ${message}`,
        {
          position: { file, line: info.lines, column: (columns.get(c) ?? 0) + 1 },
          hint: "Fix the cell or export the CSV again.",
        },
      );
    };
    if (record.length <= lastColumnRead) {
      // A cell cut off is not an empty cell: a missing end date would read as permanent.
      throw new InputError(
        "CSV_INVALID",
        `row ${index + 1} has ${record.length} cells where the header has ${header.record.length}; column ${excerpt(header.record[record.length]?.trim())} is missing.`,
        {
          position: { file, line: info.lines, column: record.length + 1 },
          hint: "Fix the row (a quoted cell with a stray separator or a cut-off line) or export the CSV again.",
        },
      );
    }
    const readDate = (c: Column): DateCell => {
      const value = cell(c);
      if (value === "" || (c === "end" && OPEN_END.test(value))) return { column: c, value, reading: null };
      const reading = readExportDate(value);
      return reading === undefined
        ? fail(c, `${excerpt(value)} is not a date (${DATE_FORMS}).`)
        : { column: c, value, reading };
    };
    return { cell, fail, dates: [readDate("start"), readDate("end")] as const };
  });
  const order = dateOrderOf(rowsOf, options.dateOrder);

  rowsOf.forEach(({ cell, fail, dates }, index) => {
    const stateText = cell("state").toLowerCase();
    if (stateText !== "eligible" && stateText !== "active")
      fail("state", `${excerpt(cell("state"))} is not Eligible or Active.`);
    const state = stateText as "eligible" | "active";

    // Member Type is Graph's: how the principal holds the role, never what kind of principal it is.
    const memberText = cell("memberType").toLowerCase() || "direct";
    if (memberText !== "direct" && memberText !== "group" && memberText !== "inherited") {
      fail("memberType", `${excerpt(cell("memberType"))} is not Direct, Group or Inherited.`);
    }
    const memberType = memberText as MemberType;

    const resourceType = cell("resourceType");
    if (resourceType !== "" && resourceType.toLowerCase() !== "directory") {
      fail(
        "resourceType",
        `${excerpt(resourceType)} is not a directory role; only Microsoft Entra roles (Directory) are read.`,
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

    const principal = principalOf(cell, fail);
    if (!principals.has(principal.id)) principals.set(principal.id, principal);

    const [start, end] = dates.map((d) =>
      d.reading === null
        ? null
        : (resolveDate(d.reading, order) ?? fail(d.column, `${excerpt(d.value)} is not a date (${DATE_FORMS}).`)),
    ) as [string | null, string | null];
    if (start !== null && end !== null && end < start) {
      fail("end", `${excerpt(dates[1].value)} is before the assignment's start (${excerpt(dates[0].value)}).`);
    }

    const viaGroupId = cell("viaGroupId") || null;
    const originText = cell("origin");
    const origin = originText === "pimGroupMember" || originText === "pimGroupOwner" ? originText : "directoryRole";
    assignments.push({
      id: cell("assignmentId") || `export-row-${index + 1}`,
      state,
      activeKind: null,
      roleId,
      principalId: principal.id,
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

const DATE_FORMS =
  "use ISO 8601 such as 2026-11-27T15:12:00Z, or a locale form such as 11/27/2026 3:12 PM or 27.11.2026 15:12";
const DATE_ORDER_HINT = "Pass --date-order dmy (day first, 27/11/2026) or --date-order mdy (month first, 11/27/2026).";

interface DateCell {
  column: Column;
  value: string;
  /** null: blank, or an open end (Permanent, No Expiry). */
  reading: DateReading | { kind: "iso"; iso: string } | null;
}

type Cell = (c: Column) => string;
type Fail = (c: Column, message: string) => never;

/**
 * One day/month order for the whole file, since one export comes from one locale: the given one, else
 * the one its unambiguous dates (a day above 12) show. A file that shows both, or neither while holding
 * a date like 03/04/2026, is refused at the cell rather than read by a guess.
 */
function dateOrderOf(
  rows: readonly { fail: Fail; dates: readonly DateCell[] }[],
  given: DateOrder | undefined,
): DateOrder {
  if (given) return given;
  let decided: { order: DateOrder; value: string } | undefined;
  let ambiguous: { fail: Fail; cell: DateCell } | undefined;
  for (const { fail, dates } of rows) {
    for (const d of dates) {
      if (d.reading?.kind !== "slashed") continue;
      const orders = ordersOf(d.reading);
      if (orders.length === 2) ambiguous ??= { fail, cell: d };
      if (orders.length !== 1) continue;
      const order = orders[0] as DateOrder;
      if (decided === undefined) decided = { order, value: d.value };
      else if (decided.order !== order) {
        fail(
          d.column,
          `${excerpt(d.value)} reads only ${order === "dmy" ? "day" : "month"} first, but ${excerpt(decided.value)} earlier in the file only ${decided.order === "dmy" ? "day" : "month"} first. ${DATE_ORDER_HINT}`,
        );
      }
    }
  }
  if (decided) return decided.order;
  if (ambiguous) {
    const { fail, cell } = ambiguous;
    fail(
      cell.column,
      `${excerpt(cell.value)} may be day or month first, and no date in the file has a day above 12 to tell. ${DATE_ORDER_HINT}`,
    );
  }
  return "mdy";
}

/**
 * The principal a row names. Users carry their UPN in PrincipalName; a group has none and is named in
 * User Group Name; a service principal carries its application id. The type comes from these (or from
 * the extended layout's Principal Type column), never from Member Type.
 */
function principalOf(cell: Cell, fail: Fail): Principal {
  const written = cell("principalName");
  // pim-audit writes a principal deleted since as "(deleted) <name or id>": read it back as deleted.
  const deleted = written.startsWith(DELETED_MARK);
  if (deleted) {
    const id = cell("principalId") || written.slice(DELETED_MARK.length);
    return { ...emptyPrincipal(id, "unknown"), deleted: true, mail: cell("email") || null };
  }
  const principalName = written;
  const displayName = cell("displayName");
  const explicit = PRINCIPAL_TYPES.get(
    cell("principalType")
      .toLowerCase()
      .replace(/[\s_-]/g, ""),
  );
  const type: PrincipalType =
    explicit ??
    (principalName === ""
      ? "group"
      : principalName.includes("@")
        ? "user"
        : GUID.test(principalName)
          ? "servicePrincipal"
          : "unknown");
  const id = cell("principalId") || principalName || displayName;
  if (id === "") {
    fail("principalName", 'is empty, and so is "User Group Name": the row names no principal.');
  }
  return {
    ...emptyPrincipal(id, type),
    displayName: displayName || null,
    userPrincipalName: type === "user" && principalName !== "" ? principalName : null,
    mail: cell("email") || null,
    appId: type === "servicePrincipal" && GUID.test(principalName) ? principalName : null,
  };
}
