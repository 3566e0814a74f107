// Renders docs/policy-reference.md from the policy schema, so the reference cannot drift from the truth.
import { policyTestSchema } from "../policy-tests/policy-test-schema.js";
import { RULE_TYPES } from "../rules/index.js";

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  items?: Schema;
  const?: unknown;
  format?: string;
  additionalProperties?: Schema | boolean;
};

const ANCHORS: Record<string, string> = { rule: "rules", exception: "exceptions" };

function typeOf(schema: Schema): string {
  if (schema.$ref) {
    const name = schema.$ref.replace("#/$defs/", "");
    return `[${name}](#${ANCHORS[name] ?? name.toLowerCase()})`;
  }
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" or ");
  if (schema.format === "duration") return "ISO 8601 duration";
  if (schema.format === "date") return "date (YYYY-MM-DD)";
  if (schema.format === "date-time") return "ISO 8601 date and time";
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types
    .map((t) => (t === "array" && schema.items ? `list of ${typeOf(schema.items)}` : t === "object" ? "mapping" : t))
    .join(" or ");
}

function table(schema: Schema, skip: readonly string[] = []): string {
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {})
    .filter(([key]) => !skip.includes(key))
    .map(([key, value]) => {
      const description = (value.description ?? "").replace(/\|/g, "\\|");
      return `| \`${key}\` | ${typeOf(value)} | ${required.has(key) ? "yes" : ""} | ${description} |`;
    });
  return ["| key | value | required | meaning |", "|---|---|---|---|", ...rows].join("\n");
}

export function renderPolicyReference(schema: Record<string, unknown>): string {
  const root = schema as Schema;
  const defs = root["$defs"] as Record<string, Schema>;
  const def = (name: string) => defs[name] ?? {};
  const commonRule = def("rule");
  const testSchema = policyTestSchema as unknown as Schema;
  const testItem = testSchema.properties?.["tests"]?.items ?? {};
  const parts: string[] = [
    "# Policy reference",
    "",
    "<!-- Generated from packages/rules-engine/schemas/policy.schema.json by `pnpm --filter @pim-audit/rules-engine generate`. Do not edit by hand. -->",
    "",
    "A policy is a YAML file (`*.yaml` or `*.yml`) that says which PIM role assignments are acceptable.",
    "Several files, or a folder of them, are applied together; rule ids must be unique across all of them.",
    "Editors validate and complete policies with the JSON Schema: start the file with",
    "`# yaml-language-server: $schema=<path to packages/rules-engine/schemas/policy.schema.json>`.",
    "Every problem is reported as `file:line:col: message` and `pim-audit policy validate` exits 2.",
    "Files over 1 MiB and YAML whose aliases expand more than 100 times are refused.",
    "",
    EXAMPLE,
    "",
    "## File",
    "",
    table(root),
    "",
    "### metadata",
    "",
    table((root.properties?.["metadata"] as Schema) ?? {}),
    "",
    "## Rules",
    "",
    "Every rule has these keys, plus the keys of its type below.",
    "",
    table(commonRule),
    "",
    "Rules that look at assignments also take `where` (which assignments; all when omitted) and `unless`",
    "(a selector, a `$set` reference, or a list of them: an assignment matching any is left out).",
    "A rule whose data the snapshot lacks (a gap, or an admin-center CSV, which has no ids, settings,",
    "sign-ins or activation history) is reported as *not evaluated* with the reason, never as a pass.",
    "So is a rule whose `where` (or role list) names a group, an exact principal or a custom role that the",
    "snapshot does not hold: a misspelt name must not make a rule quietly select nothing.",
    "",
  ];
  for (const ruleType of RULE_TYPES) {
    parts.push(
      `### ${ruleType.type}`,
      "",
      ruleType.doc,
      "",
      `Needs: ${ruleType.needs({} as never).join(", ")}.`,
      "",
      table(def(`rule-${ruleType.type}`), ["id", "type", "severity", "title", "description"]),
      "",
    );
  }
  parts.push(
    "## Values",
    "",
    "### duration",
    "",
    `${def("duration").description ?? ""} Parsed by luxon; months and years are calendar months and years. A permanent assignment exceeds every duration.`,
    "",
    "## Selectors",
    "",
    "### selector",
    "",
    def("selector").description ?? "",
    "",
    table(def("selector")),
    "",
    "### selectorRef",
    "",
    `${def("selectorRef").description ?? ""} Sets are defined under \`sets:\` and are local to their file.`,
    "",
    "### roleSelector",
    "",
    `${def("roleSelector").description ?? ""} In the object form every key given must match.`,
    "",
    table(def("roleSelector")),
    "",
    "### principalSelector",
    "",
    `${def("principalSelector").description ?? ""} In the object form every key given must match.`,
    "",
    table(def("principalSelector")),
    "",
    "## Exceptions",
    "",
    def("exception").description ?? "",
    "Suppressed findings stay in the report with status `suppressed` and the exception that suppressed them.",
    "An expired exception no longer suppresses and is itself reported (`exception-expired`);",
    "an exception that matches no finding of an evaluated rule is reported as `exception-unused`.",
    "",
    table(def("exception")),
    "",
    "## Findings",
    "",
    "Each finding carries the rule id, severity, title, a message that stands on its own, the assignment and",
    "principal it is about, the policy file and line of the rule, and a fingerprint: the SHA-256 of",
    "rule id, principal id, role id, directory scope and state. Findings are sorted by severity (highest",
    "first), rule id, principal, role, scope, state and assignment id. Evaluation is a pure function of the",
    "snapshot, the policies and the evaluation time (`--at`).",
    "",
    POLICY_TESTS,
    "",
    "### Policy test file",
    "",
    table(testSchema),
    "",
    "### tests[]",
    "",
    table(testItem),
    "",
    "### expect[]",
    "",
    "An expectation matches a finding of `rule` whose principal (name or id) and role (name or id) are those given, any case.",
    "",
    table(testItem.properties?.["expect"]?.items ?? {}),
  );
  return `${parts.join("\n").trimEnd()}\n`;
}

const EXAMPLE = `## Example

\`\`\`yaml
# yaml-language-server: $schema=../packages/rules-engine/schemas/policy.schema.json
apiVersion: pim-audit/v1
kind: Policy
metadata: {name: contoso-least-privilege, description: Tier 0 and helpdesk rules}
sets:
  breakGlass: {principals: [bg-01@contoso.com, bg-02@contoso.com]}
rules:
  - id: no-permanent-privileged
    type: max-duration
    severity: high
    where: {state: active, roles: {privileged: true}}
    max: P0D                      # a permanent assignment exceeds every maximum
    unless: $breakGlass
  - id: helpdesk-roles
    type: allowed-roles
    where: {principals: {memberOf: [Helpdesk Team]}}
    allow: [Helpdesk Administrator, Password Administrator]
exceptions:
  - rule: no-permanent-privileged
    principal: svc-sync@contoso.com
    role: Directory Synchronization Accounts
    reason: Entra Connect sync account
    ticket: CHG-1234
    expires: 2027-03-31
\`\`\`

The packs in \`policies/\` (\`baseline.yaml\`, \`cisa-scuba.yaml\`) are fuller examples, each with its tests.`;

const POLICY_TESTS = `## Policy tests

A policy test file (\`*.test.yaml\` or \`*.test.yml\`, beside the policies) says what a policy must find in a
known tenant. \`pim-audit policy test [PATHS]\` runs them and exits 1 if any fails.

\`\`\`yaml
apiVersion: pim-audit/v1
kind: PolicyTest
policies: [baseline.yaml]            # relative to this file; files or folders
tests:
  - name: a guest Global Administrator is flagged
    snapshot: fixtures/guest-global-admin.json   # a snapshot file, relative to this file
    at: 2026-11-27T12:00:00Z                     # evaluation time
    expect:                                      # findings that must appear (other findings are allowed)
      - rule: no-guests-in-privileged-roles
        principal: guest@fabrikam.com            # principal name (UPN or display name); optional
        role: Global Administrator               # optional
        status: open                             # optional: open, suppressed or baseline
    expectNone: [few-global-administrators]      # rules that must produce no finding
    notEvaluated: [no-stale-eligibility]         # rules that must be reported as not evaluated
\`\`\`

Instead of \`snapshot\`, a test may give \`tenant:\`, an inline snapshot in YAML (same shape as the
snapshot JSON). Set \`exact: true\` on a test to fail on any finding not listed in \`expect\`.
A failing test prints what was expected and what was found. A rule listed in \`expectNone\` that was not
evaluated fails the test: missing data is never a pass.`;
