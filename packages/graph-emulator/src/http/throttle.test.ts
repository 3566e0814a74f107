import { describe, expect, test } from "vitest";
import { requestCost, resourceUnitQuota, Throttle } from "./throttle.js";

const noQuery = { select: null, expand: [], top: null };

describe("request cost", () => {
  test("follows the documented base costs and modifiers, never below 1", () => {
    expect(requestCost(5, noQuery)).toBe(5);
    expect(requestCost(2, { ...noQuery, select: ["id"] })).toBe(1);
    expect(requestCost(1, { ...noQuery, expand: [{ name: "principal", select: null, expand: [] }] })).toBe(2);
    expect(requestCost(1, { ...noQuery, select: ["id"], top: 5 })).toBe(1);
    expect(requestCost(3, { ...noQuery, top: 19 })).toBe(2);
    expect(requestCost(3, { ...noQuery, top: 20 })).toBe(3);
  });

  test("quotas by tenant size: S under 50 users, M up to 500, L above", () => {
    expect([resourceUnitQuota(49), resourceUnitQuota(50), resourceUnitQuota(500), resourceUnitQuota(501)]).toEqual([
      3500, 5000, 5000, 8000,
    ]);
  });
});

describe("Throttle", () => {
  test("answers 429 with Retry-After and the throttle headers once the bucket is empty, and refills over 10 s", () => {
    let now = 0;
    const throttle = new Throttle({ scale: 10 / 3500 }, 10, () => now);
    const decisions = Array.from({ length: 11 }, () => throttle.take("app", "tenant", 1, "identity"));
    expect(decisions.slice(0, 10).every((d) => d.ok)).toBe(true);
    const limited = decisions[10]!;
    expect(limited.ok).toBe(false);
    expect(limited.headers).toMatchObject({
      "Retry-After": "1",
      "x-ms-throttle-scope": "Tenant_Application/ReadWrite/app/tenant",
      "x-ms-throttle-information": "ResourceUnitLimitExceeded",
      "x-ms-resource-unit": "1",
    });
    expect(decisions[8]!.headers["x-ms-throttle-limit-percentage"]).toBe("0.9");
    now += 1000;
    expect(throttle.take("app", "tenant", 1, "identity").ok).toBe(true);
    expect(throttle.take("other-app", "tenant", 1, "identity").ok).toBe(true);
  });

  test("the reports limit counts requests, 5 per 10 s", () => {
    const throttle = new Throttle({}, 10, () => 0);
    const results = Array.from({ length: 6 }, () => throttle.take("app", "tenant", 3, "reports").ok);
    expect(results).toEqual([true, true, true, true, true, false]);
  });

  test("signInActivity reads: 5 per 10 s as any reports request, and no more than 10 per minute", () => {
    let now = 0;
    const throttle = new Throttle({}, 10, () => now);
    const burst = Array.from({ length: 6 }, () => throttle.take("app", "tenant", 1, "signInActivity"));
    expect(burst.map((d) => d.ok)).toEqual([true, true, true, true, true, false]);
    expect(burst[5]).toMatchObject({
      ok: false,
      retryAfterSeconds: 2,
      headers: {
        "x-ms-throttle-scope": "Tenant_Application/Read/app/tenant",
        "x-ms-throttle-information": "RequestLimitExceeded",
      },
    });
    // Every 10 s the reports bucket is full again, but the minute's ten run out first.
    now += 10_000;
    expect(Array.from({ length: 5 }, () => throttle.take("app", "tenant", 1, "signInActivity").ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    now += 10_000;
    const third = Array.from({ length: 4 }, () => throttle.take("app", "tenant", 1, "signInActivity"));
    expect(third.map((d) => d.ok)).toEqual([true, true, true, false]);
    expect(third[3]).toMatchObject({ ok: false, retryAfterSeconds: 4 });
    // The identity limits are untouched by them.
    expect(throttle.take("app", "tenant", 1, "identity").ok).toBe(true);
  });

  test("a costly request needs more tokens, and the wait says so", () => {
    const throttle = new Throttle({ scale: 10 / 3500 }, 10, () => 0);
    for (let i = 0; i < 8; i++) throttle.take("app", "tenant", 1, "identity");
    const decision = throttle.take("app", "tenant", 5, "identity");
    expect(decision).toMatchObject({ ok: false, retryAfterSeconds: 3 });
  });

  test("a request dearer than the whole scaled bucket waits for a full bucket, not forever", () => {
    let now = 0;
    const throttle = new Throttle({ scale: 3 / 3500 }, 10, () => now);
    expect(throttle.take("app", "tenant", 5, "identity").ok).toBe(true);
    expect(throttle.take("app", "tenant", 5, "identity")).toMatchObject({ ok: false, retryAfterSeconds: 10 });
    now += 10_000;
    expect(throttle.take("app", "tenant", 5, "identity").ok).toBe(true);
  });

  test("disabled, it only reports the cost", () => {
    const throttle = new Throttle({ enabled: false, scale: 1 / 3500 }, 10, () => 0);
    expect(Array.from({ length: 5 }, () => throttle.take("app", "tenant", 1, "identity").ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
