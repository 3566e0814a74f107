// Checks a schema-valid policy for what a schema cannot say (set references, role names) and
// turns it into the engine's LoadedPolicy.
import { builtInRoles, closest, InputError, roleByName, type Severity } from "@pim-audit/model";
import type { LoadedException, LoadedPolicy, LoadedRule, RoleSelectorSpec, SelectorSpec } from "../policy.js";
import { ruleType } from "../rules/index.js";
import { displayPath } from "./display-path.js";
import type { PathSegment, YamlSource } from "./yaml-source.js";

interface RawPolicy {
  metadata: { name: string; description?: string };
  sets?: Record<string, SelectorSpec>;
  rules?: (Record<string, unknown> & { id: string; type: string })[];
  exceptions?: {
    rule: string;
    principal?: string;
    role?: string;
    scope?: string;
    reason: string;
    expires: string;
    ticket?: string;
    owner?: string;
  }[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function resolvePolicy(
  value: unknown,
  source: YamlSource,
  sha256: string,
): { policy: LoadedPolicy; errors: InputError[] } {
  const raw = value as RawPolicy;
  const errors: InputError[] = [];
  const fail = (path: readonly PathSegment[], message: string, hint?: string) =>
    errors.push(
      new InputError("POLICY_INVALID", `${displayPath(path, value)}: ${message}`, {
        position: source.position(path),
        ...(hint ? { hint } : {}),
      }),
    );

  const checkRoleName = (name: string, path: readonly PathSegment[]) => {
    if (GUID.test(name) || roleByName(name)) return;
    const guess = closest(
      name,
      builtInRoles().map((r) => r.displayName),
    );
    fail(
      path,
      `unknown built-in role '${name}'.`,
      `${guess ? `Did you mean '${guess}'? ` : ""}Use a built-in role name, a template id, or customRoles: [...] for a custom role.`,
    );
  };
  const checkRoles = (spec: RoleSelectorSpec | undefined, path: readonly PathSegment[]) => {
    if (spec === undefined) return;
    const names = Array.isArray(spec) ? spec : (spec.names ?? []);
    const base = Array.isArray(spec) ? path : [...path, "names"];
    for (const [i, name] of names.entries()) checkRoleName(name, [...base, i]);
  };
  const sets = raw.sets ?? {};
  for (const [name, set] of Object.entries(sets)) checkRoles(set.roles, ["sets", name, "roles"]);

  const resolve = (ref: SelectorSpec | string, path: readonly PathSegment[]): SelectorSpec | undefined => {
    if (typeof ref !== "string") {
      checkRoles(ref.roles, [...path, "roles"]);
      return ref;
    }
    const set = sets[ref.slice(1)];
    if (!set) {
      const names = Object.keys(sets);
      const guess = closest(ref.slice(1), names);
      fail(
        path,
        `unknown set '${ref}'.`,
        `${guess ? `Did you mean '$${guess}'? ` : ""}${names.length > 0 ? `Sets in this file: ${names.map((n) => `$${n}`).join(", ")}.` : "Define it under sets: in this file."}`,
      );
    }
    return set;
  };

  const rules: LoadedRule[] = (raw.rules ?? []).map((rule, i) => {
    const path = ["rules", i];
    const type = ruleType(rule.type);
    const where = rule["where"] === undefined ? {} : (resolve(rule["where"] as SelectorSpec, [...path, "where"]) ?? {});
    const unlessRaw = rule["unless"] as SelectorSpec | string | (SelectorSpec | string)[] | undefined;
    const unlessList = unlessRaw === undefined ? [] : Array.isArray(unlessRaw) ? unlessRaw : [unlessRaw];
    const unless = unlessList
      .map((ref, j) => resolve(ref, Array.isArray(unlessRaw) ? [...path, "unless", j] : [...path, "unless"]))
      .filter((s): s is SelectorSpec => s !== undefined);
    for (const [key, schema] of Object.entries(type?.properties ?? {})) {
      if ((schema as { $ref?: string }).$ref === "#/$defs/roleSelector")
        checkRoles(rule[key] as RoleSelectorSpec | undefined, [...path, key]);
    }
    for (const problem of type?.check?.(rule) ?? []) fail([...path, problem.key], problem.message);
    if (type?.selects === "roles") checkRoles(rule["roles"] as RoleSelectorSpec, [...path, "roles"]);
    return {
      id: rule.id,
      type: rule.type,
      severity: (rule["severity"] as Severity | undefined) ?? "medium",
      title: (rule["title"] as string | undefined) ?? type?.title ?? rule.type,
      description: (rule["description"] as string | undefined) ?? "",
      where: type?.selects === "roles" ? { roles: rule["roles"] as RoleSelectorSpec } : where,
      unless,
      spec: rule,
      location: source.position(path),
    };
  });

  const exceptions: LoadedException[] = (raw.exceptions ?? []).map((exception, i) => {
    if (exception.role !== undefined) checkRoleName(exception.role, ["exceptions", i, "role"]);
    return {
      rule: exception.rule,
      principal: exception.principal ?? null,
      role: exception.role ?? null,
      scope: exception.scope ?? null,
      reason: exception.reason,
      expires: exception.expires,
      ticket: exception.ticket ?? null,
      owner: exception.owner ?? null,
      location: source.position(["exceptions", i]),
    };
  });

  return {
    policy: {
      file: source.file,
      sha256,
      name: raw.metadata.name,
      description: raw.metadata.description ?? "",
      sets,
      rules,
      exceptions,
    },
    errors,
  };
}
