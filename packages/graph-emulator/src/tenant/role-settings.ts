// Microsoft's default PIM role settings, as the policy in the documentation example shows them
// (shared/graph-reference/05b-roleManagementPolicyAssignments-expand-policy-rules.json).
import type { FixtureRoleSetting } from "./fixture.js";

export function defaultRoleSetting(roleDefinitionId: string): FixtureRoleSetting {
  return {
    roleDefinitionId,
    activationMaxDuration: "PT8H",
    requireMfa: true,
    requireJustification: true,
    requireTicket: false,
    requireApproval: false,
    approvers: [],
    eligibleExpirationRequired: false,
    eligibleMaxDuration: "P365D",
    activeExpirationRequired: false,
    activeMaxDuration: "P180D",
    activeRequireMfa: false,
    activeRequireJustification: true,
    notificationRecipients: {},
  };
}
