import { hasControls } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { fixtureContext, fixtureReport } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { HOSTILE_SHOWN, hostileReport } from "../test-utils/hostile.js";
import { escapeData, escapeProperty, githubAnnotations, githubStepSummary } from "./github.js";

describe("github annotations", () => {
  it("escapes data and properties as the Actions toolkit does", () => {
    expect(escapeData("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext: a, b");
    expect(escapeProperty("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext%3A a%2C b");
  });

  it("annotates each open finding at its policy rule, as error, warning or notice by severity", () => {
    const lines = githubAnnotations(fixtureReport(), fixtureContext()).trimEnd().split("\n");
    expect(lines).toEqual([
      "::warning file=policies/baseline.yaml,line=25,col=5,title=stale-eligibility%3A not evaluated::Activation history reaches back 30 days; the rule needs 90. Missing: activationHistory.",
      "::error file=policies/baseline.yaml,line=15,col=5,title=no-guest-admins (critical)%3A Guest holds a privileged role::Guest gary_fabrikam.example#EXT#@contoso.example is eligible for User Administrator.",
      "::error file=policies/baseline.yaml,line=10,col=5,title=no-permanent-privileged (high)%3A Permanent active privileged role::bg-01@contoso.example holds Global Administrator permanently (active, no end); the policy allows P0D.",
      "::error file=policies/baseline.yaml,line=10,col=5,title=no-permanent-privileged (high)%3A Permanent active privileged role::dora@contoso.example holds Privileged Role Administrator permanently (active, no end); the policy allows P0D.",
      "::warning file=policies/baseline.yaml,line=20,col=5,title=eligible-max-1y (medium)%3A Eligibility longer than a year::Group Tier0 Admins is eligible for Privileged Role Administrator with no end; the policy allows P365D.",
    ]);
  });

  it("cannot be made to start a new workflow command by a display name", () => {
    const report = fixtureReport();
    report.findings[0]!.message = "x\n::add-mask::secret\r\n::set-env name=A::b";
    const out = githubAnnotations(report, fixtureContext());
    for (const line of out.trimEnd().split("\n")) expect(line).toMatch(/^::(error|warning|notice) /);
    expect(out).toContain("x%0A::add-mask::secret%0D%0A::set-env name=A::b");
  });

  it("writes a job summary with the counts by severity and the findings", () => {
    const summary = githubStepSummary(fixtureReport());
    expect(summary).toContain("| critical | 1 |");
    expect(summary).toContain("## Open findings");
  });

  it("matches the golden files byte for byte", () => {
    const annotations = githubAnnotations(fixtureReport(), fixtureContext());
    expect(annotations).toBe(golden("github-annotations.txt", annotations).toString("utf8"));
    const summary = githubStepSummary(fixtureReport());
    expect(summary).toBe(golden("github-step-summary.md", summary).toString("utf8"));
  });
});

describe("github annotations and summary with hostile names", () => {
  it("escape ESC, NUL, BEL, bidi overrides and separators as visible \\uXXXX, in data and properties", () => {
    expect(escapeData("a\u001B[31mb\u0000")).toBe("a\\u001B[31mb\\u0000");
    expect(escapeProperty("t\u202E:x")).toBe("t\\u202E%3Ax");
  });

  it("write no raw control character into a workflow command or the job summary", () => {
    const annotations = githubAnnotations(hostileReport(), fixtureContext());
    for (const line of annotations.trimEnd().split("\n")) {
      expect(line).toMatch(/^::(error|warning|notice) /);
      expect(hasControls(line)).toBe(false);
    }
    expect(annotations).toContain(HOSTILE_SHOWN);
    expect(hasControls(githubStepSummary(hostileReport()), { keepWhitespace: true })).toBe(false);
  });
});
