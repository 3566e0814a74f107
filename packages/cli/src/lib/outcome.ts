// The exit code of a run: 3 when a piece the run needs is missing, 1 for open findings at or above
// --fail-on, else 0.
import { atOrAbove, ExitCode, type FindingsReport, isBlockingGap } from "@pim-audit/model";
import type { FailOn } from "./settings.js";

export interface Outcome {
  exitCode: ExitCode;
  reason: string;
}

export function decideOutcome(report: FindingsReport, failOn: FailOn, softFail: boolean): Outcome {
  // Only a gap a loaded rule or the export needs, and that the source could have filled, is incompleteness;
  // the others are warnings (summary, findings.json, manifest), so that exit 3 keeps its meaning.
  const blocking = report.snapshot.gaps.filter(isBlockingGap);
  if (blocking.length > 0) {
    const gaps = blocking
      .map((g) => `${g.piece} (${g.reason}; needed by ${(g.neededBy ?? []).join(", ") || "this run"})`)
      .join("; ");
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
