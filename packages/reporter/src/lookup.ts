// Names for the ids in a snapshot, as the admin center shows them.
import type { Principal, RoleDefinition, Snapshot } from "@pim-audit/model";

export interface SnapshotIndex {
  role(id: string): RoleDefinition | undefined;
  principal(id: string): Principal | undefined;
  roleName(id: string): string;
  /** Display name, falling back to the sign-in name, then the id. */
  principalDisplayName(id: string | null): string;
  /** What the export calls PrincipalName: the UPN for users, the display name otherwise. */
  principalName(id: string): string;
}

/** A principal deleted since its schedule was made reads "(deleted) <name or id>", so no reviewer takes it for a live holder. */
function deletedMark(principal: Principal | undefined, name: string): string {
  return principal?.deleted ? `(deleted) ${name}` : name;
}

export function indexSnapshot(snapshot: Snapshot): SnapshotIndex {
  const roles = new Map(snapshot.roles.map((r) => [r.id, r]));
  const principals = new Map(snapshot.principals.map((p) => [p.id, p]));
  return {
    role: (id) => roles.get(id),
    principal: (id) => principals.get(id),
    roleName: (id) => roles.get(id)?.displayName ?? id,
    principalDisplayName(id) {
      if (id === null) return "";
      const p = principals.get(id);
      return deletedMark(p, p?.displayName ?? p?.userPrincipalName ?? id);
    },
    principalName(id) {
      const p = principals.get(id);
      return deletedMark(p, p?.userPrincipalName ?? p?.displayName ?? id);
    },
  };
}
