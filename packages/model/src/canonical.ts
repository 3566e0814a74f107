// Deterministic order and serialisation, so that the same tenant gives byte-identical files.
import { escapeJsonControls } from "./controls.js";
import type { Assignment, PimSetting, Snapshot } from "./snapshot.js";

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Compare possibly-null strings; null sorts first. */
export function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compare(a, b);
}

export { compare as compareStrings };

// Fields joined by \u0000 sort as the tuple does while no field holds \u0000 itself (else the field-wise
// sort runs); a missing start is "" and a present one is prefixed with \u0001, so null comes first.
const SEPARATOR = "\u0000";
const holdsSeparator = (a: Assignment): boolean =>
  a.roleId.includes(SEPARATOR) ||
  a.principalId.includes(SEPARATOR) ||
  a.state.includes(SEPARATOR) ||
  (a.start?.includes(SEPARATOR) ?? false) ||
  a.id.includes(SEPARATOR);

/** Assignments by role, principal, state, start (null first), id: one precomputed key per row. */
function sortAssignments(assignments: readonly Assignment[]): Assignment[] {
  const keyed: { key: string; assignment: Assignment }[] = [];
  for (const a of assignments) {
    if (holdsSeparator(a)) return sortAssignmentsByFields(assignments);
    const start = a.start === null ? "" : `\u0001${a.start}`;
    const key = `${a.roleId}${SEPARATOR}${a.principalId}${SEPARATOR}${a.state}${SEPARATOR}${start}${SEPARATOR}${a.id}`;
    keyed.push({ key, assignment: a });
  }
  keyed.sort((x, y) => compare(x.key, y.key));
  return keyed.map((k) => k.assignment);
}

function sortAssignmentsByFields(assignments: readonly Assignment[]): Assignment[] {
  return [...assignments].sort(
    (a, b) =>
      compare(a.roleId, b.roleId) ||
      compare(a.principalId, b.principalId) ||
      compare(a.state, b.state) ||
      compareNullable(a.start, b.start) ||
      compare(a.id, b.id),
  );
}

function canonicalSetting<S extends PimSetting>(s: S): S {
  return {
    ...s,
    activation: { ...s.activation, approvers: [...s.activation.approvers].sort(compare) },
    notifications: [...s.notifications]
      .map((n) => ({ ...n, recipients: [...n.recipients].sort(compare) }))
      .sort((a, b) => compare(a.ruleId, b.ruleId)),
  };
}

/** Returns a copy of the snapshot with every list in its canonical order. */
export function canonicalSnapshot(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    completeness: {
      // Derived from the gaps, never trusted over them: only a gap the source could have filled makes it incomplete.
      complete: snapshot.completeness.gaps.every((gap) => gap.expected || gap.skipped === true),
      gaps: [...snapshot.completeness.gaps].sort(
        (a, b) => compare(a.piece, b.piece) || compare(a.reason, b.reason) || compareNullable(a.request, b.request),
      ),
    },
    principals: [...snapshot.principals]
      .map((p) => (p.members ? { ...p, members: [...p.members].sort(compare) } : p))
      .sort((a, b) => compare(a.id, b.id)),
    assignments: sortAssignments(snapshot.assignments),
    roles: [...snapshot.roles]
      .map((r) => ({ ...r, privilegedActions: [...r.privilegedActions].sort(compare) }))
      .sort((a, b) => compare(a.id, b.id)),
    roleSettings: snapshot.roleSettings.map(canonicalSetting).sort((a, b) => compare(a.roleId, b.roleId)),
    groupSettings: snapshot.groupSettings
      .map(canonicalSetting)
      .sort((a, b) => compare(a.groupId, b.groupId) || compare(a.accessId, b.accessId)),
    activations: [...snapshot.activations].sort((a, b) => compare(a.activatedAt, b.activatedAt) || compare(a.id, b.id)),
  };
}

/**
 * JSON with two-space indent and a final newline: the one way snapshots and reports are written. Controls that
 * JSON.stringify leaves raw are escaped too, so no file pim-audit writes carries a bidi override or a C1 code.
 */
export function stableJson(value: unknown): string {
  return `${escapeJsonControls(JSON.stringify(value, null, 2))}\n`;
}

const CHUNK_CHARACTERS = 1 << 16;

/**
 * The exact text of `stableJson(value)`, in chunks of about 64 KiB, never holding the whole: a snapshot past
 * ~600k assignments is longer than V8's longest string. The outer two levels (the object and its lists) are
 * written piece by piece; each list item is one `JSON.stringify`, re-indented to its depth.
 */
export function* stableJsonChunks(value: unknown): Generator<string> {
  let buffer = "";
  for (const piece of encode(value, "", 0)) {
    buffer += escapeJsonControls(piece);
    if (buffer.length >= CHUNK_CHARACTERS) {
      yield buffer;
      buffer = "";
    }
  }
  yield `${buffer}\n`;
}

const OPEN_LEVELS = 2;
const BLOCK_ITEMS = 256;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function* encode(value: unknown, indent: string, level: number): Generator<string> {
  let current = value;
  if (isPlainObject(current) && typeof current.toJSON === "function") current = current.toJSON();
  const open = level < OPEN_LEVELS && (Array.isArray(current) || isPlainObject(current));
  if (!open) {
    // Array items that JSON cannot represent (undefined, functions, symbols) become null, as JSON.stringify does.
    const text = JSON.stringify(current, null, 2) ?? "null";
    yield indent === "" ? text : text.replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(current)) {
    if (current.length === 0) {
      yield "[]";
      return;
    }
    yield "[";
    if (level + 1 < OPEN_LEVELS) {
      for (let i = 0; i < current.length; i++) {
        yield `${i === 0 ? "" : ","}\n${inner}`;
        yield* encode(current[i], inner, level + 1);
      }
    } else {
      // Items are written a block at a time: one JSON.stringify per block is faster than one per item. The
      // block is nested in as many one-item arrays as the list is deep, so JSON.stringify indents its items
      // already (re-indenting 200 MB of text afterwards cost a third of the time); the wrappers are cut off.
      let wrapped: unknown[] = [];
      let open = 0;
      let close = 0;
      for (let depth = indent.length / 2; depth > 0; depth--) {
        open += 2 + 2 * depth;
        close += 2 + 2 * (depth - 1);
      }
      for (let at = 0; at < current.length; at += BLOCK_ITEMS) {
        wrapped = current.slice(at, at + BLOCK_ITEMS);
        for (let depth = indent.length / 2; depth > 0; depth--) wrapped = [wrapped];
        const text = JSON.stringify(wrapped, null, 2);
        // Without the wrappers, the block's own `[` and its closing `\n<indent>]`.
        yield `${at === 0 ? "" : ","}${text.slice(open + 1, text.length - close - indent.length - 2)}`;
      }
    }
    yield `\n${indent}]`;
    return;
  }
  const record = current as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record)) {
    const member = record[key];
    if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
    yield `${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* encode(member, inner, level + 1);
  }
  yield first ? "{}" : `\n${indent}}`;
}
