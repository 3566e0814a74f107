// Least-privilege Microsoft Graph application permissions for each piece the collector reads.
// Source: the Permissions table of each endpoint's page in the Microsoft Graph v1.0 API reference
// (https://learn.microsoft.com/graph/api/overview, source microsoftgraph/microsoft-graph-docs-contrib).
import type { DataPiece } from "@pim-audit/model";

export interface PiecePermission {
  /** Application permissions that together allow reading the piece (least privileged first). */
  permissions: readonly string[];
  /** A licence the piece needs besides the permission, when there is one. */
  licence: string | null;
}

export const GRAPH_PERMISSIONS: Readonly<Record<Exclude<DataPiece, "ids">, PiecePermission>> = {
  roleDefinitions: { permissions: ["RoleManagement.Read.Directory"], licence: null },
  assignments: {
    permissions: ["RoleEligibilitySchedule.Read.Directory", "RoleAssignmentSchedule.Read.Directory"],
    licence: "Microsoft Entra ID P2 (PIM)",
  },
  schedules: {
    permissions: ["RoleEligibilitySchedule.Read.Directory", "RoleAssignmentSchedule.Read.Directory"],
    licence: "Microsoft Entra ID P2 (PIM)",
  },
  directAssignments: { permissions: ["RoleManagement.Read.Directory"], licence: null },
  // Directory role policies, and the PIM for Groups policies of the groups that hold a role.
  roleSettings: {
    permissions: ["RoleManagementPolicy.Read.Directory", "RoleManagementPolicy.Read.AzureADGroup"],
    licence: "Microsoft Entra ID P2 (PIM)",
  },
  principals: { permissions: ["User.Read.All", "GroupMember.Read.All", "Application.Read.All"], licence: null },
  signInActivity: { permissions: ["AuditLog.Read.All"], licence: "Microsoft Entra ID P1 or P2" },
  groupMembers: { permissions: ["GroupMember.Read.All"], licence: null },
  pimForGroups: {
    permissions: ["PrivilegedEligibilitySchedule.Read.AzureADGroup", "PrivilegedAssignmentSchedule.Read.AzureADGroup"],
    licence: "Microsoft Entra ID P2 (PIM)",
  },
  // directoryaudit-list: "AuditLog.Read.All and Directory.Read.All", both.
  activationHistory: {
    permissions: ["AuditLog.Read.All", "Directory.Read.All"],
    licence: "Microsoft Entra ID P2 (PIM)",
  },
};

/** Every permission the collector asks for, sorted: the list the README shows. */
export function allGraphPermissions(): string[] {
  return [...new Set(Object.values(GRAPH_PERMISSIONS).flatMap((p) => p.permissions))].sort();
}

/**
 * The Azure CLI's first-party client id: `az login` signs in with it, and so does DeviceCodeCredential without a
 * client id. It is pre-authorized for a fixed set of Graph scopes without any PIM scope (Azure/azure-cli#22775,
 * #26471, #30149), so its tokens cannot read PIM, whatever the signed-in user may do.
 */
export const AZURE_CLI_APP_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/**
 * Delegated scopes that read the eligible and the active assignment schedule instances, least privileged first
 * (api-reference/v1.0/api/rbacapplication-list-roleeligibilityscheduleinstances.md and
 * rbacapplication-list-roleassignmentscheduleinstances.md, microsoftgraph/microsoft-graph-docs-contrib).
 */
export const PIM_READ_SCOPES = {
  eligibility: [
    "RoleEligibilitySchedule.Read.Directory",
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "RoleEligibilitySchedule.ReadWrite.Directory",
    "RoleManagement.ReadWrite.Directory",
  ],
  assignment: [
    "RoleAssignmentSchedule.Read.Directory",
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "RoleAssignmentSchedule.ReadWrite.Directory",
    "RoleManagement.ReadWrite.Directory",
  ],
} as const;

/** What an app registration used for a user's sign-in (delegated) needs: the same names as the application list. */
export const DELEGATED_READ_PERMISSIONS: readonly string[] = allGraphPermissions();

/** What a refused request needs: a role management policy request needs only the permission for its scope. */
export function permissionsFor(piece: Exclude<DataPiece, "ids">, request: string | null): readonly string[] {
  const { permissions } = GRAPH_PERMISSIONS[piece];
  if (piece !== "roleSettings" || request === null) return permissions;
  const groupScope = /scopeType(\s|%20)+eq(\s|%20)+('|%27)Group('|%27)/i.test(request);
  return permissions.filter((p) => p.endsWith(".AzureADGroup") === groupScope);
}
