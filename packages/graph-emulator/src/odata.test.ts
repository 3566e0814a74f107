// OData options, identity and errors as the collector meets them.
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningEmulator, startEmulator } from "./server.js";
import { demoPayload } from "./tenant/demo-payloads.js";
import { rawGet } from "./test-utils/graph-client.js";

const now = new Date("2026-11-27T10:30:00Z");
let emulator: RunningEmulator;
let noPremium: RunningEmulator;

beforeAll(async () => {
  [emulator, noPremium] = await Promise.all([startEmulator({ now }), startEmulator({ now, premiumLicence: false })]);
});
afterAll(async () => {
  await Promise.all([emulator.stop(), noPremium.stop()]);
});

type Body = {
  value: Record<string, unknown>[];
  error?: { code: string; message: string; innerError: Record<string, string> };
};
const get = async (path: string, token = emulator.mintToken(), on = emulator) =>
  rawGet(on, `/v1.0/${path}`, {
    Authorization: `Bearer ${token}`,
    "client-request-id": "c0ffee00-0000-4000-8000-000000000001",
  }) as Promise<{
    status: number;
    headers: Headers;
    body: Body;
  }>;

async function post(path: string, body: unknown) {
  const response = await fetch(`${emulator.baseUrl}/v1.0/${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${emulator.mintToken()}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
    dispatcher: new Agent({ connect: { ca: emulator.caCertPem } }),
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & Body };
}

describe("$filter, $select, $expand, $top", () => {
  test("a schedule of a principal deleted since expands it to null, and the object is gone", async () => {
    const rows = await get("roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal");
    const orphans = rows.body.value.filter((row) => row["principal"] === null);
    expect(orphans).toHaveLength(1);
    const principalId = orphans[0]!["principalId"] as string;
    expect((await get(`users/${principalId}`)).status).toBe(404);
    const roles = await get("roleManagement/directory/roleDefinitions?$filter=isBuiltIn eq false");
    expect(roles.body.value[0]).not.toHaveProperty("isPrivileged");
    expect(roles.body.value[0]!["rolePermissions"]).toEqual([
      expect.objectContaining({
        allowedResourceActions: expect.arrayContaining(["microsoft.directory/users/password/update"]),
      }),
    ]);
  });

  test("filters with eq, ne, in, and startswith as documented", async () => {
    const ga = "62e90394-69f5-4237-9190-012177145e10";
    const eligible = await get(
      `roleManagement/directory/roleEligibilityScheduleInstances?$filter=roleDefinitionId eq '${ga}'`,
    );
    // Megan, Adele, Nestor and a former admin deleted since.
    expect(eligible.body.value).toHaveLength(4);
    const notDirect = await get(
      "roleManagement/directory/roleAssignmentScheduleInstances?$filter=assignmentType ne 'Assigned'",
    );
    expect(notDirect.body.value.map((v) => v.assignmentType)).toEqual(["Activated"]);
    const roles = await get(
      "roleManagement/directory/roleDefinitions?$filter=displayName in ('Global Administrator','Helpdesk Administrator')",
    );
    expect(roles.body.value.map((r) => r.displayName).sort()).toEqual([
      "Global Administrator",
      "Helpdesk Administrator",
    ]);
    const guests = await get("users?$filter=userType eq 'Guest'&$select=id,userPrincipalName,userType");
    expect(guests.body.value).toHaveLength(2);
    const bg = await get("users?$filter=startswith(userPrincipalName,'bg-')");
    expect(bg.body.value.map((u) => u.userPrincipalName)).toEqual(["bg-01@contoso.com", "bg-02@contoso.com"]);
    const tenantWide = await get(
      "roleManagement/directory/roleEligibilityScheduleInstances?$filter=directoryScopeId ne '/'",
    );
    expect(tenantWide.body.value).toHaveLength(2);
    const readWrite = emulator.mintToken({ roles: ["RoleManagement.ReadWrite.Directory"] });
    const requests = await get("roleManagement/directory/roleAssignmentScheduleRequests?$top=999", readWrite);
    const provisioned = await get(
      "roleManagement/directory/roleAssignmentScheduleRequests?$filter=status ne 'Provisioned'&$top=999",
      readWrite,
    );
    expect(provisioned.body.value.length).toBeLessThan(requests.body.value.length);
    expect(provisioned.body.value.every((r) => r.status !== "Provisioned")).toBe(true);
  });

  test("an app lists roleAssignmentScheduleRequests only with RoleManagement.ReadWrite.Directory, as documented", async () => {
    const readOnly = await get("roleManagement/directory/roleAssignmentScheduleRequests");
    expect(readOnly.status).toBe(403);
    // A PIM service: the refusal comes wrapped, PIM's own code and the scope it lacks inside.
    expect(readOnly.body.error?.code).toBe("UnknownError");
    expect(JSON.parse(String(readOnly.body.error?.message))).toMatchObject({ errorCode: "PermissionScopeNotGranted" });
    expect(String(readOnly.body.error?.message)).toContain("RoleManagement.ReadWrite.Directory");
  });

  test("directoryAudits keep 30 days of records with a premium licence and 7 without", async () => {
    const activations =
      "auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add member to role completed (PIM activation)'";
    const oldest = (body: Body) => body.value.map((a) => String(a["activityDateTime"])).sort()[0];
    const premium = await get(activations);
    expect(premium.status).toBe(200);
    expect(oldest(premium.body)! >= "2026-10-28T10:30:00.000Z").toBe(true);
    expect(premium.body.value.map((a) => a["category"])).toContain("GroupManagement");
    const free = await get(activations, noPremium.mintToken(), noPremium);
    expect(free.body.value.length).toBeGreaterThan(0);
    expect(free.body.value.length).toBeLessThan(premium.body.value.length);
    expect(oldest(free.body)! >= "2026-11-20T10:30:00.000Z").toBe(true);
  });

  test("a filter the endpoint does not support is a 400 in Graph's shape, never ignored", async () => {
    const unsupported = await get(
      "roleManagement/directory/roleEligibilityScheduleInstances?$filter=startDateTime ge 2026-01-01T00:00:00Z",
    );
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error).toMatchObject({ code: "Request_UnsupportedQuery" });
    expect(unsupported.body.error!.message).toContain("startDateTime");
    expect(unsupported.body.error!.innerError).toMatchObject({
      "client-request-id": "c0ffee00-0000-4000-8000-000000000001",
    });
    expect(unsupported.body.error!.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const wrongOperator = await get(
      "roleManagement/directory/roleDefinitions?$filter=startswith(displayName,'Global')",
    );
    expect(wrongOperator.status).toBe(400);
    const broken = await get("users?$filter=userType eq");
    expect(broken.status).toBe(400);
    expect(broken.body.error!.code).toBe("BadRequest");
  });

  test("ne and $count on users are advanced queries: they need ConsistencyLevel: eventual and $count=true", async () => {
    const plain = await get("users?$filter=userType ne 'Guest'");
    expect(plain.status).toBe(400);
    expect(plain.body.error!.message).toContain("ConsistencyLevel: eventual");
    const advanced = await rawGet(emulator, "/v1.0/users?$filter=userType ne 'Guest'&$count=true&$top=999", {
      Authorization: `Bearer ${emulator.mintToken()}`,
      ConsistencyLevel: "eventual",
    });
    expect(advanced.status).toBe(200);
    expect(advanced.body).toMatchObject({ "@odata.count": 42 });
  });

  test("$select keeps the selected properties and id; an unknown one is a 400", async () => {
    const selected = await get("users?$select=displayName,accountEnabled&$top=1");
    expect(Object.keys(selected.body.value[0]!).sort()).toEqual(["accountEnabled", "displayName", "id"]);
    const unknown = await get("users?$select=shoeSize");
    expect(unknown.status).toBe(400);
  });

  test("$expand=roleDefinition,principal on schedule instances; a $select inside the $expand is a 400", async () => {
    const page = await get(
      "roleManagement/directory/roleAssignmentScheduleInstances?$expand=roleDefinition,principal&$top=1",
    );
    const [first] = page.body.value;
    expect(first!.roleDefinition).toMatchObject({ displayName: "Global Administrator" });
    expect(first!.principal).toMatchObject({ "@odata.type": expect.any(String), displayName: expect.any(String) });
    expect((page.body as unknown as Record<string, string>)["@odata.context"]).toMatch(
      /\(roleDefinition\(\),principal\(\)\)$/,
    );
    // Graph refuses options inside $expand on these lists (microsoftgraph/microsoft-graph-docs-contrib#9157).
    for (const list of [
      "roleAssignmentScheduleInstances",
      "roleEligibilityScheduleInstances",
      "roleEligibilitySchedules",
    ]) {
      const nested = await get(`roleManagement/directory/${list}?$expand=principal($select=id)&$top=1`);
      expect(nested.status).toBe(400);
      expect(nested.body).toMatchObject({ error: { code: "InvalidFilter" } });
    }
  });

  test("$orderby=activityDateTime on audit records, newest first by default; other orderings are a 400", async () => {
    const times = (body: Body) => body.value.map((a) => String(a.activityDateTime));
    const natural = times((await get("auditLogs/directoryAudits")).body);
    expect(natural).toEqual([...natural].sort().reverse());
    const ascending = times((await get("auditLogs/directoryAudits?$orderby=activityDateTime asc&$top=3")).body);
    expect(ascending).toEqual([...natural].reverse().slice(0, 3));
    expect((await get("users?$orderby=displayName")).status).toBe(400);
  });

  test("a filtered collection may end on an empty page, as Graph's do", async () => {
    const first = await get("users?$filter=userType eq 'Guest'&$top=2");
    expect(first.body.value).toHaveLength(2);
    const next = (first.body as unknown as Record<string, string>)["@odata.nextLink"]!;
    expect(next).toBe(
      `${emulator.baseUrl}/v1.0/users?$filter=userType%20eq%20'Guest'&$top=2&$skiptoken=${new URL(next).searchParams.get("$skiptoken")}`,
    );
    const last = await rawGet(emulator, next.replace(emulator.baseUrl, ""), {
      Authorization: `Bearer ${emulator.mintToken()}`,
    });
    expect(last.body).toMatchObject({ value: [] });
    expect((last.body as Record<string, unknown>)["@odata.nextLink"]).toBeUndefined();
  });

  test("required filters: PIM for Groups needs groupId or principalId, policies need scopeId and scopeType", async () => {
    const noFilter = await get("identityGovernance/privilegedAccess/group/eligibilityScheduleInstances");
    expect(noFilter.status).toBe(400);
    expect(noFilter.body.error!.message).toContain("groupId or a principalId");
    const policies = await get("policies/roleManagementPolicyAssignments");
    expect(policies.status).toBe(400);
    const groups = (await get("roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal")).body.value
      .map((a) => a.principal as Record<string, unknown>)
      .filter((p) => p["@odata.type"] === "#microsoft.graph.group");
    const pimGroup = groups.find((g) => g.displayName === "PIM Privileged Role Admins")!;
    const eligible = await get(
      `identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=groupId eq '${pimGroup.id}'`,
    );
    expect(eligible.body.value.map((e) => e.accessId).sort()).toEqual(["member", "member", "owner"]);
    const members = await get(`groups/${pimGroup.id}/transitiveMembers`);
    expect(members.body.value.map((m) => m.userPrincipalName)).toEqual(["christie.cline@contoso.com"]);
  });
});

describe("PIM for Groups settings (policies/roleManagementPolicyAssignments, scopeType Group)", () => {
  const pimGroupId = async () => {
    const principals = (await get("roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal")).body
      .value;
    const group = principals.map((a) => a.principal as Record<string, unknown>);
    return String(group.find((g) => g.displayName === "PIM Privileged Role Admins")!.id);
  };
  const rulesOf = (assignment: Record<string, unknown>) =>
    new Map(((assignment.policy as { rules: Record<string, unknown>[] }).rules ?? []).map((r) => [String(r.id), r]));

  test("one group per request, member and owner, each with its own policy and the 17 rules", async () => {
    const groupId = await pimGroupId();
    const answer = await get(
      `policies/roleManagementPolicyAssignments?$filter=scopeId eq '${groupId}' and scopeType eq 'Group'&$expand=policy($expand=rules)`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.value.map((v) => [v.scopeId, v.scopeType, v.roleDefinitionId])).toEqual([
      [groupId, "Group", "member"],
      [groupId, "Group", "owner"],
    ]);
    const [member, owner] = answer.body.value as [Record<string, unknown>, Record<string, unknown>];
    expect(member.policyId).not.toBe(owner.policyId);
    expect(String(member.policyId)).toMatch(new RegExp(`^Group_${groupId}_[0-9a-f-]{36}$`));
    // The demo group's member policy asks for neither MFA nor approval; the owner policy keeps the defaults.
    const memberRules = rulesOf(member);
    expect(memberRules.size).toBe(17);
    expect(memberRules.get("Enablement_EndUser_Assignment")?.enabledRules).toEqual(["Justification"]);
    expect(rulesOf(owner).get("Enablement_EndUser_Assignment")?.enabledRules).toEqual([
      "MultiFactorAuthentication",
      "Justification",
    ]);
    const owners = await get(
      `policies/roleManagementPolicyAssignments?$filter=scopeId eq '${groupId}' and scopeType eq 'Group' and roleDefinitionId eq 'owner'`,
    );
    expect(owners.body.value.map((v) => v.roleDefinitionId)).toEqual(["owner"]);
  });

  test("an authentication context required on activation is an enabled rule with its claim value", async () => {
    const exchangeAdministrator = "29232cdf-9323-42fd-ade2-1d097af3e4de";
    const answer = await get(
      `policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${exchangeAdministrator}'&$expand=policy($expand=rules)`,
    );
    const rules = rulesOf(answer.body.value[0]!);
    expect(rules.get("AuthenticationContext_EndUser_Assignment")).toMatchObject({
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule",
      isEnabled: true,
      claimValue: "c1",
    });
    expect(rules.get("Enablement_EndUser_Assignment")?.enabledRules).toEqual(["Justification"]);
  });

  test("refuses what Graph refuses: no scopeId, several groups at once, or no PIM for Groups permission", async () => {
    const groupId = await pimGroupId();
    const noScopeId = await get("policies/roleManagementPolicyAssignments?$filter=scopeType eq 'Group'");
    expect(noScopeId.status).toBe(400);
    const twoGroups = await get(
      `policies/roleManagementPolicyAssignments?$filter=(scopeId eq '${groupId}' or scopeId eq '${groupId}') and scopeType eq 'Group'`,
    );
    expect(twoGroups.status).toBe(400);
    const directoryOnly = emulator.mintToken({ roles: ["RoleManagementPolicy.Read.Directory"] });
    const denied = await get(
      `policies/roleManagementPolicyAssignments?$filter=scopeId eq '${groupId}' and scopeType eq 'Group'`,
      directoryOnly,
    );
    expect(denied.status).toBe(403);
  });
});

describe("identity and permissions", () => {
  test("401 without a token, or with one for another tenant", async () => {
    const none = await rawGet(emulator, "/v1.0/users");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const other = await get("users", emulator.mintToken({ tenantId: "00000000-0000-0000-0000-000000000000" }));
    expect(other.status).toBe(401);
    expect(other.body.error!.code).toBe("InvalidAuthenticationToken");
  });

  test("401 for an expired token, judged on the real clock", async () => {
    const [header, payload] = emulator.mintToken().split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
    const expired = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: 1_000_000_000 })).toString("base64url")}.`;
    const response = await get("organization", expired);
    expect(response.status).toBe(401);
    expect(response.body.error!.message).toContain("expired");
  });

  test("403 Authorization_RequestDenied names nothing secret and is per endpoint", async () => {
    const token = emulator.mintToken({ roles: ["RoleManagement.Read.Directory"] });
    expect((await get("roleManagement/directory/roleEligibilityScheduleInstances", token)).status).toBe(200);
    const denied = await get("auditLogs/directoryAudits", token);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    });
    const onlyAudit = await get("auditLogs/directoryAudits", emulator.mintToken({ roles: ["AuditLog.Read.All"] }));
    expect(onlyAudit.status).toBe(403);
  });

  test("signInActivity needs AuditLog.Read.All and a premium licence", async () => {
    const select = "users?$select=id,signInActivity";
    expect((await get(select)).status).toBe(200);
    const noAudit = await get(select, emulator.mintToken({ roles: ["User.Read.All"] }));
    expect(noAudit.body.error!.code).toBe("Authorization_RequestDenied");
    const basic = await get(select, noPremium.mintToken(), noPremium);
    expect(basic.status).toBe(403);
    expect(basic.body.error!.code).toBe("Authentication_RequestFromNonPremiumTenantOrB2CTenant");
  });
});

describe("single objects, getByIds and $batch", () => {
  test("users by id or UPN, 404 otherwise; organization; service principals", async () => {
    const user = await get("users/megan.bowen@contoso.com?$select=id,accountEnabled");
    expect(user.body).toMatchObject({ accountEnabled: true });
    const byId = await get(`users/${(user.body as unknown as { id: string }).id}`);
    expect(byId.body).toMatchObject({ userPrincipalName: "megan.bowen@contoso.com" });
    const missing = await get("users/nobody@contoso.com");
    expect(missing.status).toBe(404);
    expect(missing.body.error!.code).toBe("Request_ResourceNotFound");
    const org = await get("organization");
    expect(org.body.value[0]).toMatchObject({ id: emulator.tenantId, displayName: "Contoso" });
    const instances = (await get("roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal")).body
      .value;
    const sp = instances
      .map((i) => i.principal as Record<string, unknown>)
      .find((p) => p["@odata.type"] === "#microsoft.graph.servicePrincipal")!;
    const asObject = await get(`directoryObjects/${sp.id}`);
    expect(asObject.body).toMatchObject({
      "@odata.type": "#microsoft.graph.servicePrincipal",
      displayName: demoPayload("sp:Contoso HR Provisioning"),
    });
    expect((await get(`servicePrincipals/${sp.id}?$select=id,appId`)).body).toMatchObject({ appId: sp.appId });
    const unknownSegment = await get("me/planner/tasks");
    expect(unknownSegment.status).toBe(400);
  });

  test("directoryObjects/getByIds returns users, groups and service principals", async () => {
    const instances = (await get("roleManagement/directory/roleAssignmentScheduleInstances")).body.value;
    const ids = [...new Set(instances.map((i) => String(i.principalId)))];
    const { status, body } = await post("directoryObjects/getByIds", {
      ids,
      types: ["user", "group", "servicePrincipal"],
    });
    expect(status).toBe(200);
    expect(body.value).toHaveLength(ids.length);
    expect(new Set(body.value.map((o) => o["@odata.type"]))).toEqual(
      new Set(["#microsoft.graph.user", "#microsoft.graph.group", "#microsoft.graph.servicePrincipal"]),
    );
  });

  test("$batch: at most 20, unique ids, dependsOn failures as 424", async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/organization" }));
    expect((await post("$batch", { requests: many })).status).toBe(400);
    expect((await post("$batch", { requests: many.slice(0, 20) })).status).toBe(200);
    const duplicate = await post("$batch", { requests: [many[0], { ...many[1], id: "0" }] });
    expect(duplicate.status).toBe(400);
    const chained = await post("$batch", {
      requests: [
        { id: "1", method: "GET", url: "/users/nobody@contoso.com" },
        { id: "2", method: "GET", url: "/organization", dependsOn: ["1"] },
      ],
    });
    const responses = chained.body.responses as { id: string; status: number }[];
    expect(Object.fromEntries(responses.map((r) => [r.id, r.status]))).toEqual({ "1": 404, "2": 424 });
    expect(emulator.requestLog().filter((e) => e.inBatch).length).toBeGreaterThan(0);
  });
});
