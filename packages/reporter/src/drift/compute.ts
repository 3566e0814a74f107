// Drift between two snapshots of one tenant: the month-over-month review the export CSV is kept for.
// Assignments are matched per (role, principal, scope), most specific match first, so that a changed
// assignment reads as changed rather than as one removed and one added.
import {
  type ActiveKind,
  type Assignment,
  type AssignmentState,
  compareStrings,
  InputError,
  type MemberType,
  type PrincipalType,
  roleByTemplateId,
  type Snapshot,
} from "@pim-audit/model";
import { indexSnapshot } from "../lookup.js";

export interface DriftAssignment {
  assignmentId: string;
  roleId: string;
  roleName: string;
  privileged: boolean;
  principalId: string;
  principalName: string;
  principalType: PrincipalType;
  directoryScopeId: string;
  state: AssignmentState;
  activeKind: ActiveKind | null;
  memberType: MemberType;
  viaGroupId: string | null;
  viaGroupName: string | null;
  start: string | null;
  end: string | null;
}

export type DriftChangeKind =
  | "state"
  | "activated"
  | "end-extended"
  | "end-shortened"
  | "moved-to-group"
  | "moved-to-direct"
  | "via-group";

export interface DriftChange {
  before: DriftAssignment;
  after: DriftAssignment;
  changes: DriftChangeKind[];
}

export interface NewlyPrivileged {
  principalId: string;
  principalName: string;
  principalType: PrincipalType;
  roleId: string;
  roleName: string;
  states: AssignmentState[];
  /** The principal held no privileged role at all in the older snapshot. */
  firstPrivilegedRole: boolean;
}

export interface Drift {
  from: { tenantId: string; collectedAt: string };
  to: { tenantId: string; collectedAt: string };
  added: DriftAssignment[];
  removed: DriftAssignment[];
  changed: DriftChange[];
  newlyPrivileged: NewlyPrivileged[];
  summary: { added: number; removed: number; changed: number; unchanged: number; newlyPrivileged: number };
}

const compareText = (a: string, b: string) => compareStrings(a.toLowerCase(), b.toLowerCase()) || compareStrings(a, b);
const time = (value: string | null) => (value === null ? Number.POSITIVE_INFINITY : Date.parse(value));

function describe(snapshot: Snapshot): (a: Assignment) => DriftAssignment {
  const index = indexSnapshot(snapshot);
  return (a) => {
    const role = index.role(a.roleId);
    return {
      assignmentId: a.id,
      roleId: a.roleId,
      roleName: index.roleName(a.roleId),
      privileged: role?.privileged ?? roleByTemplateId(role?.templateId ?? a.roleId)?.privileged ?? false,
      principalId: a.principalId,
      principalName: index.principalName(a.principalId),
      principalType: index.principal(a.principalId)?.type ?? "unknown",
      directoryScopeId: a.directoryScopeId,
      state: a.state,
      activeKind: a.activeKind,
      memberType: a.memberType,
      viaGroupId: a.viaGroupId,
      viaGroupName: a.viaGroupId === null ? null : index.principalDisplayName(a.viaGroupId),
      start: a.start,
      end: a.end,
    };
  };
}

const order = (a: DriftAssignment, b: DriftAssignment) =>
  compareText(a.roleName, b.roleName) ||
  compareText(a.principalName, b.principalName) ||
  compareStrings(a.state, b.state) ||
  compareStrings(a.memberType, b.memberType) ||
  compareStrings(a.viaGroupId ?? "", b.viaGroupId ?? "") ||
  compareStrings(a.start ?? "", b.start ?? "") ||
  compareStrings(a.assignmentId, b.assignmentId);

const groupKey = (a: DriftAssignment) => `${a.roleId}\n${a.principalId}\n${a.directoryScopeId}`;

type Match = (before: DriftAssignment, after: DriftAssignment) => boolean;
const PASSES: Match[] = [
  (o, n) => o.assignmentId === n.assignmentId,
  (o, n) =>
    o.state === n.state &&
    o.activeKind === n.activeKind &&
    o.memberType === n.memberType &&
    o.viaGroupId === n.viaGroupId,
  (o, n) => o.state === n.state && o.activeKind === n.activeKind,
  (o, n) => o.state === n.state,
  () => true,
];

function changesBetween(o: DriftAssignment, n: DriftAssignment): DriftChangeKind[] {
  const changes: DriftChangeKind[] = [];
  if (o.state !== n.state) changes.push("state");
  if (n.activeKind === "activated" && o.activeKind !== "activated") changes.push("activated");
  if (time(o.end) !== time(n.end)) changes.push(time(n.end) > time(o.end) ? "end-extended" : "end-shortened");
  // Through a group or not is whether a group is named, whatever memberType word Graph used.
  if (o.viaGroupId === null && n.viaGroupId !== null) changes.push("moved-to-group");
  else if (o.viaGroupId !== null && n.viaGroupId === null) changes.push("moved-to-direct");
  else if (o.viaGroupId !== n.viaGroupId) changes.push("via-group");
  return changes;
}

function group(list: DriftAssignment[]): Map<string, DriftAssignment[]> {
  const map = new Map<string, DriftAssignment[]>();
  for (const a of [...list].sort(order)) map.set(groupKey(a), [...(map.get(groupKey(a)) ?? []), a]);
  return map;
}

function privilegedPairs(list: DriftAssignment[]): Map<string, DriftAssignment[]> {
  const pairs = new Map<string, DriftAssignment[]>();
  for (const a of list.filter((x) => x.privileged)) {
    const key = `${a.principalId}\n${a.roleId}`;
    pairs.set(key, [...(pairs.get(key) ?? []), a]);
  }
  return pairs;
}

export function computeDrift(oldSnapshot: Snapshot, newSnapshot: Snapshot): Drift {
  if (oldSnapshot.tenant.id.toLowerCase() !== newSnapshot.tenant.id.toLowerCase()) {
    throw new InputError(
      "SNAPSHOT_INVALID",
      `the two snapshots are of different tenants (${oldSnapshot.tenant.id} and ${newSnapshot.tenant.id}).`,
      { hint: "Drift compares two runs of the same tenant: give an older and a newer snapshot of one tenant." },
    );
  }
  const before = oldSnapshot.assignments.map(describe(oldSnapshot));
  const after = newSnapshot.assignments.map(describe(newSnapshot));
  const oldGroups = group(before);
  const newGroups = group(after);

  const added: DriftAssignment[] = [];
  const removed: DriftAssignment[] = [];
  const changed: DriftChange[] = [];
  let unchanged = 0;
  for (const key of [...new Set([...oldGroups.keys(), ...newGroups.keys()])]) {
    const olds = oldGroups.get(key) ?? [];
    const news = newGroups.get(key) ?? [];
    const pairedOld = new Set<number>();
    const pairedNew = new Set<number>();
    for (const match of PASSES) {
      olds.forEach((o, i) => {
        if (pairedOld.has(i)) return;
        const j = news.findIndex((n, k) => !pairedNew.has(k) && match(o, n));
        if (j < 0) return;
        pairedOld.add(i);
        pairedNew.add(j);
        const changes = changesBetween(o, news[j]!);
        if (changes.length) changed.push({ before: o, after: news[j]!, changes });
        else unchanged++;
      });
    }
    olds.forEach((o, i) => {
      if (!pairedOld.has(i)) removed.push(o);
    });
    news.forEach((n, j) => {
      if (pairedNew.has(j)) return;
      // An activation beside an eligibility that is still there reads as "eligible, now activated".
      const eligibility = n.activeKind === "activated" ? olds.find((o) => o.state === "eligible") : undefined;
      if (eligibility) changed.push({ before: eligibility, after: n, changes: ["activated"] });
      else added.push(n);
    });
  }

  const oldPrivileged = privilegedPairs(before);
  const oldPrivilegedPrincipals = new Set([...oldPrivileged.values()].map((list) => list[0]!.principalId));
  const newlyPrivileged: NewlyPrivileged[] = [...privilegedPairs(after)]
    .filter(([key]) => !oldPrivileged.has(key))
    .map(([, list]) => {
      const first = list[0]!;
      return {
        principalId: first.principalId,
        principalName: first.principalName,
        principalType: first.principalType,
        roleId: first.roleId,
        roleName: first.roleName,
        states: [...new Set(list.map((a) => a.state))].sort(compareStrings),
        firstPrivilegedRole: !oldPrivilegedPrincipals.has(first.principalId),
      };
    })
    .sort(
      (a, b) =>
        compareText(a.principalName, b.principalName) ||
        compareText(a.roleName, b.roleName) ||
        compareStrings(a.principalId, b.principalId) ||
        compareStrings(a.roleId, b.roleId),
    );

  added.sort(order);
  removed.sort(order);
  changed.sort((a, b) => order(a.after, b.after) || order(a.before, b.before));
  return {
    from: { tenantId: oldSnapshot.tenant.id, collectedAt: oldSnapshot.collectedAt },
    to: { tenantId: newSnapshot.tenant.id, collectedAt: newSnapshot.collectedAt },
    added,
    removed,
    changed,
    newlyPrivileged,
    summary: {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      unchanged,
      newlyPrivileged: newlyPrivileged.length,
    },
  };
}
