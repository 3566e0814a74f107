// The Graph requests the collector makes, in one place: what the README's request bound counts.
import type { PrincipalType } from "@pim-audit/model";
import type { BatchRequest } from "./batch.js";
import { PIM_ACTIVATION_ACTIVITY } from "./normalise/activations.js";

const q = (value: string) => encodeURIComponent(value);

export const USER_SELECT = "id,displayName,userPrincipalName,mail,userType,accountEnabled,onPremisesSyncEnabled";

export const GRAPH_PATHS = {
  organization: "/organization?$select=id,displayName,verifiedDomains",
  roleDefinitions:
    "/roleManagement/directory/roleDefinitions?$select=id,displayName,templateId,isBuiltIn,rolePermissions",
  eligibilityInstances: "/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal",
  assignmentInstances: "/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal",
  // Schedules are read only for how they expire and whether PIM made them (scheduleFacts).
  eligibilitySchedules: "/roleManagement/directory/roleEligibilitySchedules?$select=id,createdUsing,scheduleInfo",
  assignmentSchedules: "/roleManagement/directory/roleAssignmentSchedules?$select=id,createdUsing,scheduleInfo",
  roleAssignments: "/roleManagement/directory/roleAssignments?$expand=principal",
  // activityDisplayName (eq) and activityDateTime (ge) are filters directoryAudit documents; category is read after.
  activationAudits: (since: string) =>
    `/auditLogs/directoryAudits?$filter=${q(`activityDisplayName eq '${PIM_ACTIVATION_ACTIVITY}' and activityDateTime ge ${since}`)}`,
  policyAssignments: `/policies/roleManagementPolicyAssignments?$filter=${q("scopeId eq '/' and scopeType eq 'DirectoryRole'")}&$expand=${q("policy($expand=rules)")}`,
} as const;

/** Three lookups per role-holding group: transitive members, PIM for Groups eligibility and assignment instances. */
export function groupLookupPaths(groupId: string): BatchRequest[] {
  const filter = q(`groupId eq '${groupId}'`);
  return [
    {
      id: `members:${groupId}`,
      url: `/groups/${groupId}/transitiveMembers?$select=id`,
    },
    {
      id: `pim-eligibility:${groupId}`,
      url: `/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=${filter}&$expand=principal`,
    },
    {
      id: `pim-assignment:${groupId}`,
      url: `/identityGovernance/privilegedAccess/group/assignmentScheduleInstances?$filter=${filter}&$expand=principal`,
    },
  ];
}

/** Reads of signInActivity, apart from the lookups: Graph counts them against the reports limits (sign-ins.ts). */
export const SIGN_IN_PATHS = {
  /** How many users the tenant has (an advanced query: ConsistencyLevel: eventual), to choose the cheaper read. */
  userCount: "/users?$select=id&$top=1&$count=true",
  /** Every user, 500 a page: the most user-list.md allows when signInActivity is selected. */
  list: "/users?$select=id,signInActivity&$top=500",
  user: (id: string) => `/users/${id}?$select=${q("id,signInActivity")}`,
} as const;

/**
 * The PIM for Groups settings of one role-holding group: its member and owner policies with their rules.
 * Graph takes one group per request (scopeId must be the group id), so these are batched like the lookups above.
 */
export function groupSettingsLookup(groupId: string): BatchRequest {
  return {
    id: `pim-settings:${groupId}`,
    url: `/policies/roleManagementPolicyAssignments?$filter=${q(`scopeId eq '${groupId}' and scopeType eq 'Group'`)}&$expand=${q("policy($expand=rules)")}`,
  };
}

/**
 * Where a principal's attributes are read. A principal of unknown type is not looked up: /directoryObjects
 * would need Directory.Read.All, and a schedule whose principal expands to null is of a deleted object.
 */
export function principalLookupPath(id: string, type: Exclude<PrincipalType, "unknown">): string {
  switch (type) {
    case "user":
      return `/users/${id}?$select=${q(USER_SELECT)}`;
    case "group":
      return `/groups/${id}?$select=${q("id,displayName,mail,isAssignableToRole")}`;
    case "servicePrincipal":
      return `/servicePrincipals/${id}?$select=${q("id,displayName,appId,accountEnabled")}`;
  }
}
