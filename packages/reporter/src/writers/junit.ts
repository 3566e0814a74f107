// findings.xml: JUnit XML so any CI shows a test report: one test case per rule (grouped in a suite
// per policy file), a failure per open finding, a skipped case for a rule that was not evaluated.
import { compareStrings, type Finding, type FindingsReport, isBlockingGap } from "@pim-audit/model";
import { lineChunks } from "../files/chunks.js";
import type { RenderContext } from "../types.js";
import { sortFindings } from "./order.js";
import { policyUri } from "./policy-uri.js";
import { attrs, xmlAttr, xmlText } from "./xml.js";

// Called once per open finding (100k+ in a large tenant), so built by concatenation rather than arrays.
function failure(f: Finding): string {
  const s = f.subject;
  let subject = "";
  for (const part of [s.principalName, s.roleName, s.state]) {
    if (part !== null && part !== "") subject = subject ? `${subject} / ${part}` : part;
  }
  let details = subject ? `${f.message}\nSubject: ${subject}` : f.message;
  // Default sort compares UTF-16 code units, as compareStrings does.
  for (const key of Object.keys(f.facts).sort()) {
    const value = f.facts[key];
    details += `\n${key}: ${value === null ? "null" : String(value)}`;
  }
  details += `\nFingerprint: ${f.fingerprint}`;
  return `      <failure message="${xmlAttr(`${f.title}: ${subject || f.message}`)}" type="${xmlAttr(f.severity)}">${xmlText(details)}</failure>`;
}

// A suite's lines, with each rule's failures left as the findings until written: a million of them would
// not fit in one string.
type Line = string | readonly Finding[];

/** findings.xml in pieces. */
export function junitChunks(report: FindingsReport, context: RenderContext): Iterable<string> {
  const openByRule = new Map<string, Finding[]>();
  for (const f of sortFindings(report.findings)) {
    if (f.status !== "open") continue;
    const list = openByRule.get(f.ruleId);
    if (list) list.push(f);
    else openByRule.set(f.ruleId, [f]);
  }
  const notEvaluated = new Map(report.notEvaluated.map((n) => [n.ruleId, n]));
  const byFile = new Map<string, typeof report.rules>();
  for (const rule of report.rules) {
    const uri = policyUri(rule.location.file, context);
    byFile.set(uri, [...(byFile.get(uri) ?? []), rule]);
  }
  const suites: Line[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  for (const [uri, rules] of [...byFile].sort(([a], [b]) => compareStrings(a, b))) {
    const cases: Line[] = [];
    let failures = 0;
    let skipped = 0;
    for (const rule of rules) {
      const head = `    <testcase${attrs({ name: rule.ruleId, classname: `pim-audit.${rule.ruleType}`, file: uri, line: rule.location.line, time: "0" })}`;
      const skip = notEvaluated.get(rule.ruleId);
      const ruleFailures = openByRule.get(rule.ruleId) ?? [];
      const quiet = rule.suppressed + rule.baseline;
      const out = quiet
        ? [`      <system-out>${xmlText(`${rule.suppressed} suppressed, ${rule.baseline} in baseline.`)}</system-out>`]
        : [];
      if (skip || !rule.evaluated) {
        skipped++;
        const reason = skip ? `${skip.reason} Missing: ${skip.missing.join(", ")}.` : "Not evaluated.";
        cases.push(`${head}>`, `      <skipped${attrs({ message: reason })}/>`, ...out, "    </testcase>");
      } else if (ruleFailures.length) {
        failures++;
        cases.push(`${head}>`, ruleFailures, ...out, "    </testcase>");
      } else if (out.length) {
        cases.push(`${head}>`, ...out, "    </testcase>");
      } else {
        cases.push(`${head}/>`);
      }
    }
    totalTests += rules.length;
    totalFailures += failures;
    totalSkipped += skipped;
    suites.push(
      `  <testsuite${attrs({ name: uri, tests: rules.length, failures, errors: 0, skipped, time: "0", timestamp: report.evaluatedAt })}>`,
      ...cases,
      "  </testsuite>",
    );
  }
  const s = report.snapshot;
  let errors = 0;
  const blocking = s.gaps.filter(isBlockingGap);
  if (!s.complete || blocking.length) {
    errors = 1;
    totalTests++;
    const gaps = blocking.map((g) => `${g.piece}: ${g.reason}`).join("\n") || "Gaps not named.";
    suites.push(
      `  <testsuite${attrs({ name: "snapshot", tests: 1, failures: 0, errors: 1, skipped: 0, time: "0", timestamp: report.evaluatedAt })}>`,
      `    <testcase${attrs({ name: "snapshot is complete", classname: "pim-audit.snapshot", time: "0" })}>`,
      `      <error${attrs({ message: "The snapshot is incomplete: rules that need the missing data were not evaluated.", type: "incomplete" })}>${xmlText(gaps)}</error>`,
      "    </testcase>",
      "  </testsuite>",
    );
  }
  const root = `<testsuites${attrs({ name: `pim-audit ${s.tenantName ?? s.tenantId}`, tests: totalTests, failures: totalFailures, errors, skipped: totalSkipped, time: "0", timestamp: report.evaluatedAt })}>`;
  return lineChunks(
    (function* () {
      yield '<?xml version="1.0" encoding="UTF-8"?>';
      yield root;
      for (const line of suites) {
        if (typeof line === "string") yield line;
        else for (const f of line) yield failure(f);
      }
      yield "</testsuites>";
    })(),
  );
}

export function renderJunit(report: FindingsReport, context: RenderContext): string {
  return [...junitChunks(report, context)].join("");
}
