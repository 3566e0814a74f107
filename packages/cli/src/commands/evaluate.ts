import { resolve } from "node:path";
import { Flags } from "@oclif/core";
import type { DateOrder } from "@pim-audit/collector";
import { BaseCommand } from "../lib/base-command.js";
import { loadConfig } from "../lib/config-file.js";
import { displayPath } from "../lib/display-path.js";
import { configFlags, dateOrderFlag, outputFlags, policyFlags } from "../lib/flags.js";
import { decideOutcome } from "../lib/outcome.js";
import { evaluateSnapshot, loadPolicySet, parseAt, policyContext, readBaseline } from "../lib/pipeline.js";
import { resolveSettings } from "../lib/settings.js";
import { inputLimits } from "../lib/source.js";
import { summaryLines } from "../lib/summary.js";
import { openOutput, writeOutputs } from "../lib/write-outputs.js";

export default class Evaluate extends BaseCommand {
  static override summary = "Evaluate a saved snapshot against policies and write the reports.";
  static override description =
    "The same evaluation and reports as run, from a snapshot or export CSV on disk. The same snapshot, policies and --at always give byte-identical reports.";
  static override examples = [
    "<%= config.bin %> evaluate --from snapshot.json --policy policies/ --out reports --at 2026-11-01T00:00:00Z",
    "<%= config.bin %> evaluate --from snapshot.json --baseline accepted/findings.json --fail-on low",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    from: Flags.string({ description: "Snapshot (.json, .json.gz) or admin-center export CSV.", required: true }),
    ...dateOrderFlag,
    ...policyFlags,
    ...outputFlags,
    ...configFlags,
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Evaluate);
    const cwd = process.cwd();
    const config = await loadConfig(flags.config, cwd);
    const { values: settings } = resolveSettings(flags, process.env, config);
    const at = parseAt(flags.at, new Date());
    const policies = await loadPolicySet(settings, cwd);
    const baseline = await readBaseline(flags.baseline, cwd);
    const outDir = resolve(cwd, settings.out);
    const output = await openOutput(outDir, {
      cwd,
      givenOut: settings.out,
      evidence: undefined,
      onNotice: this.notice,
    });
    let report: Awaited<ReturnType<typeof evaluateSnapshot>>;
    let snapshot: Awaited<ReturnType<typeof import("@pim-audit/collector").readSource>>;
    let written: Awaited<ReturnType<typeof writeOutputs>>;
    try {
      const { readSource } = await import("@pim-audit/collector");
      const { toolVersion } = await import("../lib/version.js");
      snapshot = await readSource(resolve(cwd, flags.from), {
        now: at,
        toolVersion,
        tenantId: settings.tenant,
        onNotice: this.notice,
        ...inputLimits(process.env),
        ...(flags["date-order"] ? { dateOrder: flags["date-order"] as DateOrder } : {}),
      });
      report = await evaluateSnapshot(snapshot, policies, at, baseline);
      written = await writeOutputs({
        outDir,
        snapshot,
        report,
        settings: { ...settings, evidence: undefined },
        excel: flags.excel,
        policies: policyContext(policies, cwd),
        signKeyFile: undefined,
        cwd,
        argv: this.argv,
        writeSnapshot: false,
        output,
      });
    } finally {
      output.release();
    }
    const outcome = decideOutcome(report, settings.failOn, flags["soft-fail"]);
    if (!this.jsonEnabled()) {
      for (const line of summaryLines(snapshot, report, written.files, displayPath(cwd, outDir))) this.log(line);
      if (outcome.reason) this.note(`pim-audit: exit ${outcome.exitCode}: ${outcome.reason}`);
    }
    process.exitCode = outcome.exitCode;
    return {
      exitCode: outcome.exitCode,
      reason: outcome.reason || null,
      outDir,
      files: written.files,
      summary: report.summary,
    };
  }
}
