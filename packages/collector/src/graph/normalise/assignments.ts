// Role eligibility/assignment schedule instances, their schedules and schedule-less role assignments
// -> Assignment rows for directory roles.
import type { Assignment, ExpirationType, MemberType } from "@pim-audit/model";
import { dateTime, type GraphObject, lower, obj, str } from "./fields.js";

export interface ScheduleFacts {
  /** null createdUsing on a schedule = made outside PIM (Graph: 03b-roleAssignmentSchedules-list.json). */
  createdOutsidePim: boolean;
  expirationType: ExpirationType | null;
}

export function scheduleFacts(schedule: GraphObject): ScheduleFacts {
  const type = str(obj(obj(schedule, "scheduleInfo"), "expiration"), "type");
  const expirationType = type === "noExpiration" || type === "afterDateTime" || type === "afterDuration" ? type : null;
  return { createdOutsidePim: str(schedule, "createdUsing") === null, expirationType };
}

export function indexSchedules(schedules: readonly GraphObject[]): Map<string, ScheduleFacts> {
  const index = new Map<string, ScheduleFacts>();
  for (const s of schedules) {
    const id = str(s, "id");
    if (id !== null) index.set(id, scheduleFacts(s));
  }
  return index;
}

/**
 * Graph's memberType as Graph sent it (Direct, Group, Inherited), lower-cased; Direct when absent. It says how the
 * principal holds the role, not what the principal is: a role-assignable group assigned itself is Direct.
 */
export function memberTypeOf(graphMemberType: string | null): MemberType {
  const m = lower(graphMemberType);
  return m === "group" || m === "inherited" ? m : "direct";
}

export interface InstanceContext {
  schedules: Map<string, ScheduleFacts> | null;
}

function base(
  raw: GraphObject,
): Omit<
  Assignment,
  "state" | "activeKind" | "scheduleId" | "createdOutsidePim" | "expirationType" | "activatedFromEligibilityId"
> | null {
  const id = str(raw, "id");
  const roleId = str(raw, "roleDefinitionId");
  const principalId = str(raw, "principalId");
  if (id === null || roleId === null || principalId === null) return null;
  return {
    id,
    roleId,
    principalId,
    directoryScopeId: str(raw, "directoryScopeId") ?? "/",
    appScopeId: str(raw, "appScopeId"),
    memberType: memberTypeOf(str(raw, "memberType")),
    viaGroupId: null,
    start: dateTime(raw, "startDateTime"),
    end: dateTime(raw, "endDateTime"),
    origin: "directoryRole",
  };
}

export function eligibilityFromInstance(raw: GraphObject, ctx: InstanceContext): Assignment | null {
  const b = base(raw);
  if (b === null) return null;
  const scheduleId = str(raw, "roleEligibilityScheduleId");
  const schedule = scheduleId === null ? undefined : ctx.schedules?.get(scheduleId);
  return {
    ...b,
    state: "eligible",
    activeKind: null,
    // Eligibility only exists through PIM.
    createdOutsidePim: false,
    expirationType: schedule?.expirationType ?? null,
    scheduleId,
    activatedFromEligibilityId: null,
  };
}

const scopeKey = (a: { principalId: string; roleId: string; directoryScopeId: string; appScopeId: string | null }) =>
  `${a.principalId}|${a.roleId}|${a.directoryScopeId}|${a.appScopeId ?? ""}`;

export function activeFromInstance(
  raw: GraphObject,
  ctx: InstanceContext,
  eligibilities: ReadonlyMap<string, Assignment>,
): Assignment | null {
  const b = base(raw);
  if (b === null) return null;
  const scheduleId = str(raw, "roleAssignmentScheduleId");
  const schedule = scheduleId === null ? undefined : ctx.schedules?.get(scheduleId);
  const activated = lower(str(raw, "assignmentType")) === "activated";
  let createdOutsidePim: boolean | null = null;
  if (schedule) createdOutsidePim = schedule.createdOutsidePim;
  else if (b.start === null) createdOutsidePim = true;
  else if (ctx.schedules !== null) createdOutsidePim = false;
  let activatedFromEligibilityId: string | null = null;
  if (activated) {
    const using = obj(raw, "activatedUsing");
    activatedFromEligibilityId =
      str(using, "roleEligibilityScheduleId") ?? str(using, "id") ?? eligibilities.get(scopeKey(b))?.scheduleId ?? null;
  }
  return {
    ...b,
    state: "active",
    activeKind: activated ? "activated" : "assigned",
    createdOutsidePim: activated ? false : createdOutsidePim,
    expirationType: schedule?.expirationType ?? null,
    scheduleId,
    activatedFromEligibilityId,
  };
}

/** roleAssignments with no matching active instance: held outside PIM, permanently. */
export function directWithoutSchedule(
  roleAssignments: readonly GraphObject[],
  active: readonly Assignment[],
): Assignment[] {
  const seenIds = new Set(active.map((a) => a.id));
  const seenKeys = new Set(active.map(scopeKey));
  const rows: Assignment[] = [];
  for (const raw of roleAssignments) {
    const b = base(raw);
    if (b === null || seenIds.has(b.id) || seenKeys.has(scopeKey(b))) continue;
    rows.push({
      ...b,
      start: null,
      end: null,
      state: "active",
      activeKind: "assigned",
      createdOutsidePim: true,
      expirationType: "noExpiration",
      scheduleId: null,
      activatedFromEligibilityId: null,
    });
  }
  return rows;
}

export function normaliseDirectoryAssignments(input: {
  eligibilityInstances: readonly GraphObject[];
  assignmentInstances: readonly GraphObject[];
  roleAssignments: readonly GraphObject[] | null;
  ctx: InstanceContext;
}): Assignment[] {
  const eligible = input.eligibilityInstances
    .map((raw) => eligibilityFromInstance(raw, input.ctx))
    .filter((a): a is Assignment => a !== null);
  const byScope = new Map(eligible.map((a) => [scopeKey(a), a]));
  const active = input.assignmentInstances
    .map((raw) => activeFromInstance(raw, input.ctx, byScope))
    .filter((a): a is Assignment => a !== null);
  const direct = input.roleAssignments ? directWithoutSchedule(input.roleAssignments, active) : [];
  return [...eligible, ...active, ...direct];
}
