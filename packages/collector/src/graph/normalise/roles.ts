// roleDefinitions -> RoleDefinition, with the privileged flag from the role catalog.
import { type RoleDefinition, roleByTemplateId } from "@pim-audit/model";
import { bool, type GraphObject, str } from "./fields.js";

export function normaliseRoleDefinition(raw: GraphObject): RoleDefinition | null {
  const id = str(raw, "id");
  if (id === null) return null;
  const templateId = str(raw, "templateId") ?? id;
  const catalog = roleByTemplateId(templateId);
  return {
    id,
    templateId,
    displayName: str(raw, "displayName") ?? catalog?.displayName ?? id,
    isBuiltIn: bool(raw, "isBuiltIn") ?? catalog !== undefined,
    // Graph v1.0 has no isPrivileged; the catalog decides for built-in roles, beta's flag for custom ones.
    privileged: catalog?.privileged ?? bool(raw, "isPrivileged") ?? false,
    privilegedActions: [],
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
