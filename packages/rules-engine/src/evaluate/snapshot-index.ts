// The snapshot indexed once (by role, principal, group), so that no rule is quadratic in assignments.
import type {
  Activation,
  Assignment,
  GroupAccessId,
  GroupSetting,
  Principal,
  RoleDefinition,
  RoleSetting,
  Snapshot,
} from "@pim-audit/model";

const NO_ACTIVATIONS: readonly Activation[] = [];

const groupKey = (groupId: string, accessId: GroupAccessId | null) =>
  `group:${groupId.toLowerCase()}:${accessId ?? "member"}`;

export class SnapshotIndex {
  readonly snapshot: Snapshot;
  readonly rolesById = new Map<string, RoleDefinition>();
  readonly principalsById = new Map<string, Principal>();
  readonly assignmentsByRole = new Map<string, Assignment[]>();
  readonly settingsByRole = new Map<string, RoleSetting>();
  /** PIM for Groups settings by `groupId|accessId`, the group id lower-cased. */
  private readonly settingsByGroup = new Map<string, GroupSetting>();
  /** Lower-cased group display name or id -> groups (display names need not be unique). */
  readonly groupsByKey = new Map<string, Principal[]>();
  /** principal -> role id, or `group:<id>:<accessId>` for a PIM for Groups activation -> activations. */
  private readonly activationsByHolder = new Map<string, Map<string, Activation[]>>();

  constructor(snapshot: Snapshot) {
    this.snapshot = snapshot;
    for (const role of snapshot.roles) this.rolesById.set(role.id, role);
    for (const principal of snapshot.principals) {
      this.principalsById.set(principal.id, principal);
      if (principal.type === "group") {
        for (const key of [principal.id, principal.displayName]) {
          if (key === null) continue;
          const list = this.groupsByKey.get(key.toLowerCase()) ?? [];
          list.push(principal);
          this.groupsByKey.set(key.toLowerCase(), list);
        }
      }
    }
    for (const assignment of snapshot.assignments) {
      const list = this.assignmentsByRole.get(assignment.roleId);
      if (list) list.push(assignment);
      else this.assignmentsByRole.set(assignment.roleId, [assignment]);
    }
    for (const setting of snapshot.roleSettings) this.settingsByRole.set(setting.roleId, setting);
    for (const setting of snapshot.groupSettings) {
      this.settingsByGroup.set(`${setting.groupId.toLowerCase()}|${setting.accessId}`, setting);
    }
    for (const activation of snapshot.activations) {
      const key =
        activation.roleId ?? (activation.groupId === null ? null : groupKey(activation.groupId, activation.accessId));
      if (key === null) continue;
      let byRole = this.activationsByHolder.get(activation.principalId);
      if (!byRole) {
        byRole = new Map();
        this.activationsByHolder.set(activation.principalId, byRole);
      }
      const list = byRole.get(key);
      if (list) list.push(activation);
      else byRole.set(key, [activation]);
    }
  }

  groupSetting(groupId: string, accessId: GroupAccessId): GroupSetting | undefined {
    return this.settingsByGroup.get(`${groupId.toLowerCase()}|${accessId}`);
  }

  activationsOf(principalId: string, roleId: string): readonly Activation[] {
    return this.activationsByHolder.get(principalId)?.get(roleId) ?? NO_ACTIVATIONS;
  }

  /** PIM for Groups activations of the principal's membership (or ownership) of the group. */
  groupActivationsOf(principalId: string, groupId: string, accessId: GroupAccessId): readonly Activation[] {
    return this.activationsByHolder.get(principalId)?.get(groupKey(groupId, accessId)) ?? NO_ACTIVATIONS;
  }

  /** Ids of every transitive member of the groups named (by display name or id, any case). */
  membersOf(groups: readonly string[]): Set<string> {
    const members = new Set<string>();
    for (const name of groups) {
      for (const group of this.groupsByKey.get(name.toLowerCase()) ?? []) {
        for (const id of group.members ?? []) members.add(id);
      }
    }
    return members;
  }

  roleName(roleId: string): string {
    return this.rolesById.get(roleId)?.displayName ?? roleId;
  }

  principalName(principalId: string): string {
    return principalNameOf(this.principalsById.get(principalId), principalId);
  }
}

/** How findings name a principal: its UPN, else its display name, else its id; a deleted one says so. */
export function principalNameOf(principal: Principal | undefined, principalId: string): string {
  const name = principal?.userPrincipalName ?? principal?.displayName ?? principalId;
  return principal?.deleted ? `deleted principal ${name}` : name;
}
