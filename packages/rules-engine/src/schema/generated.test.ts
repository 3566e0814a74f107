// The schema file and the reference page are generated; this fails when either is stale.
// Regenerate with: pnpm --filter @pim-audit/rules-engine generate
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadPolicies } from "../load/load-policies.js";
import { policyFolder } from "../test-utils/policy-files.js";
import { renderPolicyReference } from "./policy-reference.js";
import { policySchema, policySchemaPath } from "./policy-schema.js";

const update = process.env["UPDATE_GENERATED"] === "1";
const referencePath = fileURLToPath(new URL("../../../../docs/policy-reference.md", import.meta.url));

describe("generated files", () => {
  it("schemas/policy.schema.json is the schema the engine validates with", () => {
    if (update) writeFileSync(policySchemaPath(), `${JSON.stringify(policySchema, null, 2)}\n`);
    expect(existsSync(policySchemaPath())).toBe(true);
    expect(JSON.parse(readFileSync(policySchemaPath(), "utf8"))).toEqual(policySchema);
  });

  it("docs/policy-reference.md is rendered from the schema", () => {
    const rendered = renderPolicyReference(policySchema);
    if (update) writeFileSync(referencePath, rendered);
    expect(readFileSync(referencePath, "utf8")).toBe(rendered);
  });

  it("the example policy on the reference page is valid", async () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(renderPolicyReference(policySchema))?.[1] ?? "";
    const folder = await policyFolder({ "example.yaml": example });
    const [policy] = await loadPolicies([folder]);
    expect(policy?.rules.map((r) => r.id)).toEqual(["no-permanent-privileged", "helpdesk-roles"]);
  });
});
