import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputErrors } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { HEADER, policyFolder } from "../test-utils/policy-files.js";
import { formatPolicyTestResults, runPolicyTests } from "./run-policy-tests.js";

const fixture = fileURLToPath(new URL("../../../../policies/fixtures/guest-global-admin.json", import.meta.url));
const policy = `${HEADER}rules:\n  - {id: no-guests, type: principal-attribute, deny: [guest]}\n  - {id: short, type: expiring-soon, within: P7D}\n`;

async function folderWith(testFile: string): Promise<string> {
  const folder = await policyFolder({ "policy.yaml": policy, "policy.test.yaml": testFile });
  await copyFile(fixture, join(folder, "tenant.json"));
  return folder;
}

describe("runPolicyTests", () => {
  it("passes a test whose expectations hold", async () => {
    const folder = await folderWith(`apiVersion: pim-audit/v1
kind: PolicyTest
policies: [policy.yaml]
tests:
  - name: guest found
    snapshot: tenant.json
    at: 2026-11-27T12:00:00Z
    exact: true
    expect: [{rule: no-guests, principal: jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com, role: Global Administrator}]
    expectNone: [short]
`);
    const results = await runPolicyTests([folder]);
    expect(results.map((r) => [r.name, r.passed, r.failures])).toEqual([["guest found", true, []]]);
  });

  it("fails with what was expected and what was found", async () => {
    const folder = await folderWith(`apiVersion: pim-audit/v1
kind: PolicyTest
policies: [policy.yaml]
tests:
  - name: wrong expectations
    snapshot: tenant.json
    at: 2026-11-27T12:00:00Z
    exact: true
    expect:
      - {rule: no-guests, principal: someone-else@contoso.com}
      - {rule: short}
    expectNone: [no-guests]
    notEvaluated: [short]
`);
    const [result] = await runPolicyTests([folder]);
    expect(result?.passed).toBe(false);
    expect(result?.failures).toEqual([
      "expected no-guests someone-else@contoso.com; found no-guests jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com / Global Administrator (open)",
      "expected short; found no finding of short",
      "expected no finding of no-guests; found no-guests jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com / Global Administrator (open)",
      "expected short to be not evaluated; it was evaluated",
      "unexpected findings: no-guests jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com / Global Administrator (open)",
    ]);
    const text = formatPolicyTestResults([result!]);
    expect(text).toMatch(/^FAIL .*policy\.test\.yaml:5 wrong expectations\n {5}expected no-guests someone-else/);
    expect(text.endsWith("0 passed, 1 failed, 1 total\n")).toBe(true);
  });

  it("fails when a rule expected to find nothing was not evaluated at all", async () => {
    const folder = await folderWith(`apiVersion: pim-audit/v1
kind: PolicyTest
policies: [policy.yaml]
tests:
  - name: csv
    tenant: {schemaVersion: 1}
    at: 2026-11-27T12:00:00Z
`);
    const error = await runPolicyTests([folder]).catch((e: unknown) => e);
    expect((error as InputErrors).code).toBe("SNAPSHOT_INVALID");
    expect((error as InputErrors).toOneLine()).toMatch(
      /policy\.test\.yaml:6:13: .*\(inline tenant\): \/ must have required property/,
    );

    const gaps = JSON.parse(await (await import("node:fs/promises")).readFile(fixture, "utf8"));
    gaps.completeness = {
      complete: false,
      gaps: [{ piece: "principals", reason: "403", request: null, expected: false }],
    };
    await writeFile(join(folder, "tenant.json"), JSON.stringify(gaps));
    await writeFile(
      join(folder, "policy.test.yaml"),
      "apiVersion: pim-audit/v1\nkind: PolicyTest\npolicies: [policy.yaml]\ntests:\n  - {name: gap, snapshot: tenant.json, at: 2026-11-27T12:00:00Z, expectNone: [no-guests]}\n",
    );
    const [result] = await runPolicyTests([folder]);
    expect(result?.failures).toEqual([
      "expected no finding of no-guests; but it was not evaluated (the snapshot lacks data this rule needs (principals: 403); it was not evaluated, which is not a pass.)",
    ]);
  });

  it("reports a malformed test file with its position", async () => {
    const folder = await folderWith(
      "apiVersion: pim-audit/v1\nkind: PolicyTest\npolicies: [policy.yaml]\ntests:\n  - name: x\n    at: yesterday\n    expekt: []\n",
    );
    const error = await runPolicyTests([folder]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputErrors);
    const lines = (error as InputErrors).toOneLine().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/policy\.test\.yaml:6:9: tests\[0\]\.at: "yesterday" is not a date and time\./),
      expect.stringMatching(
        /policy\.test\.yaml:7:5: tests\[0\]\.expekt: unknown key 'expekt'\. Did you mean 'expect'\?/,
      ),
    ]);
  });
});
