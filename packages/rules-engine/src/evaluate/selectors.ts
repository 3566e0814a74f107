// Selectors compiled against one snapshot: role sets are precomputed, principal and scope answers
// are memoised, so matching an assignment costs a few lookups.
import type { Assignment, Principal, RoleDefinition } from "@pim-audit/model";
import picomatch from "picomatch";
import type { PrincipalSelectorSpec, RoleSelectorForm, RoleSelectorSpec, SelectorSpec } from "../policy.js";
import type { SnapshotIndex } from "./snapshot-index.js";

export type AssignmentMatcher = (assignment: Assignment) => boolean;

const list = <T>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

export function roleMatcher(spec: RoleSelectorSpec, index: SnapshotIndex): Set<string> {
  const form: RoleSelectorForm = Array.isArray(spec) ? { names: spec } : spec;
  const named = [...(form.names ?? []), ...(form.templateIds ?? []), ...(form.customRoles ?? [])];
  const keys = new Set(named.map((name) => name.toLowerCase()));
  const byKey = form.names !== undefined || form.templateIds !== undefined || form.customRoles !== undefined;
  const ids = new Set<string>();
  for (const role of index.snapshot.roles) {
    if (byKey && !roleKeys(role).some((key) => keys.has(key))) continue;
    if (form.privileged !== undefined && role.privileged !== form.privileged) continue;
    ids.add(role.id);
  }
  return ids;
}

function roleKeys(role: RoleDefinition): string[] {
  return [role.displayName.toLowerCase(), role.templateId.toLowerCase(), role.id.toLowerCase()];
}

export function principalMatcher(spec: PrincipalSelectorSpec, index: SnapshotIndex): (principalId: string) => boolean {
  const form = Array.isArray(spec) ? { match: spec } : spec;
  const globs = form.match ? picomatch(form.match, { nocase: true, dot: true }) : undefined;
  const types = list(form.type);
  const members = form.memberOf ? index.membersOf(form.memberOf) : undefined;
  const memo = new Map<string, boolean>();
  const test = (principalId: string, principal: Principal | undefined): boolean => {
    if (globs && !(globs(principalId) || (principal?.userPrincipalName ? globs(principal.userPrincipalName) : false)))
      return false;
    if (types && !types.includes(principal?.type ?? "unknown")) return false;
    if (form.userType !== undefined && principal?.userType?.toLowerCase() !== form.userType.toLowerCase()) return false;
    if (members && !members.has(principalId)) return false;
    return true;
  };
  return (principalId) => {
    let answer = memo.get(principalId);
    if (answer === undefined) {
      answer = test(principalId, index.principalsById.get(principalId));
      memo.set(principalId, answer);
    }
    return answer;
  };
}

export function scopeMatcher(patterns: string[]): (scope: string) => boolean {
  const glob = picomatch(patterns, { nocase: true, dot: true });
  const memo = new Map<string, boolean>();
  return (scope) => {
    let answer = memo.get(scope);
    if (answer === undefined) {
      answer = glob(scope);
      memo.set(scope, answer);
    }
    return answer;
  };
}

export function compileSelector(spec: SelectorSpec, index: SnapshotIndex): AssignmentMatcher {
  const checks: AssignmentMatcher[] = [];
  const states = oneOf(spec.state);
  if (states) checks.push((a) => states.has(a.state));
  const kinds = oneOf(spec.activeKind);
  if (kinds) checks.push((a) => a.activeKind !== null && kinds.has(a.activeKind));
  const memberTypes = oneOf(spec.memberType);
  if (memberTypes) checks.push((a) => memberTypes.has(a.memberType));
  const origins = oneOf(spec.origin);
  if (origins) checks.push((a) => origins.has(a.origin));
  const scopes = list(spec.scope);
  if (scopes) {
    const scope = scopeMatcher(scopes);
    checks.push((a) => scope(a.directoryScopeId));
  }
  if (spec.permanent !== undefined) {
    const permanent = spec.permanent;
    checks.push((a) => (a.end === null) === permanent);
  }
  if (spec.roles) {
    const roles = roleMatcher(spec.roles, index);
    checks.push((a) => roles.has(a.roleId));
  }
  if (spec.principals) {
    const principals = principalMatcher(spec.principals, index);
    checks.push((a) => principals(a.principalId));
  }
  return allOf(checks);
}

const oneOf = <T>(value: T | T[] | undefined): Set<T> | undefined =>
  value === undefined ? undefined : new Set(Array.isArray(value) ? value : [value]);

/** The checks as one matcher; it is called once per assignment per rule, so it avoids a closure per call. */
function allOf(checks: readonly AssignmentMatcher[]): AssignmentMatcher {
  const [first, second] = checks;
  if (first === undefined) return () => true;
  if (second === undefined) return first;
  if (checks.length === 2) return (a) => first(a) && second(a);
  return (a) => {
    for (const check of checks) if (!check(a)) return false;
    return true;
  };
}

/**
 * The assignments `where` selects and no `unless` does, of the roles in `within` when it is given. A role
 * selection reads only those roles' assignments from the index instead of testing every assignment of the
 * snapshot.
 */
export function selectAssignments(
  where: SelectorSpec,
  unless: readonly SelectorSpec[],
  index: SnapshotIndex,
  within?: ReadonlySet<string>,
): Assignment[] {
  const { roles, ...rest } = where;
  const matches = compileSelector(rest, index);
  const excluded = unless.length === 0 ? undefined : anyOf(unless.map((spec) => compileSelector(spec, index)));
  const selected: Assignment[] = [];
  const take = (pool: readonly Assignment[]) => {
    for (const assignment of pool) {
      if (matches(assignment) && !excluded?.(assignment)) selected.push(assignment);
    }
  };
  if (roles === undefined && within === undefined) take(index.snapshot.assignments);
  else {
    for (const roleId of roles === undefined ? (within as ReadonlySet<string>) : roleMatcher(roles, index)) {
      if (within === undefined || within.has(roleId)) take(index.assignmentsByRole.get(roleId) ?? []);
    }
  }
  return selected;
}

function anyOf(matchers: readonly AssignmentMatcher[]): AssignmentMatcher {
  const [only] = matchers;
  if (only !== undefined && matchers.length === 1) return only;
  return (a) => {
    for (const matcher of matchers) if (matcher(a)) return true;
    return false;
  };
}
