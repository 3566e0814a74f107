// The tenant fixture: the directory the emulator serves, in records close to Graph's own entities.
// Schedule instances, policy rules and expanded principals are derived from it when serving.

export interface FixtureTenant {
  id: string;
  displayName: string;
  /** The default verified domain, e.g. contoso.com. */
  defaultDomain: string;
  /** The initial domain, e.g. contoso.onmicrosoft.com. */
  initialDomain: string;
  /** Entra ID P1/P2: without it `signInActivity` answers 403. */
  premiumLicence: boolean;
  createdDateTime: string;
}

export interface FixtureUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  jobTitle: string | null;
  /** `Member` or `Guest`. */
  userType: "Member" | "Guest";
  accountEnabled: boolean;
  /** true when synced from on-premises AD; null when never synced. */
  onPremisesSyncEnabled: boolean | null;
  createdDateTime: string;
  /** signInActivity: the last successful sign-in, interactive or not; null when never (or before Dec 2023). */
  lastSuccessfulSignInDateTime: string | null;
  /** The last interactive sign-in attempt, successful or not. */
  lastSignInDateTime: string | null;
  /** The last non-interactive sign-in attempt, successful or not. */
  lastNonInteractiveSignInDateTime: string | null;
}

export interface FixtureGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  isAssignableToRole: boolean;
  createdDateTime: string;
  /** Direct member ids: users, groups, service principals. */
  members: string[];
  owners: string[];
}

export interface FixtureServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: "Application" | "ManagedIdentity";
  accountEnabled: boolean;
}

export interface FixtureAdministrativeUnit {
  id: string;
  displayName: string;
  description: string | null;
}

/** A custom role; built-in roles come from the model's role catalog. */
export interface FixtureRoleDefinition {
  id: string;
  displayName: string;
  description: string;
  allowedResourceActions: string[];
}

export interface FixtureEligibilitySchedule {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  appScopeId: string | null;
  createdDateTime: string;
  startDateTime: string;
  /** null = permanent (noExpiration). */
  endDateTime: string | null;
}

export interface FixtureAssignmentSchedule {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  appScopeId: string | null;
  assignmentType: "Assigned" | "Activated";
  /** The request that created it; null when the assignment was made outside PIM. */
  createdUsing: string | null;
  /** null when made outside PIM. */
  createdDateTime: string | null;
  /** Schedule start; the instance shows null for assignments made outside PIM. */
  startDateTime: string;
  /** null = permanent (noExpiration). */
  endDateTime: string | null;
  /** For activations: the eligibility schedule it was activated from. */
  activatedUsing: string | null;
}

/** PIM settings; they become the 17 rules of a roleManagementPolicy. */
export interface FixturePimSetting {
  activationMaxDuration: string;
  requireMfa: boolean;
  /**
   * The Conditional Access authentication context (claim value c1..c99) required on activation
   * (AuthenticationContext_EndUser_Assignment); absent or null: none.
   */
  authenticationContext?: string | null;
  requireJustification: boolean;
  requireTicket: boolean;
  requireApproval: boolean;
  /** User or group ids. */
  approvers: string[];
  eligibleExpirationRequired: boolean;
  eligibleMaxDuration: string;
  activeExpirationRequired: boolean;
  activeMaxDuration: string;
  activeRequireMfa: boolean;
  activeRequireJustification: boolean;
  /** Extra notification recipients (e-mail addresses) per notification rule id. */
  notificationRecipients: Record<string, string[]>;
}

/** PIM role settings for one role. */
export interface FixtureRoleSetting extends FixturePimSetting {
  roleDefinitionId: string;
}

/** PIM for Groups settings of one group, for its members or its owners (scopeType Group). */
export interface FixtureGroupSetting extends FixturePimSetting {
  groupId: string;
  accessId: GroupAccessId;
}

export type GroupAccessId = "member" | "owner";

export interface FixtureGroupEligibility {
  id: string;
  groupId: string;
  principalId: string;
  accessId: GroupAccessId;
  startDateTime: string;
  endDateTime: string | null;
}

export interface FixtureGroupAssignment {
  id: string;
  groupId: string;
  principalId: string;
  accessId: GroupAccessId;
  assignmentType: "Assigned" | "Activated";
  /** null for memberships made outside PIM. */
  startDateTime: string | null;
  endDateTime: string | null;
}

export type ScheduleRequestAction =
  | "adminAssign"
  | "adminUpdate"
  | "adminRemove"
  | "selfActivate"
  | "selfDeactivate"
  | "adminExtend"
  | "adminRenew"
  | "selfExtend"
  | "selfRenew";

export interface FixtureScheduleRequest {
  id: string;
  action: ScheduleRequestAction;
  status: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  createdDateTime: string;
  /** Who made the request: the principal for self-service actions, an admin otherwise. */
  createdById: string;
  justification: string | null;
  ticketNumber: string | null;
  targetScheduleId: string;
  startDateTime: string;
  /** ISO 8601 duration for activations, null otherwise. */
  duration: string | null;
  endDateTime: string | null;
}

export interface FixtureDirectoryAudit {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category: string;
  loggedByService: string;
  result: "success" | "failure";
  resultReason: string;
  initiatedByUserId: string | null;
  /** The role definition, user or group acted upon. */
  targets: { id: string; displayName: string | null; type: "Role" | "User" | "Group" | "Other" }[];
}

export interface TenantFixture {
  tenant: FixtureTenant;
  users: FixtureUser[];
  groups: FixtureGroup[];
  servicePrincipals: FixtureServicePrincipal[];
  administrativeUnits: FixtureAdministrativeUnit[];
  customRoles: FixtureRoleDefinition[];
  /** Objects deleted since PIM scheduled them: role schedules may still name them (expanded to null, as Graph does). */
  deletedPrincipalIds?: string[];
  roleEligibilitySchedules: FixtureEligibilitySchedule[];
  roleAssignmentSchedules: FixtureAssignmentSchedule[];
  /** Roles not listed here get Microsoft's default settings. */
  roleSettings: FixtureRoleSetting[];
  pimGroupEligibilities: FixtureGroupEligibility[];
  pimGroupAssignments: FixtureGroupAssignment[];
  /** Groups and accesses not listed here get Microsoft's default settings. */
  pimGroupSettings?: FixtureGroupSetting[];
  roleAssignmentScheduleRequests: FixtureScheduleRequest[];
  directoryAudits: FixtureDirectoryAudit[];
}
