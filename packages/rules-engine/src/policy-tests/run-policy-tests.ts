// `pim-audit policy test`: runs policy test files and says, per test, what was expected and what was found.
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { PolicyLocation } from "@pim-audit/model";
import {
  type Finding,
  type FindingsReport,
  InputError,
  InputErrors,
  type Snapshot,
  validateSnapshot,
} from "@pim-audit/model";
import { evaluate } from "../evaluate/evaluate.js";
import { findFiles, loadPolicies } from "../load/load-policies.js";
import { compileChecker } from "../load/schema-check.js";
import { parseYaml, type YamlSource } from "../load/yaml-source.js";
import { policyTestSchema } from "./policy-test-schema.js";

export interface PolicyTestResult {
  /** The test file, as given. */
  file: string;
  name: string;
  location: PolicyLocation;
  passed: boolean;
  /** One line per unmet expectation, each saying what was expected and what was found. */
  failures: string[];
}

export interface PolicyTestOptions {
  cwd?: string;
  toolVersion?: string;
}

interface Expectation {
  rule: string;
  principal?: string;
  role?: string;
  status?: Finding["status"];
}

interface RawTest {
  name: string;
  snapshot?: string;
  tenant?: unknown;
  at: string;
  expect?: Expectation[];
  expectNone?: string[];
  notEvaluated?: string[];
  exact?: boolean;
}

interface RawTestFile {
  policies: string[];
  tests: RawTest[];
}

const checkTestFile = compileChecker(policyTestSchema);
const isTestFile = (name: string) => /\.test\.ya?ml$/i.test(name);

const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();

function matches(finding: Finding, expectation: Expectation): boolean {
  return (
    finding.ruleId === expectation.rule &&
    (expectation.principal === undefined ||
      same(finding.subject.principalName, expectation.principal) ||
      same(finding.subject.principalId, expectation.principal)) &&
    (expectation.role === undefined ||
      same(finding.subject.roleName, expectation.role) ||
      same(finding.subject.roleId, expectation.role)) &&
    (expectation.status === undefined || finding.status === expectation.status)
  );
}

function describeFinding(finding: Finding): string {
  const who = [finding.subject.principalName, finding.subject.roleName].filter((x) => x !== null).join(" / ");
  return `${finding.ruleId}${who ? ` ${who}` : ""} (${finding.status})`;
}

function describeExpectation(e: Expectation): string {
  const who = [e.principal, e.role].filter((x) => x !== undefined).join(" / ");
  return `${e.rule}${who ? ` ${who}` : ""}${e.status ? ` (${e.status})` : ""}`;
}

/** Compares one evaluation with a test's expectations. */
function judge(test: RawTest, report: FindingsReport): string[] {
  const failures: string[] = [];
  const ruleIds = new Set(report.rules.map((r) => r.ruleId));
  const named = [...(test.expect ?? []).map((e) => e.rule), ...(test.expectNone ?? []), ...(test.notEvaluated ?? [])];
  for (const rule of new Set(named)) {
    if (!ruleIds.has(rule) && !rule.startsWith("exception-"))
      failures.push(`rule ${rule} is not in the policies under test (rules: ${[...ruleIds].join(", ")})`);
  }
  const notEvaluated = new Map(report.notEvaluated.map((n) => [n.ruleId, n.reason]));
  const matched = new Set<Finding>();
  for (const expectation of test.expect ?? []) {
    const hits = report.findings.filter((f) => matches(f, expectation));
    for (const hit of hits) matched.add(hit);
    if (hits.length > 0) continue;
    const sameRule = report.findings.filter((f) => f.ruleId === expectation.rule).map(describeFinding);
    const why = notEvaluated.get(expectation.rule);
    failures.push(
      `expected ${describeExpectation(expectation)}; found ${why ? `nothing: the rule was not evaluated (${why})` : sameRule.length > 0 ? sameRule.join(", ") : `no finding of ${expectation.rule}`}`,
    );
  }
  for (const rule of test.expectNone ?? []) {
    const why = notEvaluated.get(rule);
    if (why) failures.push(`expected no finding of ${rule}; but it was not evaluated (${why})`);
    const hits = report.findings.filter((f) => f.ruleId === rule);
    if (hits.length > 0) failures.push(`expected no finding of ${rule}; found ${hits.map(describeFinding).join(", ")}`);
  }
  for (const rule of test.notEvaluated ?? []) {
    if (!notEvaluated.has(rule)) failures.push(`expected ${rule} to be not evaluated; it was evaluated`);
  }
  if (test.exact) {
    const extra = report.findings.filter((f) => !matched.has(f));
    if (extra.length > 0) failures.push(`unexpected findings: ${extra.map(describeFinding).join(", ")}`);
  }
  return failures;
}

async function snapshotFor(test: RawTest, index: number, testFile: string, source: YamlSource): Promise<Snapshot> {
  const position = source.position(["tests", index, test.snapshot !== undefined ? "snapshot" : "tenant"]);
  let value: unknown = test.tenant;
  let where = `${source.file} (inline tenant)`;
  if (test.snapshot !== undefined) {
    where = join(dirname(source.file), test.snapshot);
    const path = isAbsolute(test.snapshot) ? test.snapshot : join(dirname(testFile), test.snapshot);
    try {
      value = JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
      throw new InputError("FILE_UNREADABLE", `cannot read snapshot ${test.snapshot}: ${(error as Error).message}`, {
        position,
        cause: error,
      });
    }
  }
  if (value === undefined)
    throw new InputError("POLICY_INVALID", `test '${test.name}' has neither snapshot nor tenant.`, {
      position: source.position(["tests", index]),
      hint: "Give snapshot: FILE.json or an inline tenant:.",
    });
  const result = validateSnapshot(value);
  if (!result.ok) {
    const first = result.problems[0];
    throw new InputError("SNAPSHOT_INVALID", `${where}: ${first?.path} ${first?.message}`, { position });
  }
  return result.snapshot;
}

async function runFile(display: string, absolute: string, options: PolicyTestOptions): Promise<PolicyTestResult[]> {
  const parsed = parseYaml(display, await readFile(absolute));
  if ("errors" in parsed) throw new InputErrors(parsed.errors);
  const errors = checkTestFile(parsed.value, parsed.source);
  if (errors.length > 0) throw new InputErrors(errors);
  const raw = parsed.value as RawTestFile;
  const policies = await loadPolicies(
    raw.policies.map((p) => join(dirname(display), p)),
    options.cwd === undefined ? {} : { cwd: options.cwd },
  );
  const results: PolicyTestResult[] = [];
  for (const [index, test] of raw.tests.entries()) {
    const snapshot = await snapshotFor(test, index, absolute, parsed.source);
    const report = evaluate(snapshot, policies, {
      at: new Date(test.at),
      toolVersion: options.toolVersion ?? "policy-test",
    });
    const failures = judge(test, report);
    results.push({
      file: display,
      name: test.name,
      location: parsed.source.position(["tests", index]),
      passed: failures.length === 0,
      failures,
    });
  }
  return results;
}

/** Runs every test in the given policy test files or folders (*.test.yaml). Bad test files throw InputErrors. */
export async function runPolicyTests(
  paths: readonly string[],
  options: PolicyTestOptions = {},
): Promise<PolicyTestResult[]> {
  const cwd = options.cwd ?? process.cwd();
  const { files, errors } = await findFiles(paths, cwd, isTestFile);
  if (errors.length > 0) throw new InputErrors(errors);
  const results: PolicyTestResult[] = [];
  for (const file of files)
    results.push(...(await runFile(file.display, resolve(cwd, file.absolute), { ...options, cwd })));
  return results;
}

/** Test-runner output: one line per test, the failures under it, and a total. */
export function formatPolicyTestResults(results: readonly PolicyTestResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.passed ? "PASS" : "FAIL"} ${result.file}:${result.location.line} ${result.name}`);
    for (const failure of result.failures) lines.push(`     ${failure}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push(`${results.length - failed} passed, ${failed} failed, ${results.length} total`);
  return `${lines.join("\n")}\n`;
}
