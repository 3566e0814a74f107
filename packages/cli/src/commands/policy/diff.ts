import { existsSync, statSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Flags } from "@oclif/core";
import { BaseCommand } from "../../lib/base-command.js";
import { loadConfig } from "../../lib/config-file.js";
import { configFlags, sourceFlags } from "../../lib/flags.js";
import { policiesAtRevision } from "../../lib/git-base.js";
import { resolvePolicyArgs } from "../../lib/packs.js";
import { neededPieces, parseAt } from "../../lib/pipeline.js";
import { diffPolicies, renderPolicyDiffMarkdown } from "../../lib/policy-diff.js";
import { resolveSettings } from "../../lib/settings.js";
import { obtainSnapshot } from "../../lib/source.js";

export default class PolicyDiff extends BaseCommand {
  static override summary = "Show what a policy change does to the findings: for pull-request review.";
  static override description =
    "Evaluates the base and the head versions of the policies against the same snapshot (--from or --demo) at the same time, and reports the findings the change adds and removes, the findings it suppresses, and the exceptions it adds, extends or lets expire. --base is a policy file or folder, or a git revision read with git show from the repository each policy lives in. Markdown for a PR comment on stdout (or --out), JSON with --json.";
  static override examples = [
    "<%= config.bin %> policy diff --base origin/main --policy policies/ --from snapshot.json",
    "<%= config.bin %> policy diff --base old/baseline.yaml --head policies/baseline.yaml --demo --out policy-diff.md",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    base: Flags.string({
      description: "Base policies: a file or folder, or a git revision (e.g. origin/main).",
      required: true,
    }),
    head: Flags.string({ description: "Head policies (file or folder) [default: the --policy list].", multiple: true }),
    policy: Flags.string({
      description: "Head policies when --head is not given [default: policies/].",
      multiple: true,
    }),
    at: Flags.string({ description: "Evaluation time, ISO 8601 [default: now]." }),
    out: Flags.string({ char: "o", description: "Write the Markdown report to this file as well." }),
    ...sourceFlags,
    ...configFlags,
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(PolicyDiff);
    const cwd = process.cwd();
    const config = await loadConfig(flags.config, cwd);
    const { values: settings, origins } = resolveSettings(flags, process.env, config);
    const at = parseAt(flags.at, new Date());
    const headArgs = flags.head ?? (origins.policies === "default" ? ["policies"] : settings.policies);
    const headPaths = resolvePolicyArgs(headArgs, cwd).map((p) => resolve(cwd, p));
    const { loadPolicies } = await import("@pim-audit/rules-engine");
    const head = await loadPolicies(headPaths, { cwd });
    let basePaths: string[];
    let rename = new Map<string, string>();
    if (existsSync(resolve(cwd, flags.base))) {
      basePaths = [resolve(cwd, flags.base)];
    } else {
      const files = await policyFiles(headPaths);
      const read = await policiesAtRevision(files, flags.base);
      basePaths = read.files;
      rename = read.original;
    }
    const base = basePaths.length > 0 ? await loadPolicies(basePaths, { cwd }) : [];
    for (const policy of base) {
      const name = rename.get(policy.file) ?? rename.get(resolve(cwd, policy.file));
      if (!name) continue;
      policy.file = name;
      for (const rule of policy.rules) rule.location = { ...rule.location, file: name };
      for (const exception of policy.exceptions) exception.location = { ...exception.location, file: name };
    }
    const { snapshot } = await obtainSnapshot({
      demo: flags.demo,
      from: flags.from,
      settings,
      now: flags.demo && flags.at ? at : new Date(),
      cwd,
      env: process.env,
      quiet: this.jsonEnabled(),
      pieces: await neededPieces([...base, ...head]),
    });
    const { evaluate } = await import("@pim-audit/rules-engine");
    const { toolVersion } = await import("../../lib/version.js");
    const diff = diffPolicies(
      { policies: base, report: evaluate(snapshot, base, { at, toolVersion }) },
      { policies: head, report: evaluate(snapshot, head, { at, toolVersion }) },
      at,
    );
    const markdown = renderPolicyDiffMarkdown(diff);
    if (flags.out) await writeFile(resolve(cwd, flags.out), markdown);
    if (!this.jsonEnabled()) this.log(markdown.trimEnd());
    return diff;
  }
}

async function policyFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      for (const name of (await readdir(path)).sort()) {
        if (/\.ya?ml$/.test(name) && !/\.test\.ya?ml$/.test(name)) files.push(join(path, name));
      }
    } else {
      files.push(path);
    }
  }
  return files;
}
