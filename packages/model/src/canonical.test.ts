import { describe, expect, it } from "vitest";
import { canonicalSnapshot, compareNullable, compareStrings, stableJson, stableJsonChunks } from "./canonical.js";
import type { Assignment } from "./snapshot.js";
import { minimalSnapshot } from "./test-utils/snapshots.js";

const joined = (value: unknown): string => [...stableJsonChunks(value)].join("");

/** A small deterministic generator, so the shuffled inputs are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function assignmentsForSorting(count: number, seed: number): Assignment[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const [template] = minimalSnapshot().assignments;
  return Array.from({ length: count }, (_, i) => ({
    ...(template as Assignment),
    id: `a-${pick(["", "1", "10", "2"])}${i % 7}`,
    // Prefixes of one another ("r", "r1") and the empty string exercise the field boundaries.
    roleId: pick(["r", "r1", "r10", "q", ""]),
    principalId: pick(["p", "p1", "p1 ", "P"]),
    state: pick(["active", "eligible"] as const),
    start: pick([null, "", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z"]),
  }));
}

function sortedByFields(assignments: readonly Assignment[]): Assignment[] {
  return [...assignments].sort(
    (a, b) =>
      compareStrings(a.roleId, b.roleId) ||
      compareStrings(a.principalId, b.principalId) ||
      compareStrings(a.state, b.state) ||
      compareNullable(a.start, b.start) ||
      compareStrings(a.id, b.id),
  );
}

describe("canonicalSnapshot assignment order", () => {
  it("orders by role, principal, state, start (missing first) and id", () => {
    const snapshot = { ...minimalSnapshot(), assignments: assignmentsForSorting(2_000, 7) };
    expect(canonicalSnapshot(snapshot).assignments).toEqual(sortedByFields(snapshot.assignments));
  });

  it("keeps the same order when an id holds a control character", () => {
    const assignments = assignmentsForSorting(500, 11).map((a, i) =>
      i % 50 === 0 ? { ...a, principalId: `${a.principalId}\u0000x` } : a,
    );
    const snapshot = { ...minimalSnapshot(), assignments };
    expect(canonicalSnapshot(snapshot).assignments).toEqual(sortedByFields(assignments));
  });
});

describe("stableJsonChunks", () => {
  it("produces the bytes of stableJson for a snapshot", () => {
    const snapshot = canonicalSnapshot({ ...minimalSnapshot(), assignments: assignmentsForSorting(300, 3) });
    expect(joined(snapshot)).toBe(stableJson(snapshot));
  });

  it("produces the bytes of stableJson for values JSON treats specially", () => {
    const values: unknown[] = [
      null,
      'line\nbreak \u2028 "quoted" \\ ünïcode',
      42,
      [],
      {},
      [[], {}, [1, [2, { a: [] }]], { b: {} }],
      { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol("s")], d: null, e: { f: undefined } },
      { when: new Date(Date.UTC(2026, 10, 27)), nested: { list: [{ x: 1 }, { y: [1, 2] }] } },
      { toJSON: () => ({ replaced: [1] }) },
      { only: undefined },
      Object.assign(Object.create(null), { bare: [1] }),
    ];
    for (const value of values) expect(joined(value)).toBe(stableJson(value));
  });

  it("hands out chunks of bounded size, not the whole text", () => {
    const snapshot = canonicalSnapshot({ ...minimalSnapshot(), assignments: assignmentsForSorting(3_000, 5) });
    const chunks = [...stableJsonChunks(snapshot)];
    const total = chunks.reduce((n, c) => n + c.length, 0);
    expect(total).toBeGreaterThan(1_000_000);
    // A chunk ends at the first block of 256 list items that takes it past 64 Ki characters.
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(200_000);
  });
});
