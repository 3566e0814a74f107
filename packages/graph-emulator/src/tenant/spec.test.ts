import { InputError } from "@pim-audit/model";
import { describe, expect, test } from "vitest";
import { parseTenantSpec } from "./spec.js";

describe("parseTenantSpec", () => {
  test("demo, a file, or generator settings", () => {
    expect(parseTenantSpec("demo")).toBe("demo");
    expect(parseTenantSpec("./tenants/contoso.yaml")).toEqual({ file: "./tenants/contoso.yaml" });
    expect(parseTenantSpec("generate:users=500,eligiblePerPerson=3,guestShare=0.1,seed=9")).toEqual({
      users: 500,
      eligiblePerPerson: 3,
      guestShare: 0.1,
      seed: 9,
    });
  });

  test("bad generator settings are flag errors that say what to write", () => {
    const cases: [string, RegExp][] = [
      ["generate:users=10,colour=3", /unknown generator setting 'colour'.*Known settings: seed, users/],
      ["generate:users=ten", /'users=ten' needs a non-negative number/],
      ["generate:groups=3", /generate needs users=N/],
      ["generate:users=10,guestShare=2", /guestShare must be a share between 0 and 1/],
      ["generate:users=1.5", /users must be a whole number/],
    ];
    for (const [spec, message] of cases) {
      let caught: unknown;
      try {
        parseTenantSpec(spec);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as InputError).code).toBe("FLAG_INVALID");
      expect((caught as InputError).toOneLine()).toMatch(message);
    }
  });
});
