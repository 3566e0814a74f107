import { Args } from "@oclif/core";
import { escapeControls } from "@pim-audit/model";
import { BaseCommand } from "../../lib/base-command.js";
import { resolvePolicyArgs } from "../../lib/packs.js";

export default class PolicyValidate extends BaseCommand {
  static override summary = "Check policy files against the schema and for semantic mistakes.";
  static override description =
    "Validates every policy file given (files, folders, or built-in pack names): schema, unknown keys, duplicate rule ids, unknown rule types, durations, $set references, exceptions. Every problem is printed as file:line:col: message. Exit 0 when all are valid, 2 otherwise.";
  static override examples = [
    "<%= config.bin %> policy validate policies/",
    "<%= config.bin %> policy validate my-policy.yaml baseline",
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = { paths: Args.string({ description: "Policy files or folders [default: policies/]." }) };

  async run(): Promise<unknown> {
    const { argv } = await this.parse(PolicyValidate);
    const cwd = process.cwd();
    const given = (argv as string[]).length > 0 ? (argv as string[]) : ["policies"];
    const { validatePolicies } = await import("@pim-audit/rules-engine");
    const { policies, errors } = await validatePolicies(resolvePolicyArgs(given, cwd));
    const rules = policies.reduce((n, p) => n + ruleCount(p), 0);
    if (errors.length > 0) {
      for (const e of errors) {
        for (const line of e.toOneLine().split("\n")) process.stderr.write(`${escapeControls(line)}\n`);
      }
      process.exitCode = 2;
      if (!this.jsonEnabled())
        this.note(`${errors.length} problem${errors.length === 1 ? "" : "s"} in ${given.join(", ")}.`);
    } else if (!this.jsonEnabled()) {
      this.log(`${policies.length} polic${policies.length === 1 ? "y" : "ies"}, ${rules} rules: valid.`);
    }
    return {
      valid: errors.length === 0,
      policies: policies.map((p) => ({ file: p.file, name: p.name, rules: ruleCount(p) })),
      errors: errors.map((e) => ({ code: e.code, message: e.toOneLine(), position: e.position ?? null })),
    };
  }
}

function ruleCount(policy: unknown): number {
  const rules = (policy as { rules?: unknown[] }).rules;
  return Array.isArray(rules) ? rules.length : 0;
}
