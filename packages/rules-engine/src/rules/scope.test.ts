import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { assignment, tenant, user } from "../test-utils/tenant.js";

describe("scope", () => {
  it("requires an administrative unit scope instead of the whole tenant", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: scope, where: {roles: [Helpdesk Administrator]}, allowedScopes: [/administrativeUnits/*]}\n",
      tenant({
        principals: [user("wide"), user("narrow")],
        assignments: [
          assignment("user-wide", "Helpdesk Administrator"),
          assignment("user-narrow", "Helpdesk Administrator", { directoryScopeId: "/administrativeUnits/au-emea" }),
        ],
      }),
    );
    expect(found(report)).toEqual([
      [
        "wide@contoso.com",
        "wide@contoso.com holds Helpdesk Administrator (eligible, permanent) at scope /; it must be scoped to /administrativeUnits/*.",
      ],
    ]);
  });
});
