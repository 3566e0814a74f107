// The built-in Entra role catalog: template ids, names and the privileged label.
// Data: data/entra-builtin-roles.json, see the package README for its source.
import { readFileSync } from "node:fs";

export interface CatalogRole {
  displayName: string;
  templateId: string;
  privileged: boolean;
}

let cache: readonly CatalogRole[] | undefined;

export function builtInRoles(): readonly CatalogRole[] {
  cache ??= Object.freeze(
    JSON.parse(readFileSync(new URL("../data/entra-builtin-roles.json", import.meta.url), "utf8")) as CatalogRole[],
  );
  return cache;
}

let byTemplate: Map<string, CatalogRole> | undefined;
let byName: Map<string, CatalogRole> | undefined;

export function roleByTemplateId(templateId: string): CatalogRole | undefined {
  byTemplate ??= new Map(builtInRoles().map((r) => [r.templateId.toLowerCase(), r]));
  return byTemplate.get(templateId.toLowerCase());
}

export function roleByName(displayName: string): CatalogRole | undefined {
  byName ??= new Map(builtInRoles().map((r) => [r.displayName.toLowerCase(), r]));
  return byName.get(displayName.toLowerCase());
}

/** Well-known template ids the rest of the tool refers to by name. */
export const GLOBAL_ADMINISTRATOR_TEMPLATE_ID = "62e90394-69f5-4237-9190-012177145e10";
export const PRIVILEGED_ROLE_ADMINISTRATOR_TEMPLATE_ID = "e8611ab8-c189-46e8-94e1-60213ab1f814";

/**
 * Resource actions Microsoft labels privileged in the built-in roles' permission tables.
 * Data: data/entra-privileged-actions.json, which names the source files and commits.
 */
export function privilegedResourceActions(): readonly string[] {
  privilegedCache ??= Object.freeze(
    (
      JSON.parse(readFileSync(new URL("../data/entra-privileged-actions.json", import.meta.url), "utf8")) as {
        actions: string[];
      }
    ).actions,
  );
  return privilegedCache;
}

let privilegedCache: readonly string[] | undefined;

interface ParsedAction {
  namespace: string;
  entity: string;
  /** The property-set path between entity and verb, e.g. ["authenticationMethods", "standard"]. */
  properties: string[];
  verb: string;
}

function parseAction(action: string): ParsedAction | null {
  const parts = action.toLowerCase().split("/");
  if (parts.length < 3) return null;
  return {
    namespace: parts[0] as string,
    entity: parts[1] as string,
    properties: parts.slice(2, -1),
    verb: parts.at(-1) as string,
  };
}

/**
 * Whether holding `held` grants `target`: the same action, or one whose `allEntities`, `allProperties` or
 * `allTasks` keyword covers it (the keywords permissions-reference documents). An entity covers its
 * subtypes (`applications` covers `applications.myOrganization`).
 */
export function actionCovers(held: string, target: string): boolean {
  const h = parseAction(held);
  const t = parseAction(target);
  if (!h || !t || h.namespace !== t.namespace) return false;
  if (h.entity !== "allentities" && h.entity !== t.entity && !t.entity.startsWith(`${h.entity}.`)) return false;
  if (h.verb !== "alltasks" && h.verb !== t.verb) return false;
  if (h.entity === "allentities" && h.properties.length === 0) return true;
  for (const [i, segment] of h.properties.entries()) {
    if (segment === "allproperties") return true;
    if (t.properties[i] !== segment) return false;
  }
  return h.properties.length === t.properties.length;
}

export interface RolePermissionActions {
  allowedResourceActions: readonly string[];
  excludedResourceActions?: readonly string[];
}

/**
 * The allowed actions of a custom role that make it privileged: those granting an action Microsoft labels
 * privileged that the same permission does not exclude. Sorted, without repeats; [] for a role without any.
 */
export function privilegedActionsOf(permissions: readonly RolePermissionActions[]): string[] {
  const found = new Set<string>();
  for (const permission of permissions) {
    const excluded = permission.excludedResourceActions ?? [];
    for (const action of permission.allowedResourceActions) {
      const grants = privilegedResourceActions().some(
        (privileged) => actionCovers(action, privileged) && !excluded.some((ex) => actionCovers(ex, privileged)),
      );
      if (grants) found.add(action);
    }
  }
  return [...found].sort();
}
