// Graph entity shapes rendered from tenant records, keyed and typed as the documentation examples
// show them (src/test-utils/fixtures/graph-reference/SOURCE.md names each source page).
import { builtInRoles } from "@pim-audit/model";
import { guid, opaqueId } from "../ids.js";
import type { DirectoryObject } from "../tenant/directory.js";
import type {
  FixtureAdministrativeUnit,
  FixtureAssignmentSchedule,
  FixtureDirectoryAudit,
  FixtureEligibilitySchedule,
  FixtureGroup,
  FixtureGroupAssignment,
  FixtureGroupEligibility,
  FixtureRoleDefinition,
  FixtureScheduleRequest,
  FixtureServicePrincipal,
  FixtureTenant,
  FixtureUser,
} from "../tenant/fixture.js";

export type Entity = Record<string, unknown>;

/** The properties `GET /users` returns without `$select` (09-users-list-default.json). */
export const USER_DEFAULT_KEYS = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
];

export function userEntity(user: FixtureUser): Entity {
  const signInRequestId = user.lastSignInDateTime === null ? null : guid("signin", user.id);
  return {
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
    accountEnabled: user.accountEnabled,
    userType: user.userType,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled,
    createdDateTime: user.createdDateTime,
    mailNickname: user.userPrincipalName.split("@")[0] ?? null,
    signInActivity: {
      lastSignInDateTime: user.lastSignInDateTime,
      lastSignInRequestId: signInRequestId,
      lastNonInteractiveSignInDateTime: user.lastNonInteractiveSignInDateTime ?? "0001-01-01T00:00:00Z",
      lastNonInteractiveSignInRequestId:
        user.lastNonInteractiveSignInDateTime === null ? "" : guid("non-interactive-signin", user.id),
      lastSuccessfulSignInDateTime: user.lastSuccessfulSignInDateTime,
      lastSuccessfulSignInRequestId:
        user.lastSuccessfulSignInDateTime === null ? null : guid("successful-signin", user.id),
    },
  };
}

/** The default properties of a group, as group-get.md (v1.0) answers without $select. */
export function groupEntity(group: FixtureGroup): Entity {
  return {
    id: group.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: group.createdDateTime,
    description: group.description,
    displayName: group.displayName,
    expirationDateTime: null,
    groupTypes: [],
    isAssignableToRole: group.isAssignableToRole,
    mail: null,
    mailEnabled: false,
    mailNickname: group.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesDomainName: null,
    onPremisesLastSyncDateTime: null,
    onPremisesNetBiosName: null,
    onPremisesSamAccountName: null,
    onPremisesSecurityIdentifier: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: [],
    renewedDateTime: group.createdDateTime,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: true,
    securityIdentifier: null,
    theme: null,
    visibility: group.isAssignableToRole ? "Private" : null,
    onPremisesProvisioningErrors: [],
  };
}

/** The properties serviceprincipal-get.md (v1.0) answers without $select; what the tenant does not model is empty. */
export function servicePrincipalEntity(sp: FixtureServicePrincipal): Entity {
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    addIns: [],
    alternativeNames: [],
    appDisplayName: sp.displayName,
    appId: sp.appId,
    appOwnerOrganizationId: null,
    appRoleAssignmentRequired: false,
    appRoles: [],
    disabledByMicrosoftStatus: null,
    displayName: sp.displayName,
    endpoints: [],
    homepage: null,
    verifiedPublisher: null,
    info: null,
    keyCredentials: [],
    logoutUrl: null,
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    publisherName: null,
    replyUrls: [],
    resourceSpecificApplicationPermissions: [],
    servicePrincipalNames: [sp.appId],
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: null,
    tags: [],
    tokenEncryptionKeyId: null,
  };
}

// Every list expands the same principals (a role holder's eligibilities, assignments and role assignments):
// render each once while its record lives. Callers share the entity, so nothing may change it.
const directoryObjectEntities = new WeakMap<object, Entity>();

/** A directoryObject as `$expand=principal`, transitiveMembers and getByIds return it. */
export function directoryObjectEntity(object: DirectoryObject): Entity {
  const record =
    object.kind === "user" ? object.user : object.kind === "group" ? object.group : object.servicePrincipal;
  let entity = directoryObjectEntities.get(record);
  if (!entity) {
    entity = renderDirectoryObject(object);
    directoryObjectEntities.set(record, entity);
  }
  return entity;
}

function renderDirectoryObject(object: DirectoryObject): Entity {
  switch (object.kind) {
    case "user": {
      const { user } = object;
      // The default property set, built directly: expanding the principals of a million rows stays cheap.
      return {
        "@odata.type": "#microsoft.graph.user",
        businessPhones: [],
        displayName: user.displayName,
        givenName: user.givenName,
        jobTitle: user.jobTitle,
        mail: user.mail,
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: null,
        surname: user.surname,
        userPrincipalName: user.userPrincipalName,
        id: user.id,
      };
    }
    case "group":
      return { "@odata.type": "#microsoft.graph.group", ...groupEntity(object.group) };
    case "servicePrincipal":
      return { "@odata.type": "#microsoft.graph.servicePrincipal", ...servicePrincipalEntity(object.servicePrincipal) };
  }
}

export function administrativeUnitEntity(unit: FixtureAdministrativeUnit): Entity {
  return {
    "@odata.type": "#microsoft.graph.administrativeUnit",
    id: unit.id,
    deletedDateTime: null,
    displayName: unit.displayName,
    description: unit.description,
    visibility: null,
  };
}

export interface RoleDefinitionRow {
  id: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  allowedResourceActions: string[];
}

export function builtInRoleRows(): RoleDefinitionRow[] {
  return builtInRoles().map((r) => ({
    id: r.templateId,
    displayName: r.displayName,
    description: "",
    isBuiltIn: true,
    allowedResourceActions: [],
  }));
}

export function customRoleRow(role: FixtureRoleDefinition): RoleDefinitionRow {
  return { ...role, isBuiltIn: false };
}

export function roleDefinitionEntity(role: RoleDefinitionRow): Entity {
  return {
    id: role.id,
    description: role.description,
    displayName: role.displayName,
    isBuiltIn: role.isBuiltIn,
    isEnabled: true,
    resourceScopes: ["/"],
    templateId: role.id,
    version: role.isBuiltIn ? "1" : null,
    rolePermissions: [{ allowedResourceActions: [...role.allowedResourceActions], condition: null }],
    inheritsPermissionsFrom: role.isBuiltIn ? [{ id: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" }] : [],
  };
}

function expiration(endDateTime: string | null) {
  return endDateTime === null
    ? { type: "noExpiration", endDateTime: null, duration: null }
    : { type: "afterDateTime", endDateTime, duration: null };
}

// Instance ids are SHA-256 derived and the same schedule is rendered by more than one list: derive each once
// while its record lives.
const instanceIds = new WeakMap<object, string>();

function instanceId<T extends object>(schedule: T, derive: (schedule: T) => string): string {
  let id = instanceIds.get(schedule);
  if (id === undefined) {
    id = derive(schedule);
    instanceIds.set(schedule, id);
  }
  return id;
}

export function eligibilityInstanceId(schedule: FixtureEligibilitySchedule): string {
  return instanceId(schedule, (s) => `${opaqueId("eligibility-instance", s.id)}-1-e`);
}

export function eligibilityInstanceEntity(schedule: FixtureEligibilitySchedule): Entity {
  return {
    id: eligibilityInstanceId(schedule),
    principalId: schedule.principalId,
    roleDefinitionId: schedule.roleDefinitionId,
    directoryScopeId: schedule.directoryScopeId,
    appScopeId: schedule.appScopeId,
    startDateTime: schedule.startDateTime,
    endDateTime: schedule.endDateTime,
    memberType: "Direct",
    roleEligibilityScheduleId: schedule.id,
  };
}

export function eligibilityScheduleEntity(schedule: FixtureEligibilitySchedule): Entity {
  return {
    id: schedule.id,
    principalId: schedule.principalId,
    roleDefinitionId: schedule.roleDefinitionId,
    directoryScopeId: schedule.directoryScopeId,
    appScopeId: schedule.appScopeId,
    createdUsing: schedule.id,
    createdDateTime: schedule.createdDateTime,
    modifiedDateTime: null,
    status: "Provisioned",
    memberType: "Direct",
    scheduleInfo: {
      startDateTime: schedule.startDateTime,
      recurrence: null,
      expiration: expiration(schedule.endDateTime),
    },
  };
}

/** Assignments made outside PIM carry one id for the instance, the assignment and the schedule. */
export function assignmentInstanceId(schedule: FixtureAssignmentSchedule): string {
  if (schedule.createdUsing === null) return schedule.id;
  return instanceId(schedule, (s) => `${opaqueId("assignment-instance", s.id)}-1`);
}

export function assignmentInstanceEntity(schedule: FixtureAssignmentSchedule): Entity {
  const outsidePim = schedule.createdUsing === null;
  const id = assignmentInstanceId(schedule);
  return {
    id,
    principalId: schedule.principalId,
    roleDefinitionId: schedule.roleDefinitionId,
    directoryScopeId: schedule.directoryScopeId,
    appScopeId: schedule.appScopeId,
    startDateTime: outsidePim ? null : schedule.startDateTime,
    endDateTime: outsidePim ? null : schedule.endDateTime,
    assignmentType: schedule.assignmentType,
    memberType: "Direct",
    roleAssignmentOriginId: id,
    roleAssignmentScheduleId: schedule.id,
  };
}

/** The unifiedRoleAssignment behind an active instance (the instance's roleAssignmentOriginId). */
// As rbacapplication-list-roleassignments.md (v1.0) answers: resourceScope is in its examples, condition is not v1.0.
export function roleAssignmentEntity(schedule: FixtureAssignmentSchedule): Entity {
  return {
    id: assignmentInstanceId(schedule),
    principalId: schedule.principalId,
    resourceScope: schedule.directoryScopeId,
    directoryScopeId: schedule.directoryScopeId,
    appScopeId: schedule.appScopeId,
    roleDefinitionId: schedule.roleDefinitionId,
  };
}

export function assignmentScheduleEntity(schedule: FixtureAssignmentSchedule): Entity {
  return {
    id: schedule.id,
    principalId: schedule.principalId,
    roleDefinitionId: schedule.roleDefinitionId,
    directoryScopeId: schedule.directoryScopeId,
    appScopeId: schedule.appScopeId,
    createdUsing: schedule.createdUsing,
    createdDateTime: schedule.createdDateTime,
    modifiedDateTime: null,
    status: "Provisioned",
    assignmentType: schedule.assignmentType,
    memberType: "Direct",
    scheduleInfo: {
      startDateTime: schedule.startDateTime,
      recurrence: null,
      expiration: expiration(schedule.endDateTime),
    },
  };
}

export function scheduleRequestEntity(request: FixtureScheduleRequest): Entity {
  return {
    id: request.id,
    status: request.status,
    createdDateTime: request.createdDateTime,
    completedDateTime: request.createdDateTime,
    approvalId: null,
    customData: null,
    action: request.action,
    principalId: request.principalId,
    roleDefinitionId: request.roleDefinitionId,
    directoryScopeId: request.directoryScopeId,
    appScopeId: null,
    isValidationOnly: false,
    targetScheduleId: request.targetScheduleId,
    justification: request.justification,
    createdBy: { application: null, device: null, user: { displayName: null, id: request.createdById } },
    scheduleInfo: {
      startDateTime: request.startDateTime,
      recurrence: null,
      expiration:
        request.duration !== null
          ? { type: "afterDuration", endDateTime: null, duration: request.duration }
          : expiration(request.endDateTime),
    },
    ticketInfo: { ticketNumber: request.ticketNumber, ticketSystem: null },
  };
}

export function groupEligibilityInstanceEntity(row: FixtureGroupEligibility): Entity {
  return {
    id: row.id,
    startDateTime: row.startDateTime,
    endDateTime: row.endDateTime,
    accessId: row.accessId,
    principalId: row.principalId,
    groupId: row.groupId,
    memberType: "Direct",
    eligibilityScheduleId: row.id,
  };
}

export function groupAssignmentInstanceEntity(row: FixtureGroupAssignment): Entity {
  return {
    id: row.id,
    principalId: row.principalId,
    startDateTime: row.startDateTime,
    endDateTime: row.endDateTime,
    assignmentType: row.assignmentType,
    accessId: row.accessId,
    groupId: row.groupId,
    memberType: "Direct",
    assignmentScheduleId: row.id,
  };
}

export function directoryAuditEntity(audit: FixtureDirectoryAudit, initiator: FixtureUser | undefined): Entity {
  return {
    id: audit.id,
    category: audit.category,
    correlationId: guid("correlation", audit.id),
    result: audit.result,
    resultReason: audit.resultReason,
    activityDisplayName: audit.activityDisplayName,
    activityDateTime: audit.activityDateTime,
    loggedByService: audit.loggedByService,
    operationType: "Assign",
    initiatedBy: {
      app: null,
      user:
        audit.initiatedByUserId === null
          ? null
          : {
              id: audit.initiatedByUserId,
              displayName: initiator?.displayName ?? null,
              userPrincipalName: initiator?.userPrincipalName ?? null,
              ipAddress: "10.0.0.0",
              userType: null,
              homeTenantId: null,
              homeTenantName: null,
            },
    },
    targetResources: audit.targets.map((t) => ({
      id: t.id,
      displayName: t.displayName,
      type: t.type,
      userPrincipalName: null,
      groupType: null,
      modifiedProperties: [],
    })),
    additionalDetails: [],
  };
}

export function organizationEntity(tenant: FixtureTenant): Entity {
  return {
    id: tenant.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: "US",
    createdDateTime: tenant.createdDateTime,
    defaultUsageLocation: null,
    displayName: tenant.displayName,
    isMultipleDataLocationsForServicesEnabled: null,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    partnerTenantType: null,
    postalCode: null,
    preferredLanguage: null,
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: "AAD",
    directorySizeQuota: null,
    assignedPlans: [],
    privacyProfile: null,
    provisionedPlans: [],
    verifiedDomains: [
      {
        capabilities: "Email, OfficeCommunicationsOnline",
        isDefault: true,
        isInitial: false,
        name: tenant.defaultDomain,
        type: "Managed",
      },
      {
        capabilities: "Email, OfficeCommunicationsOnline",
        isDefault: false,
        isInitial: true,
        name: tenant.initialDomain,
        type: "Managed",
      },
    ],
  };
}
