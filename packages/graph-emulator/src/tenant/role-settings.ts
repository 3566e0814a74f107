// Microsoft's default PIM role settings, as the policy in the documentation example shows them
// (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/policyroot-list-rolemanagementpolicyassignments.md, Example 2).
import type { FixturePimSetting, FixtureRoleSetting } from "./fixture.js";

export function defaultRoleSetting(roleDefinitionId: string): FixtureRoleSetting {
  return { roleDefinitionId, ...defaultPimSetting() };
}

/** The same defaults for a PIM for Groups member or owner policy: the rules and their ids are the same. */
export function defaultPimSetting(): FixturePimSetting {
  return {
    activationMaxDuration: "PT8H",
    requireMfa: true,
    authenticationContext: null,
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
