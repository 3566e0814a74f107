// The registry of rule types: adding one is a new module and one line here.
import { allowedRoles } from "./allowed-roles.js";
import { expiringSoon } from "./expiring-soon.js";
import { forbiddenRoles } from "./forbidden-roles.js";
import { inactivePrincipal } from "./inactive-principal.js";
import { maxDuration } from "./max-duration.js";
import { outsidePim } from "./outside-pim.js";
import { principalAttribute } from "./principal-attribute.js";
import { roleMemberCount } from "./role-member-count.js";
import { roleSetting } from "./role-setting.js";
import type { RuleType } from "./rule-type.js";
import { scope } from "./scope.js";
import { staleEligibility } from "./stale-eligibility.js";

export const RULE_TYPES: readonly RuleType[] = [
  maxDuration,
  allowedRoles,
  forbiddenRoles,
  roleMemberCount,
  principalAttribute,
  outsidePim,
  staleEligibility,
  inactivePrincipal,
  expiringSoon,
  scope,
  roleSetting,
];

const byType = new Map(RULE_TYPES.map((ruleType) => [ruleType.type, ruleType]));

export function ruleType(type: string): RuleType | undefined {
  return byType.get(type);
}
