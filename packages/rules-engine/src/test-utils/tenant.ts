// Small, named snapshots built in code for unit tests: every role of the catalog, a few principals.
import {
  type Assignment,
  builtInRoles,
  type Principal,
  type RoleSetting,
  roleByName,
  type Snapshot,
} from "@pim-audit/model";

export function roleId(name: string): string {
  const role = roleByName(name);
  if (!role) throw new Error(`test fixture: unknown role ${name}`);
  return role.templateId;
}

export function user(name: string, extra: Partial<Principal> = {}): Principal {
  return {
    id: `user-${name}`,
    type: "user",
    displayName: name,
    userPrincipalName: `${name}@contoso.com`,
    mail: null,
    userType: "Member",
    accountEnabled: true,
    onPremisesSyncEnabled: false,
    lastSuccessfulSignInDateTime: "2026-11-20T00:00:00Z",
    lastSignInDateTime: "2026-11-20T00:00:00Z",
    lastNonInteractiveSignInDateTime: null,
    deleted: false,
    isAssignableToRole: null,
    members: null,
    appId: null,
    ...extra,
  };
}

export function group(name: string, members: string[]): Principal {
  return {
    ...user(name),
    id: `group-${name}`,
    type: "group",
    userPrincipalName: null,
    userType: null,
    onPremisesSyncEnabled: null,
    lastSuccessfulSignInDateTime: null,
    lastSignInDateTime: null,
    isAssignableToRole: true,
    members: [...members].sort(),
  };
}

let counter = 0;

export function assignment(principalId: string, role: string, extra: Partial<Assignment> = {}): Assignment {
  counter++;
  return {
    id: `assignment-${String(counter).padStart(6, "0")}`,
    state: "eligible",
    activeKind: null,
    roleId: roleId(role),
    principalId,
    directoryScopeId: "/",
    appScopeId: null,
    memberType: "direct",
    viaGroupId: null,
    start: "2026-06-01T00:00:00Z",
    end: null,
    origin: "directoryRole",
    createdOutsidePim: false,
    expirationType: "noExpiration",
    scheduleId: null,
    activatedFromEligibilityId: null,
    ...extra,
  };
}

export function active(principalId: string, role: string, extra: Partial<Assignment> = {}): Assignment {
  return assignment(principalId, role, { state: "active", activeKind: "assigned", ...extra });
}

export function roleSetting(role: string, extra: Partial<RoleSetting["activation"]> = {}): RoleSetting {
  return {
    roleId: roleId(role),
    policyId: `policy-${roleId(role)}`,
    activation: {
      maxDuration: "PT8H",
      requireMfa: true,
      requireAuthenticationContext: false,
      authenticationContext: null,
      requireJustification: true,
      requireTicket: false,
      requireApproval: false,
      approvers: [],
      ...extra,
    },
    eligibleAssignment: { expirationRequired: true, maxDuration: "P365D" },
    activeAssignment: { expirationRequired: true, maxDuration: "P180D", requireMfa: true, requireJustification: true },
    notifications: [],
  };
}

export function tenant(
  parts: Partial<
    Pick<
      Snapshot,
      | "principals"
      | "assignments"
      | "roleSettings"
      | "groupSettings"
      | "activations"
      | "completeness"
      | "source"
      | "activityDays"
      | "activationHistory"
    >
  >,
): Snapshot {
  return {
    schemaVersion: 2,
    tenant: { id: "tenant-contoso", displayName: "Contoso", defaultDomain: "contoso.com", cloud: "global" },
    collectedAt: "2026-11-27T00:00:00Z",
    source: { kind: "graph", endpoint: "https://graph.microsoft.com", toolVersion: "0.0.0" },
    completeness: { complete: true, gaps: [] },
    activityDays: 90,
    activationHistory: { source: "roleAssignmentScheduleRequests", coversFrom: null },
    roles: builtInRoles().map((r) => ({
      id: r.templateId,
      templateId: r.templateId,
      displayName: r.displayName,
      isBuiltIn: true,
      privileged: r.privileged,
      privilegedActions: [],
    })),
    principals: [],
    assignments: [],
    roleSettings: [],
    groupSettings: [],
    activations: [],
    ...parts,
  };
}

export const AT = new Date("2026-11-27T12:00:00Z");
