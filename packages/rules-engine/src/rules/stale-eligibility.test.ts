import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { assignment, group, roleId, tenant, user } from "../test-utils/tenant.js";

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

  it("counts an activation of the PIM for Groups membership the eligibility is held through", async () => {
    const viaGroup = (principalId: string, origin: "pimGroupMember" | "pimGroupOwner") =>
      assignment(principalId, "Privileged Role Administrator", {
        memberType: "group",
        viaGroupId: "group-pra",
        origin,
      });
    const report = await run(
      "rules:\n  - {id: r, type: stale-eligibility, within: P30D}\n",
      tenant({
        principals: [user("member"), user("owner"), group("pra", [])],
        assignments: [viaGroup("user-member", "pimGroupMember"), viaGroup("user-owner", "pimGroupOwner")],
        activations: [
          // The member activated the group membership, the owner only a membership they do not hold.
          ...["user-member", "user-owner"].map((principalId) => ({
            id: `act-${principalId}`,
            principalId,
            roleId: null,
            directoryScopeId: null,
            groupId: "group-pra",
            accessId: "member" as const,
            activatedAt: "2026-11-20T00:00:00Z",
            justification: null,
          })),
        ],
        activationHistory: { source: "directoryAudits", coversFrom: "2026-10-28T00:00:00Z" },
      }),
    );
    expect(found(report).map(([principal]) => principal)).toEqual(["owner@contoso.com"]);
  });

  it("is not evaluated when it looks back further than the activation history covers", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: stale-eligibility, within: P90D}\n",
      tenant({
        principals: [user("never")],
        assignments: [assignment("user-never", "Global Administrator")],
        activationHistory: { source: "directoryAudits", coversFrom: "2026-10-28T00:00:00Z" },
      }),
    );
    expect(found(report)).toEqual([]);
    expect(report.notEvaluated.map((n) => n.reason)).toEqual([
      "the snapshot's activation history (directoryAudits) covers only from 2026-10-28T00:00:00Z, 30 days before it was collected, less than the 90 days this rule looks back; it was not evaluated, which is not a pass.",
    ]);
  });
});
