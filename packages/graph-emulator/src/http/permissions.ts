// Application permissions per endpoint, least privileged first, from the Permissions table of each
// endpoint's page in the Graph v1.0 API reference (microsoftgraph/microsoft-graph-docs-contrib). A route lists groups: one permission from every group is needed.

export type PermissionRequirement = readonly (readonly string[])[];

const any = (...permissions: string[]): PermissionRequirement => [permissions];

export const PERMISSIONS = {
  roleDefinitions: any(
    "RoleManagement.Read.Directory",
    "Directory.Read.All",
    "RoleManagement.Read.All",
    "RoleManagement.ReadWrite.Directory",
    "Directory.ReadWrite.All",
  ),
  // rbacapplication-list-roleassignments: the same list as role definitions (no verbatim example in graph-reference).
  roleAssignments: any(
    "RoleManagement.Read.Directory",
    "Directory.Read.All",
    "RoleManagement.Read.All",
    "RoleManagement.ReadWrite.Directory",
    "Directory.ReadWrite.All",
  ),
  roleEligibility: any(
    "RoleEligibilitySchedule.Read.Directory",
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "RoleEligibilitySchedule.ReadWrite.Directory",
    "RoleManagement.ReadWrite.Directory",
  ),
  roleAssignment: any(
    "RoleAssignmentSchedule.Read.Directory",
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "RoleAssignmentSchedule.ReadWrite.Directory",
    "RoleManagement.ReadWrite.Directory",
  ),
  // rbacapplication-list-roleassignmentschedulerequests: for an app, RoleManagement.ReadWrite.Directory only.
  roleAssignmentRequests: any("RoleManagement.ReadWrite.Directory"),
  rolePolicyDirectory: any(
    "RoleManagementPolicy.Read.Directory",
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "RoleManagementPolicy.ReadWrite.Directory",
    "RoleManagement.ReadWrite.Directory",
  ),
  rolePolicyGroup: any("RoleManagementPolicy.Read.AzureADGroup", "RoleManagementPolicy.ReadWrite.AzureADGroup"),
  groupEligibility: any(
    "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
  ),
  groupAssignment: any(
    "PrivilegedAssignmentSchedule.Read.AzureADGroup",
    "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
  ),
  groupMembers: any(
    "GroupMember.Read.All",
    "Group.Read.All",
    "GroupMember.ReadWrite.All",
    "Group.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ),
  groups: any(
    "GroupMember.Read.All",
    "Group.Read.All",
    "Directory.Read.All",
    "Group.ReadWrite.All",
    "Directory.ReadWrite.All",
  ),
  users: any("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"),
  servicePrincipals: any(
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ),
  directoryObjects: any("Directory.Read.All", "Directory.ReadWrite.All"),
  // "AuditLog.Read.All and Directory.Read.All" (both), per directoryaudit-list-permissions.
  directoryAudits: [["AuditLog.Read.All"], ["Directory.Read.All", "Directory.ReadWrite.All"]],
  organization: any(
    "Organization.Read.All",
    "Directory.Read.All",
    "Organization.ReadWrite.All",
    "Directory.ReadWrite.All",
  ),
  signInActivity: any("AuditLog.Read.All"),
} as const satisfies Record<string, PermissionRequirement>;

/**
 * The least-privileged application permissions the collector needs for every endpoint it reads.
 * Directory.Read.All is unavoidable (directoryAudits and getByIds need it), and it also covers
 * users, groups, transitive members, service principals and organization.
 */
export const ALL_READ_PERMISSIONS: readonly string[] = Object.freeze([
  "AuditLog.Read.All",
  "Directory.Read.All",
  "PrivilegedAssignmentSchedule.Read.AzureADGroup",
  "PrivilegedEligibilitySchedule.Read.AzureADGroup",
  "RoleManagement.Read.Directory",
  "RoleManagementPolicy.Read.AzureADGroup",
]);

export function isGranted(requirement: PermissionRequirement, roles: ReadonlySet<string>): boolean {
  return requirement.every((group) => group.some((permission) => roles.has(permission)));
}
