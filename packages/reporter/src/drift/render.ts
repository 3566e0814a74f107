// Drift as Markdown (for people), JSON (for machines) and CSV (for the spreadsheet beside the export).
import { stableJson } from "@pim-audit/model";
import { toCsv } from "../writers/csv-options.js";
import { fitMarkdown, type MdSection, mdCell, mdCode, mdRow, mdTable } from "../writers/markdown.js";
import type { Drift, DriftAssignment, DriftChangeKind } from "./compute.js";

export type DriftFormat = "md" | "json" | "csv";

const CHANGE_TEXT: Record<DriftChangeKind, string> = {
  state: "state changed",
  activated: "activated",
  "end-extended": "end extended",
  "end-shortened": "end brought forward",
  "moved-to-group": "moved from direct to group",
  "moved-to-direct": "moved from group to direct",
  "via-group": "now through another group",
};

const end = (a: DriftAssignment) => a.end ?? "Permanent";
const how = (a: DriftAssignment) =>
  `${a.state}${a.activeKind === "activated" ? " (activated)" : ""}, ${a.viaGroupName ? `through group ${a.viaGroupName}` : a.memberType}`;

export const DRIFT_CSV_COLUMNS = [
  "Change",
  "Details",
  "Role Name",
  "PrincipalName",
  "Principal Type",
  "State Before",
  "State After",
  "Member Type Before",
  "Member Type After",
  "Via Group Before",
  "Via Group After",
  "End Before (UTC)",
  "End After (UTC)",
  "Assignment Id Before",
  "Assignment Id After",
  "Role Id",
  "Principal Id",
  "Directory Scope Id",
] as const;

function csvRow(
  change: string,
  details: string,
  before: DriftAssignment | null,
  after: DriftAssignment | null,
): string[] {
  const any = (after ?? before)!;
  return [
    change,
    details,
    any.roleName,
    any.principalName,
    any.principalType,
    before?.state ?? "",
    after?.state ?? "",
    before?.memberType ?? "",
    after?.memberType ?? "",
    before?.viaGroupName ?? "",
    after?.viaGroupName ?? "",
    before ? end(before) : "",
    after ? end(after) : "",
    before?.assignmentId ?? "",
    after?.assignmentId ?? "",
    any.roleId,
    any.principalId,
    any.directoryScopeId,
  ];
}

function renderCsv(drift: Drift): string {
  return toCsv(DRIFT_CSV_COLUMNS, [
    ...drift.newlyPrivileged.map((p) => [
      "newly-privileged",
      `${p.states.join(", ")}${p.firstPrivilegedRole ? "; first privileged role" : ""}`,
      p.roleName,
      p.principalName,
      p.principalType,
      "",
      p.states.join(", "),
      ...Array<string>(8).fill(""),
      p.roleId,
      p.principalId,
      "",
    ]),
    ...drift.added.map((a) => csvRow("added", "", null, a)),
    ...drift.removed.map((a) => csvRow("removed", "", a, null)),
    ...drift.changed.map((c) => csvRow("changed", c.changes.join(", "), c.before, c.after)),
  ]);
}

function renderMarkdown(drift: Drift): string {
  const s = drift.summary;
  const preamble = [
    "# pim-audit drift",
    "",
    `Tenant ${mdCode(drift.to.tenantId)}, from the snapshot of ${drift.from.collectedAt} to the one of ${drift.to.collectedAt}.`,
    "",
    ...mdTable(["Newly privileged", "Added", "Removed", "Changed", "Unchanged"], ["r", "r", "r", "r", "r"]),
    mdRow([s.newlyPrivileged, s.added, s.removed, s.changed, s.unchanged].map(String)),
    "",
  ];
  const assignmentTable = (title: string, list: DriftAssignment[]): MdSection => ({
    head: [
      `## ${title}`,
      "",
      ...mdTable(["Role", "Principal", "Assignment", "Start", "End"], ["l", "l", "l", "l", "l"]),
    ],
    rows: list.map((a) => mdRow([mdCell(a.roleName), mdCell(a.principalName), mdCell(how(a)), a.start ?? "", end(a)])),
    countsAsFindings: true,
    tail: [""],
  });
  const sections: MdSection[] = [
    {
      head: [
        "## Newly holding privileged roles",
        "",
        ...mdTable(["Principal", "Type", "Role", "As", "First privileged role"], ["l", "l", "l", "l", "l"]),
      ],
      rows: drift.newlyPrivileged.map((p) =>
        mdRow([
          mdCell(p.principalName),
          p.principalType,
          mdCell(p.roleName),
          p.states.join(", "),
          p.firstPrivilegedRole ? "yes" : "no",
        ]),
      ),
      countsAsFindings: true,
      tail: [""],
    },
    assignmentTable("Added", drift.added),
    assignmentTable("Removed", drift.removed),
    {
      head: [
        "## Changed",
        "",
        ...mdTable(["Role", "Principal", "Change", "Before", "After"], ["l", "l", "l", "l", "l"]),
      ],
      rows: drift.changed.map((c) =>
        mdRow([
          mdCell(c.after.roleName),
          mdCell(c.after.principalName),
          c.changes.map((k) => CHANGE_TEXT[k]).join(", "),
          mdCell(`${how(c.before)}, ends ${end(c.before)}`),
          mdCell(`${how(c.after)}, ends ${end(c.after)}`),
        ]),
      ),
      countsAsFindings: true,
      tail: [""],
    },
  ];
  if (s.added + s.removed + s.changed + s.newlyPrivileged === 0) {
    sections.push({
      head: [],
      rows: ["No drift: the same assignments in both snapshots."],
      countsAsFindings: false,
      tail: [],
    });
  }
  return fitMarkdown(preamble, sections, Number.POSITIVE_INFINITY, "");
}

export function renderDrift(drift: Drift, format: DriftFormat): string {
  switch (format) {
    case "json":
      return stableJson(drift);
    case "csv":
      return renderCsv(drift);
    case "md":
      return renderMarkdown(drift);
  }
}
