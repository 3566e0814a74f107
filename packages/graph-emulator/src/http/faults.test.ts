import { describe, expect, test } from "vitest";
import { FaultInjector } from "./faults.js";

const draws = (injector: FaultInjector, route: string, n: number) =>
  Array.from({ length: n }, () => injector.draw(route, ["status"]).length > 0);

describe("FaultInjector", () => {
  test("the same seed fires on the same requests; another seed on others", () => {
    const rules = [{ route: "users", kind: "status" as const, status: 503 as const, probability: 0.3 }];
    const a = draws(new FaultInjector(rules, 42), "users", 200);
    expect(draws(new FaultInjector(rules, 42), "users", 200)).toEqual(a);
    expect(draws(new FaultInjector(rules, 43), "users", 200)).not.toEqual(a);
    const rate = a.filter(Boolean).length / a.length;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.45);
  });

  test("a route's draws do not depend on other routes' traffic", () => {
    const rules = [{ route: "*", kind: "status" as const, probability: 0.5 }];
    const quiet = new FaultInjector(rules, 7);
    const busy = new FaultInjector([...rules, { route: "groups/*", kind: "status" as const, probability: 0.5 }], 7);
    const seenQuiet = draws(quiet, "users", 20);
    const seenBusy = Array.from({ length: 20 }, () => {
      busy.draw("groups/{id}/transitiveMembers", ["status"]);
      return busy.draw("users", ["status"]).length > 0;
    });
    expect(seenBusy).toEqual(seenQuiet);
  });

  test("skip, times and wildcard routes", () => {
    const injector = new FaultInjector([{ route: "roleManagement/*", kind: "status", skip: 2, times: 2 }], 1);
    expect(draws(injector, "roleManagement/directory/roleDefinitions", 6)).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(draws(injector, "users", 1)).toEqual([false]);
  });

  test("only the asked kinds are drawn", () => {
    const injector = new FaultInjector([{ route: "users", kind: "reset" }], 1);
    expect(injector.draw("users", ["status"])).toEqual([]);
    expect(injector.draw("users", ["reset"])).toHaveLength(1);
  });

  test("inBatch picks requests inside a $batch or sent directly; counts say what fired where", () => {
    const injector = new FaultInjector([{ route: "users/{id}", kind: "status", inBatch: true, times: 1 }], 1);
    expect(injector.draw("users/{id}", ["status"], false)).toEqual([]);
    expect(injector.draw("users/{id}", ["status"], true)).toHaveLength(1);
    expect(injector.draw("users/{id}", ["status"], true)).toEqual([]);
    expect(injector.counts()).toEqual([{ rule: 0, route: "users/{id}", fired: 1 }]);
  });
});
