// findings.sarif: SARIF 2.1.0 as GitHub code scanning reads it. Each result sits at the policy
// rule's line, so a pull request that changes the policy shows the findings where the rule is. The texts a
// viewer shows have their control characters written as `\uXXXX`; properties keep the exact values, which
// stableJson escapes.
import {
  escapeControls,
  type Finding,
  type FindingsReport,
  isBlockingGap,
  type RuleSummary,
  type Severity,
  stableJson,
} from "@pim-audit/model";
import type { Log, Notification, ReportingDescriptor, Result } from "sarif";
import type { RenderContext } from "../types.js";
import { sortFindings } from "./order.js";
import { policyUri } from "./policy-uri.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const FINGERPRINT_KEY = "pimAuditFingerprint/v1";
/** GitHub code scanning rejects a run with more results than this. */
export const SARIF_MAX_RESULTS = 25_000;

// GitHub's bands: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
const SECURITY_SEVERITY: Record<Severity, string | null> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "2.0",
  info: null,
};

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

const shown = (text: string): string => escapeControls(text, { keepWhitespace: true });

function descriptor(summary: RuleSummary, uri: string): ReportingDescriptor {
  const rule = { ...summary, title: shown(summary.title), description: shown(summary.description) };
  const where = `Defined in ${shown(uri)} at line ${rule.location.line} (rule type \`${rule.ruleType}\`).`;
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.ruleId,
    name: rule.ruleId,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    help: {
      text: `${rule.description || rule.title}\n\n${where.replace(/`/g, "")}`,
      markdown: `**${rule.title}**\n\n${rule.description || rule.title}\n\n${where}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["security", "pim", rule.ruleType],
      precision: "very-high",
      severity: rule.severity,
      ...(securitySeverity ? { "security-severity": securitySeverity } : {}),
    },
  };
}

function result(finding: Finding, ruleIndex: number, context: RenderContext): Result {
  const s = finding.subject;
  const suppressions: Result["suppressions"] =
    finding.status === "suppressed" && finding.suppression
      ? [
          {
            kind: "external",
            status: "accepted",
            justification: shown(
              `${finding.suppression.reason} (expires ${finding.suppression.expires}${finding.suppression.ticket ? `, ${finding.suppression.ticket}` : ""})`,
            ),
            location: {
              physicalLocation: {
                artifactLocation: { uri: policyUri(finding.suppression.location.file, context) },
                region: {
                  startLine: finding.suppression.location.line,
                  startColumn: finding.suppression.location.column,
                },
              },
            },
          },
        ]
      : finding.status === "baseline"
        ? [{ kind: "external", status: "accepted", justification: "Accepted in the baseline." }]
        : undefined;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: shown(finding.message) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: policyUri(finding.location.file, context) },
          region: { startLine: finding.location.line, startColumn: finding.location.column },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(suppressions ? { suppressions } : {}),
    properties: {
      status: finding.status,
      severity: finding.severity,
      principalName: s.principalName,
      principalId: s.principalId,
      roleName: s.roleName,
      roleId: s.roleId,
      state: s.state,
      memberType: s.memberType,
      assignmentId: s.assignmentId,
    },
  };
}

export function renderSarif(
  report: FindingsReport,
  context: RenderContext,
  options: { maxResults?: number } = {},
): string {
  const maxResults = options.maxResults ?? SARIF_MAX_RESULTS;
  const findings = sortFindings(report.findings);
  const left = Math.max(0, findings.length - maxResults);
  const rules = report.rules.map((r) => descriptor(r, policyUri(r.location.file, context)));
  const ruleIndex = new Map(report.rules.map((r, i) => [r.ruleId, i]));
  const notifications: Notification[] = [
    ...report.snapshot.gaps.map(
      (g): Notification => ({
        level: isBlockingGap(g) ? "error" : "note",
        message: {
          text: shown(
            isBlockingGap(g)
              ? `Snapshot incomplete: ${g.piece} could not be read (${g.reason}).`
              : `${g.piece} is not in the snapshot (${g.reason}); no loaded rule needs it, or its source never holds it.`,
          ),
        },
      }),
    ),
    ...report.notEvaluated.map(
      (n): Notification => ({
        level: "warning",
        message: { text: shown(`Rule ${n.ruleId} was not evaluated: ${n.reason} Missing: ${n.missing.join(", ")}.`) },
        associatedRule: { id: n.ruleId, ...(ruleIndex.has(n.ruleId) ? { index: ruleIndex.get(n.ruleId)! } : {}) },
      }),
    ),
    ...(left
      ? [
          {
            level: "warning" as const,
            message: {
              text: `${left} of ${findings.length} results left out, the least severe first: code scanning takes at most ${maxResults} per run. The complete record is in findings.json.`,
            },
          },
        ]
      : []),
  ];
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: context.toolVersion,
            semanticVersion: context.toolVersion,
            rules,
          },
        },
        automationDetails: { id: `pim-audit/${report.snapshot.tenantId}/` },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.evaluatedAt,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: findings.slice(0, maxResults).map((f) => result(f, ruleIndex.get(f.ruleId) ?? -1, context)),
        properties: {
          tenantId: report.snapshot.tenantId,
          collectedAt: report.snapshot.collectedAt,
          complete: report.snapshot.complete,
        },
      },
    ],
  };
  return stableJson(log);
}
