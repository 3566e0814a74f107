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
