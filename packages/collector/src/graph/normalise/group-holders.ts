// Roles held through groups: every transitive member of a role-holding group, and every PIM for Groups
// eligible or active member/owner of it, becomes a holder with memberType group naming the group. Graph's own
// Group rows for the same holder are then dropped so that nobody is counted twice; the group's own row keeps
// the memberType Graph sent.
import type { Assignment, AssignmentOrigin, PrincipalType } from "@pim-audit/model";
import { dateTime, type GraphObject, lower, str } from "./fields.js";

export interface GroupMember {
  id: string;
  type: PrincipalType;
}

export interface PimGroupInstances {
  eligibility: readonly GraphObject[];
  assignment: readonly GraphObject[];
}

const holderKey = (a: Assignment) =>
  `${a.principalId}|${a.roleId}|${a.state}|${a.directoryScopeId}|${a.appScopeId ?? ""}`;

function earlierEnd(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function originOf(raw: GraphObject): AssignmentOrigin {
  return lower(str(raw, "accessId")) === "owner" ? "pimGroupOwner" : "pimGroupMember";
}

function pimRows(groupRow: Assignment, pim: PimGroupInstances): Assignment[] {
  const rows: Assignment[] = [];
  const eligibleSchedule = new Map<string, string>();
  for (const e of pim.eligibility) {
    const id = str(e, "id");
    const principalId = str(e, "principalId");
    if (id === null || principalId === null) continue;
    const scheduleId = str(e, "eligibilityScheduleId") ?? id;
    eligibleSchedule.set(`${principalId}|${originOf(e)}`, scheduleId);
    rows.push({
      ...groupRow,
      id: `${groupRow.id}|${id}`,
      state: "eligible",
      activeKind: null,
      principalId,
      memberType: "group",
      viaGroupId: groupRow.principalId,
      start: dateTime(e, "startDateTime"),
      end: earlierEnd(groupRow.end, dateTime(e, "endDateTime")),
      origin: originOf(e),
      createdOutsidePim: false,
      expirationType: null,
      scheduleId,
      activatedFromEligibilityId: null,
    });
  }
  for (const x of pim.assignment) {
    const id = str(x, "id");
    const principalId = str(x, "principalId");
    if (id === null || principalId === null) continue;
    const activated = lower(str(x, "assignmentType")) === "activated";
    const start = dateTime(x, "startDateTime");
    const active = groupRow.state === "active";
    rows.push({
      ...groupRow,
      id: `${groupRow.id}|${id}`,
      state: groupRow.state,
      activeKind: active ? (activated ? "activated" : "assigned") : null,
      principalId,
      memberType: "group",
      viaGroupId: groupRow.principalId,
      start,
      end: earlierEnd(groupRow.end, dateTime(x, "endDateTime")),
      origin: originOf(x),
      createdOutsidePim: activated ? false : start === null,
      expirationType: null,
      scheduleId: str(x, "assignmentScheduleId"),
      activatedFromEligibilityId: activated ? (eligibleSchedule.get(`${principalId}|${originOf(x)}`) ?? null) : null,
    });
  }
  return rows;
}

/** A row whose principal is a group holding the role itself (not through another group). */
export function isGroupHolder(row: Assignment, principalType: (id: string) => PrincipalType): boolean {
  return row.memberType !== "group" && principalType(row.principalId) === "group";
}

export function expandGroupHolders(input: {
  assignments: readonly Assignment[];
  principalType: (id: string) => PrincipalType;
  /** Transitive members per group; a group missing here could not be read. */
  members: ReadonlyMap<string, readonly GroupMember[]>;
  pimGroups: ReadonlyMap<string, PimGroupInstances>;
}): Assignment[] {
  const expanded: Assignment[] = [];
  for (const row of input.assignments) {
    if (!isGroupHolder(row, input.principalType)) continue;
    const groupId = row.principalId;
    const pim = input.pimGroups.get(groupId);
    const fromPim = pim ? pimRows(row, pim) : [];
    // Active PIM members are also plain members; the PIM row carries more, so it wins.
    const coveredByPim = new Set(
      fromPim.filter((r) => r.origin === "pimGroupMember" && r.state === row.state).map((r) => r.principalId),
    );
    for (const member of input.members.get(groupId) ?? []) {
      if (member.type === "group" || coveredByPim.has(member.id)) continue;
      expanded.push({
        ...row,
        id: `${row.id}|${member.id}`,
        principalId: member.id,
        memberType: "group",
        viaGroupId: groupId,
      });
    }
    // A loop, not push(...fromPim): a group with ~100k PIM members would overflow the call stack.
    for (const pimRow of fromPim) expanded.push(pimRow);
  }
  const expandedKeys = new Set(expanded.map(holderKey));
  const kept = input.assignments.filter(
    (a) => !(a.memberType === "group" && a.viaGroupId === null && expandedKeys.has(holderKey(a))),
  );
  return [...kept, ...expanded];
}
