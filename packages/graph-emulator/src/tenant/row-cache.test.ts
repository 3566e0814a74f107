import { describe, expect, test } from "vitest";
import { generatedDirectory } from "./generate.js";
import { ROW_CACHE_SLOTS, rememberRows } from "./row-cache.js";

describe("rememberRows", () => {
  test("computes a row once while it stays in its slot, and rows sharing a slot never stand in for each other", () => {
    const made: number[] = [];
    const row = rememberRows((index) => {
      made.push(index);
      return { index };
    }, 8);
    expect([row(3), row(3), row(11), row(3), row(0)].map((r) => r.index)).toEqual([3, 3, 11, 3, 0]);
    expect(made).toEqual([3, 11, 3, 0]);
    expect(row(0)).toBe(row(0));
  });

  test("a generated tenant gives the same rows read back and forth across slots as read once in order", () => {
    const now = new Date("2026-11-27T10:30:00Z");
    const options = { seed: 4, now, users: 90_000 };
    const inOrder = generatedDirectory(options);
    const backAndForth = generatedDirectory(options);
    const size = inOrder.roleEligibilitySchedules.size;
    expect(size).toBeGreaterThan(ROW_CACHE_SLOTS);
    const expected = Array.from({ length: size }, (_, i) => inOrder.roleEligibilitySchedules.at(i));
    const users = Array.from({ length: size }, (_, i) => inOrder.users.at(i));
    for (let i = 0; i < 2_000; i++) {
      const index = (i * 7919) % (size - ROW_CACHE_SLOTS);
      for (const at of [index + ROW_CACHE_SLOTS, index, index + ROW_CACHE_SLOTS]) {
        expect(backAndForth.roleEligibilitySchedules.at(at)).toEqual(expected[at]);
        expect(backAndForth.object(users[at]!.id)).toEqual({ kind: "user", user: users[at] });
      }
    }
  });
});
