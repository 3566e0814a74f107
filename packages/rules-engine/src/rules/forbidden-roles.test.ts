import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { active, assignment, tenant, user } from "../test-utils/tenant.js";

describe("forbidden-roles", () => {
  it("flags permanent active privileged roles, and nothing time-bound or eligible", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: forbidden-roles, where: {state: active, permanent: true}, forbid: {privileged: true}}\n",
      tenant({
        principals: [user("alice"), user("bob"), user("carol")],
        assignments: [
          active("user-alice", "Privileged Role Administrator"),
          active("user-bob", "Global Administrator", { end: "2026-12-01T00:00:00Z" }),
          assignment("user-carol", "Global Administrator"),
          active("user-carol", "Message Center Reader"),
        ],
      }),
    );
    expect(found(report)).toEqual([
      [
        "alice@contoso.com",
        "alice@contoso.com holds Privileged Role Administrator (active, assigned, permanent), a role forbidden for active, permanent assignments.",
      ],
    ]);
  });
});
