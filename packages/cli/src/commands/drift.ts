import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../lib/base-command.js";
import { inputLimits } from "../lib/source.js";
import { toolVersion } from "../lib/version.js";

export default class Drift extends BaseCommand {
  static override summary = "Compare two snapshots (or evidence bundles): what was added, removed and changed.";
  static override description =
    "The month-over-month review: assignments added and removed, changed (state, end date extended, activated, moved between direct and group), and principals newly holding privileged roles. Prints Markdown; --out writes drift.md, drift.json and drift.csv.";
  static override examples = [
    "<%= config.bin %> drift snapshots/2026-10.json snapshots/2026-11.json",
    "<%= config.bin %> drift evidence/contoso-2026-10-01T020000Z evidence/contoso-2026-11-01T020000Z --out drift/",
  ];
  static override enableJsonFlag = true;
  static override args = {
    old: Args.string({ description: "The earlier snapshot or evidence folder.", required: true }),
    new: Args.string({ description: "The later snapshot or evidence folder.", required: true }),
  };
  static override flags = {
    out: Flags.string({ char: "o", description: "Folder for drift.md, drift.json, drift.csv." }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(Drift);
    const { readSource } = await import("@pim-audit/collector");
    const { computeDrift, renderDrift } = await import("@pim-audit/reporter");
    const load = async (path: string) => {
      const { statSync } = await import("node:fs");
      const full = resolve(path);
      const file = statSync(full, { throwIfNoEntry: false })?.isDirectory() ? join(full, "snapshot.json") : full;
      return readSource(file, { now: new Date(), toolVersion, onNotice: this.notice, ...inputLimits(process.env) });
    };
    const drift = computeDrift(await load(args.old), await load(args.new));
    if (flags.out) {
      const dir = resolve(flags.out);
      await mkdir(dir, { recursive: true });
      for (const format of ["md", "json", "csv"] as const) {
        await writeFile(join(dir, `drift.${format}`), renderDrift(drift, format));
      }
    }
    if (!this.jsonEnabled()) this.log(renderDrift(drift, "md"));
    return JSON.parse(renderDrift(drift, "json"));
  }
}
