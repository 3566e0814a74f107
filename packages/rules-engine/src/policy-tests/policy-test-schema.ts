// The format of policy test files (*.test.yaml): a tenant, the policies, a time, and what must be found.
export const policyTestSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://pim-audit.dev/schemas/policy-test-v1.schema.json",
  title: "pim-audit policy test",
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "policies", "tests"],
  properties: {
    apiVersion: { const: "pim-audit/v1", description: "Always pim-audit/v1." },
    kind: { const: "PolicyTest", description: "Always PolicyTest." },
    policies: {
      type: "array",
      minItems: 1,
      items: { type: "string", minLength: 1 },
      description: "Policy files or folders, relative to this file.",
    },
    tests: {
      type: "array",
      minItems: 1,
      description: "The tests, each run on its own snapshot.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "at"],
        properties: {
          name: { type: "string", minLength: 1, description: "What the test shows." },
          snapshot: { type: "string", minLength: 1, description: "A snapshot JSON file, relative to this file." },
          tenant: { type: "object", description: "An inline snapshot (same shape as the snapshot JSON)." },
          at: { type: "string", format: "date-time", description: "Evaluation time." },
          expect: {
            type: "array",
            description: "Findings that must appear (others are allowed unless exact).",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["rule"],
              properties: {
                rule: { type: "string", description: "Rule id, or exception-expired / exception-unused." },
                principal: { type: "string", description: "Principal name (UPN or display name) or id." },
                role: { type: "string", description: "Role name or id." },
                status: { enum: ["open", "suppressed", "baseline"], description: "Finding status." },
              },
            },
          },
          expectNone: {
            type: "array",
            items: { type: "string" },
            description: "Rules that must be evaluated and find nothing.",
          },
          notEvaluated: {
            type: "array",
            items: { type: "string" },
            description: "Rules that must be reported as not evaluated.",
          },
          exact: { type: "boolean", description: "Fail on any finding not matched by expect." },
        },
      },
    },
  },
} as const;
