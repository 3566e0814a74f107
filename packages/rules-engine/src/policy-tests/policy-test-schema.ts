// The format of policy test files (*.test.yaml): a tenant, the policies, a time, and what must be found.
export const policyTestSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://pim-audit.dev/schemas/policy-test-v1.schema.json",
  title: "pim-audit policy test",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "policies", "tests"],
  properties: {
    apiVersion: { const: "pim-audit/v1" },
    kind: { const: "PolicyTest" },
    policies: {
      type: "array",
      minItems: 1,
      items: { type: "string", minLength: 1 },
      description: "Policy files or folders, relative to this file.",
    },
    tests: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "at"],
        properties: {
          name: { type: "string", minLength: 1 },
          snapshot: { type: "string", minLength: 1, description: "A snapshot JSON file, relative to this file." },
          tenant: { type: "object", description: "An inline snapshot (same shape as the snapshot JSON)." },
          at: { type: "string", format: "date-time", description: "Evaluation time." },
          expect: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["rule"],
              properties: {
                rule: { type: "string" },
                principal: { type: "string" },
                role: { type: "string" },
                status: { enum: ["open", "suppressed", "baseline"] },
              },
            },
          },
          expectNone: { type: "array", items: { type: "string" } },
          notEvaluated: { type: "array", items: { type: "string" } },
          exact: { type: "boolean" },
        },
      },
    },
  },
} as const;
