import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { assignment, tenant, user } from "../test-utils/tenant.js";

describe("expiring-soon", () => {
  it("reminds about assignments ending within the window, not later, earlier or never", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: expiring-soon, severity: info, within: P14D}\n",
      tenant({
        principals: ["soon", "later", "gone", "never"].map((n) => user(n)),
        assignments: [
          assignment("user-soon", "User Administrator", { end: "2026-12-05T00:00:00Z" }),
          assignment("user-later", "User Administrator", { end: "2027-01-05T00:00:00Z" }),
          assignment("user-gone", "User Administrator", { end: "2026-11-01T00:00:00Z" }),
          assignment("user-never", "User Administrator"),
        ],
      }),
    );
    expect(found(report)).toEqual([
      [
        "soon@contoso.com",
        "soon@contoso.com holds User Administrator (eligible) until 2026-12-05T00:00:00Z, within the next 14 days: renew or let it lapse on purpose.",
      ],
    ]);
  });
});
