// The one truth about the policy format: a JSON Schema (draft 2020-12) assembled from the common
// definitions and each rule type's fragment. Exported as schemas/policy.schema.json for editors.
import { fileURLToPath } from "node:url";
import { SEVERITIES } from "@pim-audit/model";
import { RULE_TYPES } from "../rules/index.js";
import type { RuleType } from "../rules/rule-type.js";

export const API_VERSION = "pim-audit/v1";
export const SET_REFERENCE = "^\\$[A-Za-z][A-Za-z0-9_-]*$";
const GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

const strings = (description: string) => ({
  type: "array",
  minItems: 1,
  items: { type: "string", minLength: 1 },
  description,
});

const oneOrMany = (values: readonly string[], description: string) => ({
  anyOf: [{ enum: values }, { type: "array", minItems: 1, uniqueItems: true, items: { enum: values } }],
  description,
});

const selectorProperties = {
  state: oneOrMany(["eligible", "active"], "Assignment state."),
  activeKind: oneOrMany(["assigned", "activated"], "For active assignments: assigned (held) or activated."),
  memberType: oneOrMany(
    ["direct", "group", "inherited"],
    "How the principal holds the role, as Graph's memberType says: direct (itself, a role-assignable group included), group (through membership of a group), inherited (from a parent scope). Select groups themselves with principals: {type: group}.",
  ),
  origin: oneOrMany(
    ["directoryRole", "pimGroupMember", "pimGroupOwner"],
    "Where the assignment comes from: a directory role, or PIM for Groups membership/ownership.",
  ),
  scope: {
    anyOf: [{ type: "string", minLength: 1 }, strings("")],
    description: "directoryScopeId globs, e.g. / or /administrativeUnits/*.",
  },
  permanent: { type: "boolean", description: "true: only assignments with no end; false: only time-bound ones." },
  roles: { $ref: "#/$defs/roleSelector" },
  principals: { $ref: "#/$defs/principalSelector" },
};

function ruleDefinition(ruleType: RuleType): object {
  const selection =
    ruleType.selects === "roles"
      ? { roles: { $ref: "#/$defs/roleSelector", description: "The roles whose settings are judged." } }
      : {
          where: {
            $ref: "#/$defs/selectorRef",
            description: "Which assignments the rule looks at (all when omitted).",
          },
          unless: {
            anyOf: [{ $ref: "#/$defs/selectorRef" }, { type: "array", items: { $ref: "#/$defs/selectorRef" } }],
            description: "Assignments matching any of these are left out, e.g. $breakGlass.",
          },
        };
  return {
    type: "object",
    description: ruleType.doc,
    additionalProperties: false,
    required: ["id", "type", ...(ruleType.selects === "roles" ? ["roles"] : []), ...ruleType.required],
    properties: {
      id: true,
      type: true,
      severity: true,
      title: true,
      description: true,
      ...selection,
      ...ruleType.properties,
    },
  };
}

export function buildPolicySchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://pim-audit.dev/schemas/policy-v1.schema.json",
    title: "pim-audit policy",
    description: "Least-privilege rules for Microsoft Entra ID PIM role assignments.",
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "metadata"],
    properties: {
      apiVersion: { const: API_VERSION, description: `Always ${API_VERSION}.` },
      kind: { const: "Policy", description: "Always Policy." },
      metadata: {
        type: "object",
        additionalProperties: false,
        required: ["name"],
        description: "Who this policy is.",
        properties: {
          name: {
            type: "string",
            pattern: "^[a-z0-9][a-z0-9.-]*$",
            description: "Policy name, lower-case with dashes.",
          },
          description: { type: "string", description: "What the policy is for." },
        },
      },
      sets: {
        type: "object",
        description: "Named selectors, referenced as $name in where and unless. Local to the file.",
        propertyNames: { pattern: "^[A-Za-z][A-Za-z0-9_-]*$" },
        additionalProperties: { $ref: "#/$defs/selector" },
      },
      rules: { type: "array", items: { $ref: "#/$defs/rule" }, description: "The rules." },
      exceptions: {
        type: "array",
        items: { $ref: "#/$defs/exception" },
        description: "Accepted, time-bound deviations from a rule.",
      },
    },
    $defs: {
      duration: {
        type: "string",
        format: "duration",
        // The format takes "P" and "PT", which say no length at all; a duration names at least one number.
        pattern: "\\d",
        description: "ISO 8601 duration with at least one number, e.g. P0D, PT8H, P90D, P1Y.",
      },
      roleSelector: {
        type: ["array", "object"],
        description: "Roles: a list of built-in role names or template ids, or an object.",
        items: { type: "string", minLength: 1 },
        additionalProperties: false,
        minProperties: 1,
        properties: {
          names: strings("Built-in role display names (checked against the role catalog)."),
          templateIds: {
            type: "array",
            minItems: 1,
            items: { type: "string", pattern: GUID },
            description: "Role template ids.",
          },
          customRoles: strings("Custom role display names (not checked)."),
          privileged: { type: "boolean", description: "Microsoft's PRIVILEGED label on the role." },
        },
      },
      principalSelector: {
        type: ["array", "object"],
        description: "Principals: a list of UPN or object id globs, or an object.",
        items: { type: "string", minLength: 1 },
        additionalProperties: false,
        minProperties: 1,
        properties: {
          match: strings("UPN or object id globs, any case, e.g. *@contoso.com."),
          type: oneOrMany(["user", "group", "servicePrincipal", "unknown"], "Principal type."),
          userType: { enum: ["Member", "Guest"], description: "User type." },
          memberOf: strings("Group display names or ids; matches transitive members."),
        },
      },
      selector: {
        type: "object",
        description: "Which assignments: every key given must match; a list matches any of its values.",
        additionalProperties: false,
        properties: selectorProperties,
      },
      selectorRef: {
        type: ["object", "string"],
        description: "A selector, or a $name reference to one of the file's sets.",
        pattern: SET_REFERENCE,
        additionalProperties: false,
        properties: selectorProperties,
      },
      rule: {
        type: "object",
        required: ["id", "type"],
        properties: {
          id: {
            type: "string",
            pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
            description: "Stable id used in reports, exceptions, baselines and SARIF.",
          },
          type: { enum: RULE_TYPES.map((r) => r.type), description: "Rule type." },
          severity: { enum: SEVERITIES, description: "info, low, medium (default), high or critical." },
          title: { type: "string", minLength: 1, description: "Short title of the findings (default per type)." },
          description: { type: "string", description: "Why the rule exists and where it comes from." },
        },
        allOf: RULE_TYPES.map((ruleType) => ({
          if: { properties: { type: { const: ruleType.type } }, required: ["type"] },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
          then: { $ref: `#/$defs/rule-${ruleType.type}` },
        })),
      },
      ...Object.fromEntries(RULE_TYPES.map((ruleType) => [`rule-${ruleType.type}`, ruleDefinition(ruleType)])),
      exception: {
        type: "object",
        description: "Suppresses a rule's findings that match principal, role and scope until it expires.",
        additionalProperties: false,
        required: ["rule", "reason", "expires"],
        properties: {
          rule: { type: "string", description: "The rule id it applies to." },
          principal: { type: "string", minLength: 1, description: "UPN or object id glob of the principal." },
          role: { type: "string", minLength: 1, description: "Role display name or template id." },
          scope: { type: "string", minLength: 1, description: "directoryScopeId glob." },
          reason: { type: "string", minLength: 1, description: "Why the deviation is accepted." },
          expires: {
            type: "string",
            format: "date",
            description: "YYYY-MM-DD; the exception holds through that day (UTC), then is reported.",
          },
          ticket: { type: "string", description: "Change or risk ticket." },
          owner: { type: "string", description: "Who answers for it." },
        },
      },
    },
  };
}

export const policySchema: Record<string, unknown> = buildPolicySchema();

export function policySchemaPath(): string {
  return fileURLToPath(new URL("../../schemas/policy.schema.json", import.meta.url));
}
