// Deterministic order and serialisation, so that the same tenant gives byte-identical files.
import type { Snapshot } from "./snapshot.js";

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Compare possibly-null strings; null sorts first. */
export function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compare(a, b);
}

export { compare as compareStrings };

/** Returns a copy of the snapshot with every list in its canonical order. */
export function canonicalSnapshot(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    completeness: {
      complete: snapshot.completeness.gaps.length === 0 && snapshot.completeness.complete,
      gaps: [...snapshot.completeness.gaps].sort(
        (a, b) => compare(a.piece, b.piece) || compare(a.reason, b.reason) || compareNullable(a.request, b.request),
      ),
    },
    roles: [...snapshot.roles].sort((a, b) => compare(a.id, b.id)),
    principals: [...snapshot.principals]
      .map((p) => (p.members ? { ...p, members: [...p.members].sort(compare) } : p))
      .sort((a, b) => compare(a.id, b.id)),
    assignments: [...snapshot.assignments].sort(
      (a, b) =>
        compare(a.roleId, b.roleId) ||
        compare(a.principalId, b.principalId) ||
        compare(a.state, b.state) ||
        compareNullable(a.start, b.start) ||
        compare(a.id, b.id),
    ),
    roleSettings: [...snapshot.roleSettings]
      .map((s) => ({
        ...s,
        activation: { ...s.activation, approvers: [...s.activation.approvers].sort(compare) },
        notifications: [...s.notifications]
          .map((n) => ({ ...n, recipients: [...n.recipients].sort(compare) }))
          .sort((a, b) => compare(a.ruleId, b.ruleId)),
      }))
      .sort((a, b) => compare(a.roleId, b.roleId)),
    activations: [...snapshot.activations].sort((a, b) => compare(a.activatedAt, b.activatedAt) || compare(a.id, b.id)),
  };
}

/** JSON with two-space indent and a final newline: the one way snapshots and reports are written. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
