// The Snapshot: what a tenant's privileged role assignments looked like at one instant.
// It is the one contract between the collector and everything downstream.

export const SNAPSHOT_SCHEMA_VERSION = 1 as const;

export type Cloud = "global" | "usgov" | "usgovdod" | "china";
export type SourceKind = "graph" | "export-csv" | "file";

/** A named piece of data a rule may need; a gap names the piece that could not be read. */
export type DataPiece =
  | "roleDefinitions"
  | "assignments"
  | "schedules"
  | "directAssignments"
  | "roleSettings"
  | "principals"
  | "signInActivity"
  | "groupMembers"
  | "pimForGroups"
  | "activationHistory"
  | "ids";

export const DATA_PIECES: readonly DataPiece[] = [
  "roleDefinitions",
  "assignments",
  "schedules",
  "directAssignments",
  "roleSettings",
  "principals",
  "signInActivity",
  "groupMembers",
  "pimForGroups",
  "activationHistory",
  "ids",
];

export interface Gap {
  piece: DataPiece;
  /** Why it could not be read, in words a reviewer understands. */
  reason: string;
  /** The Graph request, file or column that failed, when there is one. */
  request: string | null;
}

export interface Tenant {
  id: string;
  displayName: string | null;
  defaultDomain: string | null;
  cloud: Cloud;
}

export interface SnapshotSource {
  kind: SourceKind;
  /** Graph base URL for `graph`, file name for the others. */
  endpoint: string | null;
  toolVersion: string;
}

export interface RoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  isBuiltIn: boolean;
  privileged: boolean;
}

export type PrincipalType = "user" | "group" | "servicePrincipal" | "unknown";

/** One flat record for every kind of principal; attributes that do not apply are null. */
export interface Principal {
  id: string;
  type: PrincipalType;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  /** `Member` or `Guest` for users. */
  userType: string | null;
  accountEnabled: boolean | null;
  onPremisesSyncEnabled: boolean | null;
  /** Last successful or attempted sign-in (signInActivity), null when never or unknown. */
  lastSignInDateTime: string | null;
  /** Groups only. */
  isAssignableToRole: boolean | null;
  /** Groups only: transitive member ids (users, service principals, nested groups), sorted. */
  members: string[] | null;
  /** Service principals only. */
  appId: string | null;
}

export type AssignmentState = "eligible" | "active";
export type ActiveKind = "assigned" | "activated";
export type MemberType = "direct" | "group" | "inherited";
export type AssignmentOrigin = "directoryRole" | "pimGroupMember" | "pimGroupOwner";
export type ExpirationType = "afterDateTime" | "afterDuration" | "noExpiration";

/** One row of the admin-center export, and more. */
export interface Assignment {
  id: string;
  state: AssignmentState;
  /** For active assignments: assigned (held) or activated (from an eligibility); null when eligible. */
  activeKind: ActiveKind | null;
  roleId: string;
  principalId: string;
  directoryScopeId: string;
  appScopeId: string | null;
  /**
   * direct: the principal holds the role itself; group: the principal is a group holding the role;
   * inherited: the principal holds it through membership of `viaGroupId`.
   */
  memberType: MemberType;
  viaGroupId: string | null;
  /** ISO 8601 UTC; null start means made outside PIM or unknown. */
  start: string | null;
  /** ISO 8601 UTC; null = permanent. */
  end: string | null;
  origin: AssignmentOrigin;
  /** true when made outside PIM (no schedule, null start); null when unknown. */
  createdOutsidePim: boolean | null;
  expirationType: ExpirationType | null;
  scheduleId: string | null;
  /** For activations: the eligibility schedule it was activated from. */
  activatedFromEligibilityId: string | null;
}

/** PIM role settings (roleManagementPolicy rules) normalised per role. */
export interface RoleSetting {
  roleId: string;
  policyId: string;
  activation: {
    /** ISO 8601 duration. */
    maxDuration: string | null;
    requireMfa: boolean;
    requireJustification: boolean;
    requireTicket: boolean;
    requireApproval: boolean;
    /** Approver ids (users or groups), sorted. */
    approvers: string[];
  };
  eligibleAssignment: { expirationRequired: boolean; maxDuration: string | null };
  activeAssignment: {
    expirationRequired: boolean;
    maxDuration: string | null;
    requireMfa: boolean;
    requireJustification: boolean;
  };
  notifications: NotificationSetting[];
}

export interface NotificationSetting {
  /** The policy rule id, e.g. Notification_Admin_EndUser_Assignment. */
  ruleId: string;
  /** Admin: assignments made by an admin; EndUser: activations. */
  caller: "Admin" | "EndUser";
  level: "Eligibility" | "Assignment";
  recipientType: "Admin" | "Requestor" | "Approver";
  isDefaultRecipientsEnabled: boolean;
  recipients: string[];
}

export interface Activation {
  id: string;
  principalId: string;
  roleId: string;
  directoryScopeId: string;
  /** ISO 8601 UTC. */
  activatedAt: string;
  justification: string | null;
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  tenant: Tenant;
  collectedAt: string;
  source: SnapshotSource;
  completeness: { complete: boolean; gaps: Gap[] };
  /** For activation history: how many days back it reaches. */
  activityDays: number | null;
  roles: RoleDefinition[];
  principals: Principal[];
  assignments: Assignment[];
  roleSettings: RoleSetting[];
  activations: Activation[];
}
