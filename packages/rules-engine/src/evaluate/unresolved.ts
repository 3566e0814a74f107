// Names in a rule's selection that the snapshot does not know. A typo there would make the rule
// quietly select nothing, so such a rule is reported as not evaluated instead of passing.
// (`unless` is left out: a typo there shows up as extra findings, which is safe.)
import picomatch from "picomatch";
import type { LoadedRule, RoleSelectorSpec } from "../policy.js";
import type { SnapshotIndex } from "./snapshot-index.js";

function unknownCustomRoles(spec: RoleSelectorSpec | undefined, index: SnapshotIndex): string[] {
  if (spec === undefined || Array.isArray(spec)) return [];
  const known = new Set(index.snapshot.roles.map((r) => r.displayName.toLowerCase()));
  return (spec.customRoles ?? []).filter((name) => !known.has(name.toLowerCase()));
}

export function unresolvedNames(rule: LoadedRule, roleSelectorKeys: readonly string[], index: SnapshotIndex): string[] {
  const problems: string[] = [];
  const principals = rule.where.principals;
  const form = principals === undefined ? {} : Array.isArray(principals) ? { match: principals } : principals;
  for (const group of form.memberOf ?? []) {
    if (!index.groupsByKey.has(group.toLowerCase()))
      problems.push(`group '${group}' (memberOf) is not in the snapshot`);
  }
  for (const name of form.match ?? []) {
    if (picomatch.scan(name).isGlob) continue;
    const lower = name.toLowerCase();
    const found = index.snapshot.principals.some(
      (p) => p.id.toLowerCase() === lower || p.userPrincipalName?.toLowerCase() === lower,
    );
    if (!found) problems.push(`principal '${name}' is not in the snapshot`);
  }
  const roleSpecs = [
    rule.where.roles,
    ...roleSelectorKeys.map((key) => rule.spec[key] as RoleSelectorSpec | undefined),
  ];
  for (const spec of roleSpecs) {
    for (const name of unknownCustomRoles(spec, index)) problems.push(`custom role '${name}' is not in the snapshot`);
  }
  return problems;
}
