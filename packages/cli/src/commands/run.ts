import { resolve } from "node:path";
import type { DateOrder } from "@pim-audit/collector";
import { BaseCommand } from "../lib/base-command.js";
import { loadConfig } from "../lib/config-file.js";
import { displayPath } from "../lib/display-path.js";
import { configFlags, evidenceFlags, outputFlags, policyFlags, sourceFlags } from "../lib/flags.js";
import { testPause } from "../lib/interrupt.js";
import { decideOutcome } from "../lib/outcome.js";
import {
  evaluateSnapshot,
  loadPolicySet,
  neededPieces,
  parseAt,
  policyContext,
  readBaseline,
} from "../lib/pipeline.js";
import { checkFlagCombinations, checkInputFiles } from "../lib/preflight.js";
import { resolveSettings } from "../lib/settings.js";
import { obtainSnapshot } from "../lib/source.js";
import { summaryLines } from "../lib/summary.js";
import { openOutput, writeOutputs } from "../lib/write-outputs.js";

export default class Run extends BaseCommand {
  static override summary = "Collect, evaluate and report in one go.";
  static override description =
    "Collects every PIM role assignment (from Microsoft Graph, the demo emulator, a snapshot or an admin-center export CSV), evaluates it against least-privilege policies, and writes assignments.csv, the findings and snapshot.json to --out. Only what the loaded policies and the export need is read from Graph. Exit 3 only when a piece they need is missing; other gaps are warnings. Progress goes to stderr, the summary to stdout.";
  static override examples = [
    { description: "Try it on the built-in demo tenant", command: "<%= config.bin %> run --demo" },
    {
      description: "Audit a tenant with a service principal and both policy packs",
      command:
        "<%= config.bin %> run --tenant contoso.onmicrosoft.com --auth secret --policy baseline --policy cisa-scuba",
    },
    {
      description: "Re-evaluate a saved snapshot at a fixed time, failing on medium findings",
      command: "<%= config.bin %> run --from snapshot.json --at 2026-11-01T00:00:00Z --fail-on medium",
    },
    {
      description: "Monthly evidence run with SARIF",
      command: "<%= config.bin %> run --demo --format csv,json,md,sarif --evidence evidence/",
    },
  ];
  static override enableJsonFlag = true;
  static override flags = { ...sourceFlags, ...policyFlags, ...outputFlags, ...evidenceFlags, ...configFlags };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Run);
    const cwd = process.cwd();
    const config = await loadConfig(flags.config, cwd);
    const { values: settings } = resolveSettings(flags, process.env, config);
    checkFlagCombinations(flags, settings);
    await checkInputFiles(settings, flags["sign-key"], cwd);
    const now = new Date();
    const at = parseAt(flags.at, now);
    const policies = await loadPolicySet(settings, cwd);
    const baseline = await readBaseline(flags.baseline, cwd);
    const outDir = resolve(cwd, settings.out);
    // Checked and locked before the collection: a second run into the same --out stops here, not after it.
    const output = await openOutput(outDir, {
      cwd,
      givenOut: settings.out,
      evidence: settings.evidence,
      onNotice: this.notice,
    });
    let obtained: Awaited<ReturnType<typeof obtainSnapshot>>;
    let written: Awaited<ReturnType<typeof writeOutputs>>;
    let report: Awaited<ReturnType<typeof evaluateSnapshot>>;
    try {
      obtained = await obtainSnapshot({
        demo: flags.demo,
        from: flags.from,
        tenantFlag: flags.tenant,
        dateOrder: flags["date-order"] as DateOrder | undefined,
        settings,
        // The demo tenant is anchored at --at so a demo run at a fixed time is reproducible.
        now: flags.demo && flags.at ? at : now,
        cwd,
        env: process.env,
        quiet: this.jsonEnabled(),
        pieces: await neededPieces(policies),
      });
      const { snapshot } = obtained;
      await testPause("collected");
      report = await evaluateSnapshot(snapshot, policies, at, baseline);
      written = await writeOutputs({
        outDir,
        snapshot,
        report,
        settings,
        excel: flags.excel,
        policies: policyContext(policies, cwd),
        signKeyFile: flags["sign-key"],
        cwd,
        argv: this.argv,
        writeSnapshot: true,
        output,
      });
    } finally {
      output.release();
    }
    const { snapshot } = obtained;
    const outcome = decideOutcome(report, settings.failOn, flags["soft-fail"]);
    const shownOut = displayPath(cwd, outDir);
    if (!this.jsonEnabled()) {
      this.note(`Source: ${obtained.description}`);
      for (const line of summaryLines(snapshot, report, written.files, shownOut)) this.log(line);
      if (written.evidence) this.log(`Evidence bundle: ${displayPath(cwd, written.evidence)}`);
      if (outcome.reason) this.note(`pim-audit: exit ${outcome.exitCode}: ${outcome.reason}`);
    }
    process.exitCode = outcome.exitCode;
    return {
      exitCode: outcome.exitCode,
      reason: outcome.reason || null,
      outDir,
      files: written.files,
      evidence: written.evidence ?? null,
      tenant: snapshot.tenant,
      collectedAt: snapshot.collectedAt,
      complete: report.snapshot.complete,
      gaps: report.snapshot.gaps,
      summary: report.summary,
    };
  }
}
