// findings.md: a summary by severity and rule, then the findings, sized for a pull-request comment.
import { type FindingsReport, isBlockingGap, SEVERITIES } from "@pim-audit/model";
import { fitMarkdown, lazyRows, type MdSection, mdCell, mdCode, mdRow, mdTable } from "./markdown.js";
import { sortFindings } from "./order.js";

/** GitHub's limit for a pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

function stateText(state: string | null, memberType: string | null, via: string | null): string {
  if (state === null) return "";
  const how = via ? `, via ${via}` : memberType && memberType !== "direct" ? `, ${memberType}` : "";
  return `${state}${how}`;
}

export function findingsPreamble(report: FindingsReport, title: string): string[] {
  const s = report.snapshot;
  const tenant = s.tenantName ? `${mdCell(s.tenantName)} (${mdCode(s.tenantId)})` : mdCode(s.tenantId);
  const policies = report.policies.map((p) => `${mdCell(p.name)} (${mdCode(p.file)})`).join(", ") || "none";
  const lines = [
    `# ${title}`,
    "",
    `Tenant ${tenant}, ${s.assignments} assignment(s) collected ${s.collectedAt} from ${s.source}; ` +
      `evaluated ${report.evaluatedAt} by ${mdCell(report.tool.name)} ${mdCell(report.tool.version)} against ${policies}.`,
    "",
  ];
  const blocking = s.gaps.filter(isBlockingGap);
  if (!s.complete || blocking.length) {
    lines.push(
      `> **Incomplete snapshot**: ${blocking.map((g) => `${g.piece} (${mdCell(g.reason)})`).join("; ") || "gaps not named"}. ` +
        "Rules that need the missing data were not evaluated; a clean result is not a clean tenant.",
      "",
    );
  }
  const warnings = s.gaps.filter((g) => !isBlockingGap(g));
  if (warnings.length) {
    lines.push(
      `> Not in the snapshot, and not needed by this run or never held by its source: ${warnings.map((g) => `${g.piece} (${mdCell(g.reason)})`).join("; ")}.`,
      "",
    );
  }
  lines.push(
    "## Summary",
    "",
    ...mdTable(["Severity", "Open"], ["l", "r"]),
    ...[...SEVERITIES].reverse().map((sev) => mdRow([sev, String(report.summary.open[sev])])),
    mdRow(["**total**", `**${report.summary.totalOpen}**`]),
    "",
    `Suppressed: ${report.summary.suppressed}. Baseline: ${report.summary.baseline}. ` +
      `Rules: ${report.summary.rules}, not evaluated: ${report.summary.notEvaluated}.`,
    "",
  );
  return lines;
}

export function findingsSections(report: FindingsReport): MdSection[] {
  const sorted = sortFindings(report.findings);
  const open = sorted.filter((f) => f.status === "open");
  const other = sorted.filter((f) => f.status !== "open");
  return [
    {
      head: [
        "## By rule",
        "",
        ...mdTable(["Rule", "Severity", "Open", "Suppressed", "Baseline", "Title"], ["l", "l", "r", "r", "r", "l"]),
      ],
      rows: report.rules.map((r) =>
        mdRow([
          mdCode(r.ruleId),
          r.severity,
          r.evaluated ? String(r.open) : "not evaluated",
          String(r.suppressed),
          String(r.baseline),
          mdCell(r.title),
        ]),
      ),
      countsAsFindings: false,
      tail: [""],
    },
    {
      head: ["## Not evaluated", "", ...mdTable(["Rule", "Severity", "Missing data", "Reason"], ["l", "l", "l", "l"])],
      rows: report.notEvaluated.map((n) =>
        mdRow([mdCode(n.ruleId), n.severity, n.missing.join(", "), mdCell(n.reason)]),
      ),
      countsAsFindings: false,
      tail: [""],
    },
    {
      head: [
        "## Open findings",
        "",
        ...mdTable(["Severity", "Rule", "Principal", "Role", "State", "Finding"], ["l", "l", "l", "l", "l", "l"]),
      ],
      rows: lazyRows(open, (f) =>
        mdRow([
          f.severity,
          mdCode(f.ruleId),
          mdCell(f.subject.principalName),
          mdCell(f.subject.roleName),
          mdCell(stateText(f.subject.state, f.subject.memberType, f.subject.viaGroupName)),
          mdCell(f.message),
        ]),
      ),
      countsAsFindings: true,
      tail: [""],
    },
    {
      head: [
        "## Suppressed and baseline",
        "",
        ...mdTable(["Status", "Severity", "Rule", "Principal", "Role", "Why"], ["l", "l", "l", "l", "l", "l"]),
      ],
      rows: lazyRows(other, (f) =>
        mdRow([
          f.status,
          f.severity,
          mdCode(f.ruleId),
          mdCell(f.subject.principalName),
          mdCell(f.subject.roleName),
          f.suppression
            ? mdCell(
                `${f.suppression.reason} (until ${f.suppression.expires}${f.suppression.ticket ? `, ${f.suppression.ticket}` : ""})`,
              )
            : "in baseline",
        ]),
      ),
      countsAsFindings: true,
      tail: [""],
    },
  ];
}

export function renderFindingsMarkdown(report: FindingsReport, options: { limit?: number } = {}): string {
  const sections = findingsSections(report);
  if (report.findings.length === 0) {
    sections.push({ head: [], rows: ["No findings."], countsAsFindings: false, tail: [""] });
  }
  return fitMarkdown(
    findingsPreamble(report, "pim-audit findings"),
    sections,
    options.limit ?? GITHUB_COMMENT_LIMIT,
    "The complete record is in findings.json and findings.csv.",
  );
}
