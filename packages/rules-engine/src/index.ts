export type { EvaluateOptions } from "./evaluate/evaluate.js";
export { evaluate } from "./evaluate/evaluate.js";
export { ASSIGNMENTS_EXPORT, piecesNeeded } from "./evaluate/not-evaluated.js";
export type { LoadOptions } from "./load/load-policies.js";
export { loadPolicies, validatePolicies } from "./load/load-policies.js";
export type {
  LoadedException,
  LoadedPolicy,
  LoadedRule,
  PrincipalSelectorSpec,
  RoleSelectorForm,
  RoleSelectorSpec,
  SelectorSpec,
} from "./policy.js";
export type { PolicyTestOptions, PolicyTestResult } from "./policy-tests/run-policy-tests.js";
export { formatPolicyTestResults, runPolicyTests } from "./policy-tests/run-policy-tests.js";
export { RULE_TYPES } from "./rules/index.js";
export type { RuleCandidate, RuleContext, RuleType } from "./rules/rule-type.js";
export { policySchema, policySchemaPath } from "./schema/policy-schema.js";
