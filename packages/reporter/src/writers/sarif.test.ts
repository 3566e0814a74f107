import { hasControls } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { fixtureContext, fixtureReport } from "../test-utils/fixture.js";
import { golden } from "../test-utils/golden.js";
import { HOSTILE, HOSTILE_SHOWN, hostileReport } from "../test-utils/hostile.js";
import { validateSarif } from "../test-utils/sarif-schema.js";
import { FINGERPRINT_KEY, renderSarif } from "./sarif.js";

interface SarifLike {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: Record<string, unknown>[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; justification: string }[];
    }[];
    invocations: { toolExecutionNotifications?: { message: { text: string } }[] }[];
  }[];
}

const render = (report = fixtureReport(), context = fixtureContext()) =>
  JSON.parse(renderSarif(report, context)) as SarifLike;

describe("renderSarif", () => {
  it("is valid against the official SARIF 2.1.0 schema", () => {
    expect(validateSarif(JSON.parse(renderSarif(fixtureReport(), fixtureContext())))).toEqual([]);
  });

  it("the schema check catches a log code scanning would reject", () => {
    const log = render() as unknown as { runs: { results: { message: unknown }[] }[] };
    log.runs[0]!.results[0]!.message = "not an object";
    expect(validateSarif(log)).not.toEqual([]);
  });

  it("describes every rule with descriptions, help and security-severity", () => {
    const rules = render().runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(fixtureReport().rules.map((r) => r.ruleId));
    const guest = rules.find((r) => r.id === "no-guest-admins")!;
    expect(guest).toMatchObject({
      shortDescription: { text: "Guest holds a privileged role" },
      fullDescription: { text: "Guests from other tenants must not hold privileged directory roles." },
      help: { text: expect.stringContaining("policies/baseline.yaml at line 15") },
      defaultConfiguration: { level: "error" },
      properties: { "security-severity": "9.5" },
    });
    const bands = Object.fromEntries(
      rules.map((r) => [r.id, (r.properties as Record<string, string>)["security-severity"]]),
    );
    expect(bands).toEqual({
      "no-permanent-privileged": "8.0",
      "no-guest-admins": "9.5",
      "eligible-max-1y": "5.5",
      "stale-eligibility": "2.0",
      "outside-pim": "5.5",
    });
  });

  it("places each result at its rule's line in the policy file, by repository-relative uri", () => {
    const results = render().runs[0]!.results;
    expect(results).toHaveLength(fixtureReport().findings.length);
    const guest = results.find((r) => r.ruleId === "no-guest-admins")!;
    expect(guest.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "policies/baseline.yaml" },
      region: { startLine: 15, startColumn: 5 },
    });
    expect(guest.ruleIndex).toBe(1);
    expect(guest.level).toBe("error");
  });

  it("maps absolute policy paths under the repository root to relative uris", () => {
    const report = fixtureReport();
    for (const f of report.findings) f.location.file = "/repo/checkout/policies/baseline.yaml";
    const results = render(report, { ...fixtureContext(), policies: [], repoRoot: "/repo/checkout" }).runs[0]!.results;
    expect(new Set(results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(
      new Set(["policies/baseline.yaml"]),
    );
  });

  it("uses the finding fingerprint as a stable partial fingerprint", () => {
    const results = render().runs[0]!.results;
    const fingerprints = fixtureReport()
      .findings.map((f) => f.fingerprint)
      .sort();
    expect(results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]).sort()).toEqual(fingerprints);
  });

  it("marks suppressed and baseline findings as suppressed, with the exception's reason", () => {
    const results = render().runs[0]!.results;
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.ruleId).sort()).toEqual(["eligible-max-1y", "outside-pim"]);
    expect(suppressed.find((r) => r.ruleId === "eligible-max-1y")!.suppressions![0]!.justification).toContain(
      "Tenant owner until the second admin is hired",
    );
  });

  it("reports rules that were not evaluated as tool notifications", () => {
    const notes = render().runs[0]!.invocations[0]!.toolExecutionNotifications ?? [];
    expect(notes.map((n) => n.message.text)).toEqual([
      expect.stringContaining("Rule stale-eligibility was not evaluated"),
    ]);
  });

  it("keeps within the results code scanning accepts, dropping the least severe and saying so", () => {
    const log = JSON.parse(renderSarif(fixtureReport(), fixtureContext(), { maxResults: 2 })) as SarifLike;
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(["no-guest-admins", "no-permanent-privileged"]);
    const notes = log.runs[0]!.invocations[0]!.toolExecutionNotifications!.map((n) => n.message.text);
    expect(notes).toContainEqual(expect.stringContaining("4 of 6 results left out"));
    expect(validateSarif(log)).toEqual([]);
  });

  it("matches the golden file byte for byte", () => {
    const sarif = renderSarif(fixtureReport(), fixtureContext());
    expect(sarif).toBe(golden("findings.sarif", sarif).toString("utf8"));
  });
});

describe("findings.sarif with hostile names", () => {
  it("shows visible \\uXXXX in messages, keeps exact values in properties, and holds no raw control character", () => {
    const text = renderSarif(hostileReport(), fixtureContext());
    expect(hasControls(text, { keepWhitespace: true })).toBe(false);
    const log = JSON.parse(text) as {
      runs: { results: { message: { text: string }; properties: { principalName: string } }[] }[];
    };
    const result = log.runs[0]!.results[0]!;
    expect(result.message.text).toContain(HOSTILE_SHOWN);
    expect(hasControls(result.message.text)).toBe(false);
    expect(result.properties.principalName).toBe(HOSTILE);
  });
});
