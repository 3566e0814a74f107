// GitHub Actions: workflow-command annotations on the policy lines, and a Markdown job summary.
import { escapeControls, type FindingsReport, isBlockingGap, type Severity } from "@pim-audit/model";
import { lineChunks } from "../files/chunks.js";
import type { RenderContext } from "../types.js";
import { findingsPreamble, findingsSections } from "./findings-md.js";
import { fitMarkdown } from "./markdown.js";
import { sortFindings } from "./order.js";
import { policyUri } from "./policy-uri.js";

export const GITHUB_ANNOTATIONS_FILE = "github-annotations.txt";
export const GITHUB_SUMMARY_FILE = "github-step-summary.md";
/** $GITHUB_STEP_SUMMARY takes 1 MiB per step; a UTF-16 unit is at most 3 UTF-8 bytes. */
export const GITHUB_SUMMARY_LIMIT = Math.floor((1024 * 1024) / 3);

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "notice",
  info: "notice",
};

// The same escaping as @actions/core's command.ts: data escapes %, CR, LF; properties also : and ,. Other
// control characters are first written as visible `\uXXXX`: an ESC would reach the log viewer raw.
export function escapeData(value: string): string {
  const text = escapeControls(value, { keepWhitespace: true });
  if (!/[%\r\n]/.test(text)) return text;
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(value: string): string {
  const text = escapeData(value);
  return /[:,]/.test(text) ? text.replace(/:/g, "%3A").replace(/,/g, "%2C") : text;
}

function command(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  // Once per open finding: a loop, not a chain of arrays.
  let props = "";
  for (const key in properties) {
    const value = properties[key];
    if (value === undefined || value === "") continue;
    props += `${props ? "," : ""}${key}=${escapeProperty(String(value))}`;
  }
  return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

function* annotations(
  report: FindingsReport,
  context?: Pick<RenderContext, "policies" | "repoRoot">,
): Generator<string> {
  const where = context ?? { policies: [] };
  for (const gap of report.snapshot.gaps) {
    if (isBlockingGap(gap)) {
      yield command(
        "error",
        { title: "pim-audit: incomplete snapshot" },
        `${gap.piece} could not be read: ${gap.reason}`,
      );
    } else {
      yield command(
        "notice",
        { title: "pim-audit: not in the snapshot" },
        `${gap.piece}: ${gap.reason} (not needed by the loaded rules, or never held by this source)`,
      );
    }
  }
  for (const n of report.notEvaluated) {
    yield command(
      "warning",
      {
        file: policyUri(n.location.file, where),
        line: n.location.line,
        col: n.location.column,
        title: `${n.ruleId}: not evaluated`,
      },
      `${n.reason} Missing: ${n.missing.join(", ")}.`,
    );
  }
  for (const f of sortFindings(report.findings)) {
    if (f.status !== "open") continue;
    yield command(
      COMMAND[f.severity],
      {
        file: policyUri(f.location.file, where),
        line: f.location.line,
        col: f.location.column,
        title: `${f.ruleId} (${f.severity}): ${f.title}`,
      },
      f.message,
    );
  }
}

/** github-annotations.txt in pieces: one workflow command per open finding (and per rule not evaluated). */
export function githubAnnotationsChunks(
  report: FindingsReport,
  context?: Pick<RenderContext, "policies" | "repoRoot">,
): Iterable<string> {
  return lineChunks(annotations(report, context));
}

/** One workflow command per open finding (and per rule not evaluated), one per line. */
export function githubAnnotations(
  report: FindingsReport,
  context?: Pick<RenderContext, "policies" | "repoRoot">,
): string {
  return [...githubAnnotationsChunks(report, context)].join("");
}

/** Markdown for $GITHUB_STEP_SUMMARY: the findings.md content, sized for the summary limit. */
export function githubStepSummary(report: FindingsReport): string {
  const sections = findingsSections(report);
  if (report.findings.length === 0)
    sections.push({ head: [], rows: ["No findings."], countsAsFindings: false, tail: [""] });
  return fitMarkdown(
    findingsPreamble(report, "pim-audit"),
    sections,
    GITHUB_SUMMARY_LIMIT,
    "The complete record is in findings.json.",
  );
}
