import { Args } from "@oclif/core";
import { BaseCommand } from "../../lib/base-command.js";
import { resolvePolicyArgs } from "../../lib/packs.js";

export default class PolicyTest extends BaseCommand {
  static override summary = "Run policy test files and report like a test runner.";
  static override description =
    "Runs every policy test file (*.test.yaml) found in the given files or folders: each names a snapshot fixture or an inline tenant, the policies, an evaluation time, and the findings it expects by rule and principal. Prints pass/fail per test with a diff of expected and actual findings. Exit 1 on any failure, 2 on a broken test file.";
  static override examples = [
    "<%= config.bin %> policy test policies/",
    "<%= config.bin %> policy test policies/baseline.test.yaml",
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = { paths: Args.string({ description: "Test files or folders [default: policies/]." }) };

  async run(): Promise<unknown> {
    const { argv } = await this.parse(PolicyTest);
    const cwd = process.cwd();
    const given = (argv as string[]).length > 0 ? (argv as string[]) : ["policies"];
    const { runPolicyTests, formatPolicyTestResults } = await import("@pim-audit/rules-engine");
    const results = await runPolicyTests(resolvePolicyArgs(given, cwd), { cwd });
    const failed = results.filter((r) => !r.passed);
    if (!this.jsonEnabled()) this.log(formatPolicyTestResults(results));
    process.exitCode = failed.length > 0 ? 1 : 0;
    return { passed: results.length - failed.length, failed: failed.length, results };
  }
}
