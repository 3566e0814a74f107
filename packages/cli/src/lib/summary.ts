// The short summary a person reads at the end of a run; names from the tenant have their control characters
// written as `\uXXXX`, line ends included, so none can draw on the terminal or fake a line.
import { escapeControls, type FindingsReport, isBlockingGap, SEVERITIES, type Snapshot } from "@pim-audit/model";

export function summaryLines(snapshot: Snapshot, report: FindingsReport, files: string[], outDir: string): string[] {
  const s = report.summary;
  const counts = [...SEVERITIES]
    .reverse()
    .filter((sev) => s.open[sev] > 0)
    .map((sev) => `${s.open[sev]} ${sev}`)
    .join(", ");
  const lines = [
    `Tenant ${snapshot.tenant.displayName ? `${snapshot.tenant.displayName} (${snapshot.tenant.id})` : snapshot.tenant.id}, collected ${snapshot.collectedAt}: ${snapshot.assignments.length} assignments, ${snapshot.principals.length} principals, ${snapshot.roles.length} roles.`,
    `Evaluated ${report.policies.length} polic${report.policies.length === 1 ? "y" : "ies"} (${s.rules} rules) at ${report.evaluatedAt}: ${s.totalOpen} open finding${s.totalOpen === 1 ? "" : "s"}${counts ? ` (${counts})` : ""}, ${s.suppressed} suppressed, ${s.baseline} in baseline, ${s.notEvaluated} rule${s.notEvaluated === 1 ? "" : "s"} not evaluated.`,
  ];
  const blocking = report.snapshot.gaps.filter(isBlockingGap);
  if (blocking.length > 0) lines.push(`Incomplete: ${blocking.map((g) => `${g.piece} (${g.reason})`).join("; ")}`);
  // Missing pieces nobody in this run needs: said, but they do not make the run incomplete.
  const unneeded = report.snapshot.gaps.filter(
    (g) => !isBlockingGap(g) && g.needed === false && !g.expected && g.skipped !== true,
  );
  if (unneeded.length > 0) {
    lines.push(
      `Warning, not needed by the loaded rules: ${unneeded.map((g) => `${g.piece} (${g.reason})`).join("; ")}`,
    );
  }
  const top = report.findings.filter((f) => f.status === "open").slice(0, 5);
  for (const f of top) lines.push(`  [${f.severity}] ${f.ruleId}: ${f.message}`);
  if (s.totalOpen > top.length) lines.push(`  ... and ${s.totalOpen - top.length} more in ${outDir}/findings.md`);
  lines.push(`Reports in ${outDir}: ${files.map((f) => f.split(/[\\/]/).pop()).join(", ")}`);
  return lines.map((line) => escapeControls(line));
}
