import { resolve } from "node:path";
import { Flags } from "@oclif/core";
import type { DateOrder } from "@pim-audit/collector";
import { BaseCommand } from "../lib/base-command.js";
import { loadConfig } from "../lib/config-file.js";
import { displayPath } from "../lib/display-path.js";
import { configFlags, sourceFlags } from "../lib/flags.js";
import { parseAt } from "../lib/pipeline.js";
import { checkFlagCombinations, checkInputFiles } from "../lib/preflight.js";
import { resolveSettings } from "../lib/settings.js";
import { obtainSnapshot } from "../lib/source.js";

export default class Collect extends BaseCommand {
  static override summary = "Collect a snapshot of every PIM role assignment and write it to a file.";
  static override description =
    "Reads Microsoft Graph (or the demo emulator, or an export CSV) and writes a snapshot that evaluate, report, drift and policy diff can use later. A path ending in .gz is gzip-compressed. Exit 3 when the collection is incomplete (the file is still written, with its gaps named).";
  static override examples = [
    "<%= config.bin %> collect --demo --out snapshot.json",
    "<%= config.bin %> collect --tenant contoso.onmicrosoft.com --auth workload-identity --out snapshots/2026-11.json.gz",
    "<%= config.bin %> collect --from export.csv --out snapshot.json",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    ...sourceFlags,
    out: Flags.string({ char: "o", description: "Snapshot file to write (.json or .json.gz).", required: true }),
    at: Flags.string({ description: "With --demo: anchor the demo tenant at this time (ISO 8601)." }),
    ...configFlags,
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Collect);
    const cwd = process.cwd();
    const config = await loadConfig(flags.config, cwd);
    const { values: settings } = resolveSettings(flags, process.env, config);
    checkFlagCombinations(flags, settings);
    await checkInputFiles(settings, undefined, cwd);
    const now = parseAt(flags.at, new Date());
    const { snapshot } = await obtainSnapshot({
      demo: flags.demo,
      from: flags.from,
      tenantFlag: flags.tenant,
      dateOrder: flags["date-order"] as DateOrder | undefined,
      settings,
      now,
      cwd,
      env: process.env,
      quiet: this.jsonEnabled(),
    });
    const { writeSnapshotFile } = await import("@pim-audit/collector");
    const file = resolve(cwd, flags.out);
    await writeSnapshotFile(file, snapshot);
    // With no policy to say what is needed, every piece is: only what the source never holds is not a gap.
    const complete = snapshot.completeness.complete;
    if (!this.jsonEnabled()) {
      this.log(
        `Wrote ${displayPath(cwd, file)}: ${snapshot.assignments.length} assignments, ${snapshot.principals.length} principals, ${snapshot.roles.length} roles.`,
      );
      for (const gap of snapshot.completeness.gaps) this.note(`gap: ${gap.piece}: ${gap.reason}`);
    }
    if (!complete) process.exitCode = 3;
    return {
      file,
      assignments: snapshot.assignments.length,
      complete: snapshot.completeness.complete,
      gaps: snapshot.completeness.gaps,
    };
  }
}
