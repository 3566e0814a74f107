// The directory the server reads: tables that may be arrays (a fixture) or computed row by row
// (a generated tenant), plus the lookups the endpoints need.
import type {
  FixtureAdministrativeUnit,
  FixtureAssignmentSchedule,
  FixtureDirectoryAudit,
  FixtureEligibilitySchedule,
  FixtureGroup,
  FixtureGroupAssignment,
  FixtureGroupEligibility,
  FixtureGroupSetting,
  FixtureRoleDefinition,
  FixtureRoleSetting,
  FixtureScheduleRequest,
  FixtureServicePrincipal,
  FixtureTenant,
  FixtureUser,
  TenantFixture,
} from "./fixture.js";

/** Rows by position; a generated tenant computes each row on demand. */
export interface Table<T> {
  readonly size: number;
  at(index: number): T;
}

export function arrayTable<T>(rows: readonly T[]): Table<T> {
  return { size: rows.length, at: (index) => rows[index] as T };
}

export type DirectoryObject =
  | { kind: "user"; user: FixtureUser }
  | { kind: "group"; group: FixtureGroup }
  | { kind: "servicePrincipal"; servicePrincipal: FixtureServicePrincipal };

export interface Directory {
  tenant: FixtureTenant;
  users: Table<FixtureUser>;
  groups: Table<FixtureGroup>;
  servicePrincipals: Table<FixtureServicePrincipal>;
  administrativeUnits: Table<FixtureAdministrativeUnit>;
  customRoles: Table<FixtureRoleDefinition>;
  roleEligibilitySchedules: Table<FixtureEligibilitySchedule>;
  roleAssignmentSchedules: Table<FixtureAssignmentSchedule>;
  roleSettings: Table<FixtureRoleSetting>;
  pimGroupEligibilities: Table<FixtureGroupEligibility>;
  pimGroupAssignments: Table<FixtureGroupAssignment>;
  pimGroupSettings: Table<FixtureGroupSetting>;
  roleAssignmentScheduleRequests: Table<FixtureScheduleRequest>;
  directoryAudits: Table<FixtureDirectoryAudit>;
  /** A user, group or service principal by id (users also by userPrincipalName). */
  object(idOrUpn: string): DirectoryObject | undefined;
  eligibilitySchedule(id: string): FixtureEligibilitySchedule | undefined;
  assignmentSchedule(id: string): FixtureAssignmentSchedule | undefined;
  administrativeUnit(id: string): FixtureAdministrativeUnit | undefined;
  roleSetting(roleDefinitionId: string): FixtureRoleSetting | undefined;
  /** A group's PIM for Groups settings for `member` or `owner`. */
  groupSetting(groupId: string, accessId: string): FixtureGroupSetting | undefined;
}

export function fixtureDirectory(fixture: TenantFixture): Directory {
  const objects = new Map<string, DirectoryObject>();
  for (const user of fixture.users) {
    objects.set(user.id.toLowerCase(), { kind: "user", user });
    objects.set(user.userPrincipalName.toLowerCase(), { kind: "user", user });
  }
  for (const group of fixture.groups) objects.set(group.id.toLowerCase(), { kind: "group", group });
  for (const servicePrincipal of fixture.servicePrincipals) {
    objects.set(servicePrincipal.id.toLowerCase(), { kind: "servicePrincipal", servicePrincipal });
  }
  const eligibilities = new Map(fixture.roleEligibilitySchedules.map((e) => [e.id, e]));
  const assignmentSchedules = new Map(fixture.roleAssignmentSchedules.map((a) => [a.id, a]));
  const units = new Map(fixture.administrativeUnits.map((u) => [u.id.toLowerCase(), u]));
  // Graph lists audit records newest first.
  const audits = [...fixture.directoryAudits].sort(
    (a, b) => b.activityDateTime.localeCompare(a.activityDateTime) || a.id.localeCompare(b.id),
  );
  const settings = new Map(fixture.roleSettings.map((s) => [s.roleDefinitionId.toLowerCase(), s]));
  const groupSettings = new Map(
    (fixture.pimGroupSettings ?? []).map((s) => [`${s.groupId.toLowerCase()}|${s.accessId}`, s]),
  );
  return {
    tenant: fixture.tenant,
    users: arrayTable(fixture.users),
    groups: arrayTable(fixture.groups),
    servicePrincipals: arrayTable(fixture.servicePrincipals),
    administrativeUnits: arrayTable(fixture.administrativeUnits),
    customRoles: arrayTable(fixture.customRoles),
    roleEligibilitySchedules: arrayTable(fixture.roleEligibilitySchedules),
    roleAssignmentSchedules: arrayTable(fixture.roleAssignmentSchedules),
    roleSettings: arrayTable(fixture.roleSettings),
    pimGroupEligibilities: arrayTable(fixture.pimGroupEligibilities),
    pimGroupAssignments: arrayTable(fixture.pimGroupAssignments),
    pimGroupSettings: arrayTable(fixture.pimGroupSettings ?? []),
    roleAssignmentScheduleRequests: arrayTable(fixture.roleAssignmentScheduleRequests),
    directoryAudits: arrayTable(audits),
    object: (key) => objects.get(key.toLowerCase()),
    eligibilitySchedule: (id) => eligibilities.get(id),
    assignmentSchedule: (id) => assignmentSchedules.get(id),
    administrativeUnit: (id) => units.get(id.toLowerCase()),
    roleSetting: (roleDefinitionId) => settings.get(roleDefinitionId.toLowerCase()),
    groupSetting: (groupId, accessId) => groupSettings.get(`${groupId.toLowerCase()}|${accessId.toLowerCase()}`),
  };
}

/** Transitive members of a group (users, groups, service principals), each once, in first-seen order. */
export function transitiveMemberIds(directory: Directory, groupId: string): string[] {
  const seen = new Set<string>();
  const queue = [groupId];
  const visited = new Set<string>([groupId.toLowerCase()]);
  while (queue.length > 0) {
    const current = directory.object(queue.shift()!);
    if (current?.kind !== "group") continue;
    for (const memberId of current.group.members) {
      if (!seen.has(memberId)) seen.add(memberId);
      const member = directory.object(memberId);
      if (member?.kind === "group" && !visited.has(memberId.toLowerCase())) {
        visited.add(memberId.toLowerCase());
        queue.push(memberId);
      }
    }
  }
  return [...seen];
}
