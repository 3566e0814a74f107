import { hasControls } from "@pim-audit/model";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { fixtureContext, fixtureReport } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { HOSTILE_SHOWN, hostileReport } from "../test-utils/hostile.js";
import { renderJunit } from "./junit.js";

interface Case {
  "@_name": string;
  "@_classname": string;
  failure?: { "@_type": string; "@_message": string; "#text": string }[];
  skipped?: { "@_message": string }[];
}

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => ["testsuite", "testcase", "failure", "skipped", "error"].includes(name),
  });
  return parser.parse(xml) as {
    testsuites: Record<string, string> & { testsuite: (Record<string, string> & { testcase: Case[] })[] };
  };
}

describe("renderJunit", () => {
  it("writes one test case per rule and a failure per open finding", () => {
    const doc = parse(renderJunit(fixtureReport(), fixtureContext()));
    const suite = doc.testsuites.testsuite[0]!;
    expect(suite["@_name"]).toBe("policies/baseline.yaml");
    const cases = suite.testcase;
    expect(cases.map((c) => c["@_name"])).toEqual(fixtureReport().rules.map((r) => r.ruleId));
    const failures = Object.fromEntries(cases.map((c) => [c["@_name"], c.failure?.length ?? 0]));
    expect(failures).toEqual({
      "no-permanent-privileged": 2,
      "no-guest-admins": 1,
      "eligible-max-1y": 1,
      "stale-eligibility": 0,
      "outside-pim": 0,
    });
    expect(cases.find((c) => c["@_name"] === "stale-eligibility")!.skipped![0]!["@_message"]).toContain(
      "Missing: activationHistory",
    );
    expect(doc.testsuites["@_tests"]).toBe("5");
    expect(doc.testsuites["@_failures"]).toBe("3");
    expect(doc.testsuites["@_skipped"]).toBe("1");
  });

  it("keeps names with markup and control characters well-formed", () => {
    const report = fixtureReport();
    report.findings[0]!.subject.principalName = `<script>&"'\u0001\u001b]]>`;
    report.findings[0]!.message = "a < b && c > d ]]> \u0000 end";
    const doc = parse(renderJunit(report, fixtureContext()));
    const failure = doc.testsuites.testsuite[0]!.testcase.find((c) => c["@_name"] === "no-guest-admins")!.failure![0]!;
    expect(failure["@_message"]).toContain(`<script>&"'`);
    expect(failure["#text"]).toContain("a < b && c > d ]]>");
  });

  it("adds an error case when the snapshot is incomplete", () => {
    const report = fixtureReport();
    report.snapshot.complete = false;
    report.snapshot.gaps = [{ piece: "signInActivity", reason: "AuditLog.Read.All not granted" }];
    const doc = parse(renderJunit(report, fixtureContext()));
    expect(doc.testsuites["@_errors"]).toBe("1");
    expect(renderJunit(report, fixtureContext())).toContain("signInActivity: AuditLog.Read.All not granted");
  });

  it("matches the golden file byte for byte", () => {
    const xml = renderJunit(fixtureReport(), fixtureContext());
    expect(xml).toBe(golden("findings.xml", xml).toString("utf8"));
  });
});

describe("findings.xml with hostile names", () => {
  it("is well-formed XML 1.0: control characters replaced by a visible \\uXXXX, not dropped or left raw", () => {
    const xml = renderJunit(hostileReport(), fixtureContext());
    expect(hasControls(xml, { keepWhitespace: true })).toBe(false);
    const doc = parse(xml);
    expect(doc.testsuites["@_name"]).toBe(`pim-audit ${HOSTILE_SHOWN}`);
    const failure = doc.testsuites.testsuite[0]!.testcase.flatMap((c) => c.failure ?? [])[0]!;
    expect(failure["#text"]).toContain(HOSTILE_SHOWN);
    expect(failure["@_message"]).toContain(HOSTILE_SHOWN);
  });
});
