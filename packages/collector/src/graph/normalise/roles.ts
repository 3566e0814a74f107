// roleDefinitions -> RoleDefinition: built-in roles privileged by the role catalog, custom roles by their actions.
import {
  privilegedActionsOf,
  type RoleDefinition,
  type RolePermissionActions,
  roleByTemplateId,
} from "@pim-audit/model";
import { arr, bool, type GraphObject, str } from "./fields.js";

const strings = (values: unknown[]): string[] => values.filter((v): v is string => typeof v === "string");

function rolePermissions(raw: GraphObject): RolePermissionActions[] {
  return arr(raw, "rolePermissions")
    .filter((p): p is GraphObject => p !== null && typeof p === "object")
    .map((p) => ({
      allowedResourceActions: strings(arr(p, "allowedResourceActions")),
      excludedResourceActions: strings(arr(p, "excludedResourceActions")),
    }));
}

export function normaliseRoleDefinition(raw: GraphObject): RoleDefinition | null {
  const id = str(raw, "id");
  if (id === null) return null;
  const templateId = str(raw, "templateId") ?? id;
  const catalog = roleByTemplateId(templateId);
  // Graph v1.0 has no isPrivileged: the catalog decides for built-in roles, Microsoft's privileged actions for
  // custom ones (beta's flag still counts if a proxy sends it).
  const privilegedActions = catalog ? [] : privilegedActionsOf(rolePermissions(raw));
  return {
    id,
    templateId,
    displayName: str(raw, "displayName") ?? catalog?.displayName ?? id,
    isBuiltIn: bool(raw, "isBuiltIn") ?? catalog !== undefined,
    privileged: catalog?.privileged ?? (privilegedActions.length > 0 || bool(raw, "isPrivileged") === true),
    privilegedActions,
  };
}

/** A role seen in an assignment but absent from roleDefinitions (unreadable): filled from the catalog. */
export function roleFromCatalog(roleId: string): RoleDefinition | null {
  const catalog = roleByTemplateId(roleId);
  if (!catalog) return null;
  return {
    id: roleId,
    templateId: catalog.templateId,
    displayName: catalog.displayName,
    isBuiltIn: true,
    privileged: catalog.privileged,
    privilegedActions: [],
  };
}
