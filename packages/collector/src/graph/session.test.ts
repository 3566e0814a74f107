import { describe, expect, it } from "vitest";
import { graphError, missingScopes } from "./session.js";

// The shape of microsoftgraph/microsoft-graph-docs-contrib#17 (and Azure/azure-cli#26471): PIM's own error as JSON.
const wrapped = (status: number, errorCode: string, message: string) => ({
  error: {
    code: "UnknownError",
    message: JSON.stringify({ errorCode, message, instanceAnnotations: [] }),
    innerError: { date: "2023-08-01T06:45:07", "request-id": "43e63764-47fb-4790-8f24-7be256e356ab" },
  },
  status,
});

describe("graphError", () => {
  it("reads the error a PIM service wraps in UnknownError, and the scopes it names, into the hint", () => {
    const body = wrapped(
      403,
      "PermissionScopeNotGranted",
      "Authorization failed due to missing permission scope RoleEligibilitySchedule.Read.Directory,RoleManagement.Read.Directory.",
    );
    const error = graphError("GET /roleManagement/directory/roleEligibilityScheduleInstances", 403, body);
    expect(error.graphCode).toBe("PermissionScopeNotGranted");
    expect(error.code).toBe("PERMISSION_DENIED");
    expect(error.requestIds).toEqual(["43e63764-47fb-4790-8f24-7be256e356ab"]);
    expect(error.toOneLine()).toBe(
      "GET /roleManagement/directory/roleEligibilityScheduleInstances: Graph answered HTTP 403 (PermissionScopeNotGranted: Authorization failed due to missing permission scope RoleEligibilitySchedule.Read.Directory,RoleManagement.Read.Directory.). Grant one of RoleEligibilitySchedule.Read.Directory, RoleManagement.Read.Directory to the app that signs in (application permission, or delegated for a user's sign-in) and admin-consent it.",
    );
  });

  it("reads a wrapped licence refusal's code", () => {
    const body = wrapped(400, "AadPremiumLicenseRequired", "The tenant needs to have Microsoft Entra ID P2.");
    expect(graphError("GET /x", 400, body).graphCode).toBe("AadPremiumLicenseRequired");
  });

  it("keeps a message that only looks like JSON, and Graph's plain errors, as they are", () => {
    const plain = { error: { code: "UnknownError", message: "{not json" } };
    expect(graphError("GET /x", 500, plain)).toMatchObject({ graphCode: "UnknownError", graphMessage: "{not json" });
    const denied = { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges." } };
    expect(graphError("GET /x", 403, denied).graphCode).toBe("Authorization_RequestDenied");
  });

  it("missingScopes lists the scopes of a PermissionScopeNotGranted message", () => {
    expect(missingScopes("Authorization failed due to missing permission scope A.Read,B.Read.")).toEqual([
      "A.Read",
      "B.Read",
    ]);
    expect(missingScopes("Something else.")).toEqual([]);
  });
});
