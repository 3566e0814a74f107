import { describe, expect, test } from "vitest";
import { Latency } from "./latency.js";

describe("Latency", () => {
  test("a fixed delay plus a seeded jitter below jitterMs, the same under the same seed", () => {
    const draw = (seed: number) => {
      const latency = new Latency({ fixedMs: 20, jitterMs: 10 }, [], seed);
      return Array.from({ length: 50 }, () => latency.next("users"));
    };
    const delays = draw(1);
    expect(delays.every((d) => d >= 20 && d < 30)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(40);
    expect(draw(1)).toEqual(delays);
    expect(draw(2)).not.toEqual(delays);
  });

  test("latency faults add to the routes they name, and only there", () => {
    const latency = new Latency({}, [{ route: "groups/*", kind: "latency", latencyMs: 500, times: 1 }], 1);
    expect([latency.next("users"), latency.next("groups/{id}"), latency.next("groups/{id}")]).toEqual([0, 500, 0]);
  });
});
