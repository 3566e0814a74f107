// The Snapshot: what a tenant's privileged role assignments looked like at one instant.
// It is the one contract between the collector and everything downstream.

export const SNAPSHOT_SCHEMA_VERSION = 2 as const;
/** Older versions `--from` still reads, converted on read (see upgrade.ts). */
export const READABLE_SNAPSHOT_VERSIONS: readonly number[] = [1, 2];

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

/**
 * What the assignments export (assignments.csv, the admin center's columns) needs whatever the policies:
 * who holds which role, directly or through which group, under which name.
 */
export const ASSIGNMENTS_EXPORT_NEEDS: readonly DataPiece[] = [
  "assignments",
  "directAssignments",
  "groupMembers",
  "pimForGroups",
  "principals",
  "roleDefinitions",
];

export interface Gap {
  piece: DataPiece;
  /** Why it could not be read, in words a reviewer understands. */
  reason: string;
  /** The Graph request, file or column that failed, when there is one. */
  request: string | null;
  /**
   * Set by the source: true when this kind of source never holds the piece (an admin-center CSV has no ids,
   * settings or memberships), so the gap is the source's nature rather than a failed collection.
   */
  expected: boolean;
  /**
   * Present when the piece was left unread on purpose, because no loaded policy needed it: not a failed read, so
   * it does not make this snapshot incomplete, but a later evaluation that needs the piece is.
   */
  skipped?: true;
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
  /**
   * Custom roles: the resource actions of its rolePermissions that Microsoft labels privileged, which make the
   * role privileged; sorted, [] for built-in roles (their flag comes from the catalog).
   */
  privilegedActions: string[];
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
  /** signInActivity.lastSuccessfulSignInDateTime: the last sign-in that succeeded; null when never or unknown. */
  lastSuccessfulSignInDateTime: string | null;
  /** signInActivity.lastSignInDateTime: the last interactive sign-in attempt, successful or not. */
  lastSignInDateTime: string | null;
  /** signInActivity.lastNonInteractiveSignInDateTime: the last non-interactive attempt, successful or not. */
  lastNonInteractiveSignInDateTime: string | null;
  /** true when the directory object no longer exists (PIM still lists its schedules for a while). */
  deleted: boolean;
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
   * Graph's memberType: direct: the principal itself is assigned (a role-assignable group included);
   * group: held through membership of the group `viaGroupId`; inherited: from a parent scope.
   * Whether the principal is a group is its type, never this field.
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
export interface RoleSetting extends PimSetting {
  roleId: string;
}

export type GroupAccessId = "member" | "owner";

/** PIM for Groups settings (scopeType Group) of one role-holding group, for its members or owners. */
export interface GroupSetting extends PimSetting {
  groupId: string;
  accessId: GroupAccessId;
}

/** The rules of one roleManagementPolicy, normalised. */
export interface PimSetting {
  policyId: string;
  activation: {
    /** ISO 8601 duration. */
    maxDuration: string | null;
    requireMfa: boolean;
    /** A Conditional Access authentication context is required on activation (AuthenticationContext_EndUser_Assignment). */
    requireAuthenticationContext: boolean;
    /** Its claim value (c1..c99), null when not required. */
    authenticationContext: string | null;
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
  /** The activated directory role; null for a PIM for Groups activation. */
  roleId: string | null;
  /** null for a PIM for Groups activation, and when the source does not say (the audit log does not). */
  directoryScopeId: string | null;
  /** PIM for Groups: the group whose membership or ownership was activated; null for a directory role. */
  groupId: string | null;
  accessId: GroupAccessId | null;
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
  /** For activation history: how many days back it was asked for. */
  activityDays: number | null;
  /** What the activation history really covers; null fields when no history was read. */
  activationHistory: ActivationHistory;
  roles: RoleDefinition[];
  principals: Principal[];
  assignments: Assignment[];
  roleSettings: RoleSetting[];
  /** PIM for Groups settings of the groups that hold a role. */
  groupSettings: GroupSetting[];
  activations: Activation[];
}

export interface ActivationHistory {
  /** Where activations were read from. */
  source: "roleAssignmentScheduleRequests" | "directoryAudits" | null;
  /** ISO 8601 UTC: the oldest instant the history is known to cover (retention, or the oldest record returned). */
  coversFrom: string | null;
}
