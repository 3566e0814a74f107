import { describe, expect, test } from "vitest";
import { requestTarget } from "./target.js";

const viaUrl = (target: string) => {
  const url = new URL(target, "https://emulator.invalid");
  return { pathname: url.pathname, params: [...url.searchParams] };
};
const viaTarget = (target: string) => {
  const { pathname, search } = requestTarget(target);
  return { pathname, params: [...new URLSearchParams(search)] };
};

describe("requestTarget", () => {
  test("reads every target exactly as URL does, plain or not", () => {
    for (const target of [
      "/v1.0/users/42f41207-0001-4000-8000-000000000004?$select=id%2CdisplayName%2CsignInActivity",
      "/v1.0/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=groupId%20eq%20'g-1'&$expand=principal",
      "/v1.0/roleManagement/directory/roleEligibilitySchedules?$select=id,createdUsing&$skiptoken=UkZOd2RBOjEwMDph",
      "/v1.0/users?$filter=displayName+eq+'Ada'&$top=5&$count=true",
      "/v1.0/users/u1.ada%40contoso.com",
      "/v1.0/users/",
      "/v1.0/users?",
      "/v1.0/users?a=%zz&b",
      "/v1.0/a/./b/../users",
      "/v1.0/a/%2E%2e/users?x=1",
      "/v1.0/users/.",
      "//evil.example/v1.0/users",
      "/v1.0/users?$filter=displayName eq 'Ada Adams'",
      "/v1.0/users?$select=id#fragment",
      "/v1.0/us\\ers",
      "/v1.0/users/ñ?x=ü",
      "/v1.0/users?$top=5 ",
      "/v1.0/us\ters?$top=5",
    ]) {
      expect(viaTarget(target), target).toEqual(viaUrl(target));
    }
  });
});
