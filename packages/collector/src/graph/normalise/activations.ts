// directoryAudits PIM activation records -> Activation history, for directory roles and PIM for Groups alike.
// PIM logs both as "Add member to role completed (PIM activation)": category RoleManagement for a directory role,
// GroupManagement for a group membership or ownership (Microsoft Entra audit log activity reference, PIM section).
// targetResources are told apart by their type, never by position: Role (the role, or Member/Owner for a
// group), User or ServicePrincipal (who activated), Group (the group whose membership was activated).
import type { Activation, GroupAccessId } from "@pim-audit/model";
import { arr, dateTime, type GraphObject, lower, obj, str } from "./fields.js";

export const PIM_ACTIVATION_ACTIVITY = "Add member to role completed (PIM activation)";

interface Target {
  id: string | null;
  displayName: string | null;
  type: string | null;
}

function targetsOf(raw: GraphObject): Target[] {
  return (arr(raw, "targetResources") as GraphObject[]).map((t) => ({
    id: str(t, "id"),
    displayName: str(t, "displayName"),
    // Microsoft's own directoryAudit example spells it "Type".
    type: lower(str(t, "type") ?? str(t, "Type")),
  }));
}

const first = (targets: readonly Target[], ...types: string[]) =>
  targets.find((t) => t.id !== null && t.type !== null && types.includes(t.type)) ?? null;

function accessIdOf(role: Target | null): GroupAccessId {
  return lower(role?.displayName ?? null) === "owner" ? "owner" : "member";
}

export function normaliseAuditActivation(raw: GraphObject): Activation | null {
  if (str(raw, "activityDisplayName") !== PIM_ACTIVATION_ACTIVITY) return null;
  if (lower(str(raw, "result")) !== "success") return null;
  const id = str(raw, "id");
  const activatedAt = dateTime(raw, "activityDateTime");
  const targets = targetsOf(raw);
  const principalId = first(targets, "user", "serviceprincipal")?.id ?? str(obj(obj(raw, "initiatedBy"), "user"), "id");
  if (id === null || activatedAt === null || principalId === null) return null;
  const justification = str(raw, "resultReason") || null;
  const role = first(targets, "role");
  switch (lower(str(raw, "category"))) {
    case "rolemanagement":
      if (role?.id == null) return null;
      // The audit record does not say at which scope the role was activated.
      return {
        id,
        principalId,
        roleId: role.id,
        directoryScopeId: null,
        groupId: null,
        accessId: null,
        activatedAt,
        justification,
      };
    case "groupmanagement": {
      const group = first(targets, "group");
      if (group?.id == null) return null;
      return {
        id,
        principalId,
        roleId: null,
        directoryScopeId: null,
        groupId: group.id,
        accessId: accessIdOf(role),
        activatedAt,
        justification,
      };
    }
    default:
      // ResourceManagement: Azure resource roles, which this tool does not review.
      return null;
  }
}
