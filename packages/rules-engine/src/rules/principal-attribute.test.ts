import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { assignment, tenant, user } from "../test-utils/tenant.js";

describe("principal-attribute", () => {
  it("flags guests, disabled, synced accounts and service principals in privileged roles", async () => {
    const report = await run(
      "rules:\n  - {id: r, type: principal-attribute, where: {roles: {privileged: true}}, deny: [guest, disabled, onPremisesSynced, servicePrincipal]}\n",
      tenant({
        principals: [
          user("guest", { userType: "Guest", userPrincipalName: "guest_fabrikam.com#EXT#@contoso.com" }),
          user("gone", { accountEnabled: false, onPremisesSyncEnabled: true }),
          user("fine"),
          {
            ...user("app"),
            type: "servicePrincipal",
            userPrincipalName: null,
            displayName: "Sync App",
            userType: null,
          },
        ],
        assignments: [
          assignment("user-guest", "Global Administrator"),
          assignment("user-gone", "User Administrator"),
          assignment("user-fine", "Global Administrator"),
          assignment("user-app", "Application Administrator"),
          assignment("user-guest", "Message Center Reader"),
        ],
      }),
    );
    expect(found(report)).toEqual([
      ["Sync App", "Sync App holds Application Administrator (eligible, permanent) and is a service principal."],
      [
        "gone@contoso.com",
        "gone@contoso.com holds User Administrator (eligible, permanent) and is a disabled account and synchronised from on-premises.",
      ],
      [
        "guest_fabrikam.com#EXT#@contoso.com",
        "guest_fabrikam.com#EXT#@contoso.com holds Global Administrator (eligible, permanent) and is a guest.",
      ],
    ]);
  });
});
