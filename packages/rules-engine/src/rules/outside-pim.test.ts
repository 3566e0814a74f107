import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { active, tenant, user } from "../test-utils/tenant.js";

describe("outside-pim", () => {
  it("flags active assignments made outside PIM, not those with a schedule or unknown", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: outside-pim}\n",
      tenant({
        principals: [user("a"), user("b"), user("c")],
        assignments: [
          active("user-a", "Global Administrator", { createdOutsidePim: true, start: null }),
          active("user-b", "Global Administrator"),
          active("user-c", "Global Administrator", { createdOutsidePim: null }),
        ],
      }),
    );
    expect(found(report)).toEqual([
      [
        "a@contoso.com",
        "a@contoso.com holds Global Administrator (active, assigned, permanent), granted outside PIM, so no schedule, approval or expiry governs it.",
      ],
    ]);
  });

  it("is not evaluated when direct assignments could not be read", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: outside-pim}\n",
      tenant({
        completeness: {
          complete: false,
          gaps: [{ piece: "directAssignments", reason: "403", request: null, expected: false }],
        },
      }),
    );
    expect(report.notEvaluated.map((n) => n.missing)).toEqual([["directAssignments"]]);
  });
});
