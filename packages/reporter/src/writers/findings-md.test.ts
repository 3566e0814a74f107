import { type Finding, hasControls } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { fixtureReport } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { HOSTILE_SHOWN, hostileReport } from "../test-utils/hostile.js";
import { GITHUB_COMMENT_LIMIT, renderFindingsMarkdown } from "./findings-md.js";

function manyFindings(count: number) {
  const report = fixtureReport();
  const template = report.findings[1]!;
  report.findings = Array.from(
    { length: count },
    (_, i): Finding => ({
      ...template,
      message: `user${String(i).padStart(5, "0")}@contoso.example holds Global Administrator permanently; ${"x".repeat(80)}`,
      subject: { ...template.subject, principalName: `user${String(i).padStart(5, "0")}@contoso.example` },
      fingerprint: i.toString(16).padStart(64, "0"),
    }),
  );
  return report;
}

describe("renderFindingsMarkdown", () => {
  it("summarises by severity and rule before listing the findings", () => {
    const md = renderFindingsMarkdown(fixtureReport());
    const order = [
      "## Summary",
      "| critical | 1 |",
      "## By rule",
      "## Not evaluated",
      "## Open findings",
      "## Suppressed and baseline",
    ];
    const positions = order.map((text) => md.indexOf(text));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).toContain("| `stale-eligibility` | low | not evaluated |");
    expect(md).toContain("Tenant owner until the second admin is hired (until 2027-03-31, CHG-1234)");
  });

  it("neutralises markup, mentions and pipes from display names", () => {
    const report = fixtureReport();
    report.findings[0]!.subject.principalName = "@octocat | <img src=x> *bold*\nnext";
    const md = renderFindingsMarkdown(report);
    expect(md).toContain("\\@octocat \\| \\<img src=x\\> \\*bold\\* next");
    expect(md).not.toMatch(/(?<!\\)<img/);
  });

  it("stays within the pull-request comment limit, cutting whole rows and saying how many", () => {
    const report = manyFindings(2000);
    const md = renderFindingsMarkdown(report);
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = md.split("\n").filter((l) => l.startsWith("| high | `no-permanent-privileged` |"));
    const note = /(\d+) more finding row\(s\) not shown/.exec(md);
    expect(note).not.toBeNull();
    expect(shown.length + Number(note![1])).toBe(2000);
    // Every row line that is shown is whole: it ends with the closing pipe.
    for (const line of md.split("\n").filter((l) => l.startsWith("|"))) expect(line.endsWith("|")).toBe(true);
  });

  it("is not truncated when it fits", () => {
    const md = renderFindingsMarkdown(manyFindings(10));
    expect(md).not.toContain("Truncated");
    expect(md.split("\n").filter((l) => l.startsWith("| high | `no-permanent"))).toHaveLength(10);
  });

  it("matches the golden file byte for byte", () => {
    const md = renderFindingsMarkdown(fixtureReport());
    expect(md).toBe(golden("findings.md", md).toString("utf8"));
  });
});

describe("findings.md with hostile names", () => {
  it("has no raw control character: each is a visible \\uXXXX, its backslash escaped for Markdown", () => {
    const md = renderFindingsMarkdown(hostileReport());
    expect(hasControls(md, { keepWhitespace: true })).toBe(false);
    const cell = HOSTILE_SHOWN.replace(/[\\[\]]/g, (c) => `\\${c}`);
    expect(md).toContain(`Tenant ${cell} (`);
    expect(md).toContain(`| ${cell} |`);
  });
});
