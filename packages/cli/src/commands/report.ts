import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Flags } from "@oclif/core";
import type { DateOrder } from "@pim-audit/collector";
import { InputError } from "@pim-audit/model";
import { BaseCommand } from "../lib/base-command.js";
import { loadConfig } from "../lib/config-file.js";
import { displayPath } from "../lib/display-path.js";
import { configFlags, dateOrderFlag, outputFlags } from "../lib/flags.js";
import { resolveSettings } from "../lib/settings.js";
import { inputLimits } from "../lib/source.js";
import { toolVersion } from "../lib/version.js";
import { openOutput, writeOutputs } from "../lib/write-outputs.js";

export default class Report extends BaseCommand {
  static override summary = "Write reports from a snapshot and a findings.json, in any formats.";
  static override description =
    "Renders assignments.csv and the findings in the formats asked for, without collecting or evaluating again: for example SARIF and JUnit from last month's findings.json.";
  static override examples = [
    "<%= config.bin %> report --from snapshot.json --findings reports/findings.json --format sarif,junit --out ci-reports",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    from: Flags.string({ description: "Snapshot (.json, .json.gz) or admin-center export CSV.", required: true }),
    ...dateOrderFlag,
    findings: Flags.string({ description: "findings.json written by run or evaluate.", required: true }),
    out: outputFlags.out,
    format: outputFlags.format,
    "csv-layout": outputFlags["csv-layout"],
    excel: outputFlags.excel,
    ...configFlags,
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Report);
    const cwd = process.cwd();
    const config = await loadConfig(flags.config, cwd);
    const { values: settings } = resolveSettings(flags, process.env, config);
    const outDir = resolve(cwd, settings.out);
    const output = await openOutput(outDir, {
      cwd,
      givenOut: settings.out,
      evidence: undefined,
      onNotice: this.notice,
    });
    let written: Awaited<ReturnType<typeof writeOutputs>>;
    try {
      const { readSource } = await import("@pim-audit/collector");
      const { validateFindingsReport } = await import("@pim-audit/model");
      const snapshot = await readSource(resolve(cwd, flags.from), {
        now: new Date(),
        toolVersion,
        onNotice: this.notice,
        ...inputLimits(process.env),
        ...(flags["date-order"] ? { dateOrder: flags["date-order"] as DateOrder } : {}),
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(resolve(cwd, flags.findings), "utf8"));
      } catch (cause) {
        throw new InputError("FILE_UNREADABLE", `--findings ${flags.findings}: cannot read it as JSON.`, { cause });
      }
      const checked = validateFindingsReport(parsed);
      if (!checked.ok) {
        const first = checked.problems[0];
        throw new InputError("FILE_UNREADABLE", `--findings ${flags.findings}: ${first?.path} ${first?.message}.`, {
          hint: "Give a findings.json written by this version of pim-audit.",
        });
      }
      written = await writeOutputs({
        outDir,
        snapshot,
        report: checked.report,
        settings: { ...settings, evidence: undefined },
        excel: flags.excel,
        policies: [],
        signKeyFile: undefined,
        cwd,
        argv: this.argv,
        writeSnapshot: false,
        output,
      });
    } finally {
      output.release();
    }
    if (!this.jsonEnabled()) this.log(`Reports in ${displayPath(cwd, outDir)}: ${written.files.join(", ")}`);
    return { outDir, files: written.files };
  }
}
