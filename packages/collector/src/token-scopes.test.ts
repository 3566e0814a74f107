import { describe, expect, it } from "vitest";
import { AZURE_CLI_APP_ID } from "./permissions.js";
import { pimScopeRefusal } from "./token-scopes.js";

const jwt = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

describe("pimScopeRefusal", () => {
  it("refuses an Azure CLI sign-in: its scopes hold none that read PIM", () => {
    const token = jwt({ appid: AZURE_CLI_APP_ID, scp: "Directory.AccessAsUser.All User.Read.All AuditLog.Read.All" });
    const refusal = pimScopeRefusal(token, "azure-cli");
    expect(refusal?.code).toBe("PERMISSION_DENIED");
    expect(refusal?.exitCode).toBe(3);
    expect(refusal?.message).toBe(
      "--auth azure-cli signed in through the Azure CLI's app (04b07795-8ddb-461a-bbee-02f9e1bf7b46), whose token carries no PIM scope (it needs RoleEligibilitySchedule.Read.Directory and RoleAssignmentSchedule.Read.Directory, or RoleManagement.Read.Directory), so Graph would refuse every PIM list.",
    );
    expect(refusal?.hint).toMatch(
      /^Register an app with the delegated permissions .*--auth device-code and AZURE_CLIENT_ID/,
    );
  });

  it("names another app that lacks one of the two, and asks only for the missing one", () => {
    const token = jwt({ azp: "3c1f0000-0000-0000-0000-000000000000", scp: "RoleEligibilitySchedule.Read.Directory" });
    expect(pimScopeRefusal(token, "device-code")?.message).toMatch(
      /^--auth device-code signed in through app 3c1f0000-.*\(it needs RoleAssignmentSchedule\.Read\.Directory, or RoleManagement\.Read\.Directory\)/,
    );
  });

  it("lets through a user's token that reads both, an app-only token and a token that is not a JWT", () => {
    expect(pimScopeRefusal(jwt({ scp: "RoleManagement.Read.Directory User.Read.All" }), "device-code")).toBeNull();
    expect(
      pimScopeRefusal(
        jwt({ scp: "RoleEligibilitySchedule.Read.Directory RoleAssignmentSchedule.Read.Directory" }),
        "token",
      ),
    ).toBeNull();
    expect(pimScopeRefusal(jwt({ appid: AZURE_CLI_APP_ID, roles: [] }), "token")).toBeNull();
    expect(pimScopeRefusal("opaque-token", "token")).toBeNull();
  });
});
