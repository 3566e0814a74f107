// The schema file and the reference page are generated; this fails when either is stale.
// Regenerate with: pnpm --filter @pim-audit/rules-engine generate
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
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
});
