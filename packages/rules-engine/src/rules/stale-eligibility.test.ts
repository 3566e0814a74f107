import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { assignment, roleId, tenant, user } from "../test-utils/tenant.js";

describe("stale-eligibility", () => {
  it("flags eligibilities not activated within the window, sparing recent ones", async () => {
    const activation = (principalId: string, at: string) => ({
      id: `act-${principalId}`,
      principalId,
      roleId: roleId("Global Administrator"),
      directoryScopeId: "/",
      groupId: null,
      accessId: null,
      activatedAt: at,
      justification: "incident",
    });
    const report = await run(
      "rules:\n  - {id: r, type: stale-eligibility, within: P90D}\n",
      tenant({
        principals: [user("used"), user("old"), user("never"), user("new")],
        assignments: [
          assignment("user-used", "Global Administrator"),
          assignment("user-old", "Global Administrator"),
          assignment("user-never", "Global Administrator"),
          assignment("user-new", "Global Administrator", { start: "2026-11-01T00:00:00Z" }),
        ],
        activations: [activation("user-used", "2026-11-01T00:00:00Z"), activation("user-old", "2026-07-01T00:00:00Z")],
      }),
    );
    expect(found(report)).toEqual([
      [
        "never@contoso.com",
        "never@contoso.com holds Global Administrator (eligible, permanent) and has not activated it in the last 90 days (last activation: none on record).",
      ],
      [
        "old@contoso.com",
        "old@contoso.com holds Global Administrator (eligible, permanent) and has not activated it in the last 90 days (last activation: 2026-07-01T00:00:00Z).",
      ],
    ]);
  });
});
