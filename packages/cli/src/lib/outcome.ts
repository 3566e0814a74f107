// The exit code of a run: 3 when the collection is incomplete, 1 for open findings at or above
// --fail-on, else 0.
import { atOrAbove, ExitCode, type FindingsReport, type Snapshot } from "@pim-audit/model";
import type { FailOn } from "./settings.js";

export interface Outcome {
  exitCode: ExitCode;
  reason: string;
}

export function decideOutcome(snapshot: Snapshot, report: FindingsReport, failOn: FailOn, softFail: boolean): Outcome {
  // An export CSV cannot know ids, settings or memberships; those gaps are the source's nature,
  // not a failed collection, and the rules that need them are listed as not evaluated.
  if (!snapshot.completeness.complete && snapshot.source.kind !== "export-csv") {
    const gaps = snapshot.completeness.gaps.map((g) => `${g.piece} (${g.reason})`).join("; ");
    return {
      exitCode: softFail ? ExitCode.Ok : ExitCode.CollectionFailed,
      reason: `the collection is incomplete: ${gaps}. Rules that need these were not evaluated.`,
    };
  }
  if (failOn === "never" || softFail) return { exitCode: ExitCode.Ok, reason: "" };
  const failing = report.findings.filter((f) => f.status === "open" && atOrAbove(f.severity, failOn));
  if (failing.length > 0) {
    return {
      exitCode: ExitCode.Findings,
      reason: `${failing.length} open finding${failing.length === 1 ? "" : "s"} at or above ${failOn}.`,
    };
  }
  return { exitCode: ExitCode.Ok, reason: "" };
}
