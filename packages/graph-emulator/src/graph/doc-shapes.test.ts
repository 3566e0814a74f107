// Each endpoint's answer for the documented example entity, next to the verbatim documentation example.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningEmulator, startEmulator } from "../server.js";
import { DOC_NOW, docTenant } from "../test-utils/doc-tenant.js";
import { rawGet } from "../test-utils/graph-client.js";
import { docExample, shapeDifferences } from "../test-utils/shape.js";
import { ROUTES } from "./routes.js";

let emulator: RunningEmulator;
let auth: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ tenant: docTenant(), now: DOC_NOW });
  auth = { Authorization: `Bearer ${emulator.mintToken()}` };
});
afterAll(async () => {
  await emulator.stop();
});

type Body = Record<string, unknown> & { value: Record<string, unknown>[] };

/** The documentation example each route's answer is held against below (fixtures/graph-reference/SOURCE.md). */
const EXAMPLES: Record<string, string> = {
  "roleManagement/directory/roleDefinitions": "04-roleDefinitions-list.json",
  "roleManagement/directory/roleDefinitions/{id}": "13-roleDefinition-get.json",
  "roleManagement/directory/roleEligibilityScheduleInstances": "01-roleEligibilityScheduleInstances-list.json",
  "roleManagement/directory/roleAssignmentScheduleInstances": "02-roleAssignmentScheduleInstances-list.json",
  "roleManagement/directory/roleEligibilitySchedules": "03a-roleEligibilitySchedules-list.json",
  "roleManagement/directory/roleAssignmentSchedules": "03b-roleAssignmentSchedules-list.json",
  "roleManagement/directory/roleAssignmentScheduleRequests": "08a-roleAssignmentScheduleRequests-list.json",
  "roleManagement/directory/roleAssignments": "14-roleAssignments-list.json",
  "policies/roleManagementPolicyAssignments": "05a-roleManagementPolicyAssignments-list.json",
  "identityGovernance/privilegedAccess/group/eligibilityScheduleInstances":
    "06a-pimGroups-eligibilityScheduleInstances-list.json",
  "identityGovernance/privilegedAccess/group/assignmentScheduleInstances":
    "06b-pimGroups-assignmentScheduleInstances-list.json",
  "identityGovernance/privilegedAccess/group/assignmentScheduleInstances/{id}":
    "06c-pimGroups-assignmentScheduleInstance-get.json",
  "groups/{id}": "15-group-get.json",
  "groups/{id}/transitiveMembers": "07a-group-transitiveMembers.json",
  users: "09-users-list-default.json",
  "users/{id}": "09-users-list-default.json",
  "servicePrincipals/{id}": "16-servicePrincipal-get.json",
  "directoryObjects/{id}": "17-directoryObject-get.json",
  "directoryObjects/getByIds": "09-users-list-default.json",
  "auditLogs/directoryAudits": "08d-directoryAudits-filter-initiatedBy.json",
  organization: "18-organization-get.json",
};

test("every route the emulator serves is held against a documentation example", () => {
  expect(ROUTES.map((r) => r.name).sort()).toEqual(Object.keys(EXAMPLES).sort());
});

async function get(path: string, headers = auth): Promise<Body> {
  const response = await rawGet(emulator, `/v1.0/${path}`, headers);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as Body;
}

function byId(body: Body, id: string): Record<string, unknown> {
  const entity = body.value.find((e) => e.id === id);
  if (!entity) throw new Error(`no entity ${id} in ${JSON.stringify(body.value.map((e) => e.id))}`);
  return entity;
}

function expectCollectionLike(
  ours: Body,
  file: string,
  pick: (doc: Record<string, unknown>) => Record<string, unknown>[],
) {
  const doc = docExample(file) as Body;
  expect(ours["@odata.context"]).toEqual(
    expect.stringContaining(String(doc["@odata.context"] ?? "$metadata#").split("$metadata")[1] ?? ""),
  );
  for (const [documented, mine] of pick(doc).map((d) => [d, byId(ours, String(d.id))] as const)) {
    expect(shapeDifferences(mine, documented)).toEqual([]);
  }
}

describe("answers have the keys and value types of the documentation examples", () => {
  test("roleEligibilityScheduleInstances (01)", async () => {
    const ours = await get("roleManagement/directory/roleEligibilityScheduleInstances");
    const doc = docExample("01-roleEligibilityScheduleInstances-list.json") as Body;
    const [documented] = doc.value;
    const mine = ours.value.find((e) => e.roleEligibilityScheduleId === documented!.roleEligibilityScheduleId)!;
    expect(shapeDifferences(mine, documented)).toEqual([]);
    expect({ ...mine, id: documented!.id }).toEqual(documented);
    expect(String(mine.id)).toMatch(/^[\w-]{43}-1-e$/);
  });

  test("roleAssignmentScheduleInstances (02): an assignment made outside PIM matches the example exactly", async () => {
    const ours = await get("roleManagement/directory/roleAssignmentScheduleInstances");
    const doc = docExample("02-roleAssignmentScheduleInstances-list.json") as Body;
    expect(byId(ours, String(doc.value[0]!.id))).toEqual(doc.value[0]);
    expect(shapeDifferences(ours.value[0], doc.value[0])).toEqual([]);
  });

  test("roleEligibilitySchedules (03a)", async () => {
    expectCollectionLike(
      await get("roleManagement/directory/roleEligibilitySchedules"),
      "03a-roleEligibilitySchedules-list.json",
      (d) => d.value as Record<string, unknown>[],
    );
  });

  test("roleAssignmentSchedules (03b), with and without PIM", async () => {
    const ours = await get("roleManagement/directory/roleAssignmentSchedules");
    const doc = docExample("03b-roleAssignmentSchedules-list.json") as Body;
    for (const documented of doc.value) {
      expect(shapeDifferences(byId(ours, String(documented.id)), documented)).toEqual([]);
    }
    expect(byId(ours, "lAPpYvVpN0KRkAEhdxReEAWz5Gtet_xOv8wxvTtTpfg-1")).toMatchObject({
      createdUsing: null,
      createdDateTime: null,
    });
  });

  test("roleDefinitions (04)", async () => {
    // Service Support Administrator is not in the role catalog (it is not in the "All roles" table).
    expectCollectionLike(await get("roleManagement/directory/roleDefinitions"), "04-roleDefinitions-list.json", (d) =>
      (d.value as Record<string, unknown>[]).filter((r) => r.displayName !== "Service Support Administrator"),
    );
  });

  test("roleManagementPolicyAssignments (05a, 05b with all 17 rules, 05c for a group)", async () => {
    const a = await get("policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'Directory'");
    const docA = docExample("05a-roleManagementPolicyAssignments-list.json") as Body;
    const ga = a.value.find((v) => v.roleDefinitionId === "62e90394-69f5-4237-9190-012177145e10")!;
    expect(shapeDifferences(ga, docA.value[0])).toEqual([]);
    expect(String(ga.id)).toBe(`${ga.policyId}_62e90394-69f5-4237-9190-012177145e10`);
    expect(String(ga.policyId)).toMatch(/^Directory_cab01047-8ad9-4792-8e42-569340767f1b_/);

    const b = await get(
      "policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'&$expand=policy($expand=rules)",
    );
    const docB = docExample("05b-roleManagementPolicyAssignments-expand-policy-rules.json") as Body;
    expect(b["@odata.context"]).toMatch(/#policies\/roleManagementPolicyAssignments\(policy\(rules\(\)\)\)$/);
    expect(b.value).toHaveLength(1);
    expect(shapeDifferences(b.value[0], docB.value[0])).toEqual([]);
    const rules = (b.value[0]!.policy as { rules: Record<string, unknown>[] }).rules;
    const docRules = (docB.value[0]!.policy as { rules: Record<string, unknown>[] }).rules;
    expect(rules.map((r) => r.id)).toEqual(docRules.map((r) => r.id));
    expect(rules.flatMap((rule, i) => shapeDifferences(rule, docRules[i]))).toEqual([]);
    // The default settings are the example's own values.
    expect(rules).toEqual(docRules);

    const c = await get(
      "policies/roleManagementPolicyAssignments?$filter=scopeId eq '60bba733-f09d-49b7-8445-32369aa066b3' and scopeType eq 'Group'",
    );
    const docC = docExample("05c-roleManagementPolicyAssignments-group.json") as Body;
    expect(c.value.map((v) => v.roleDefinitionId)).toEqual(["member", "owner"]);
    expect(c.value.flatMap((v, i) => shapeDifferences(v, docC.value[i]))).toEqual([]);
    expect(String(c.value[0]!.id)).toMatch(/^Group_60bba733-f09d-49b7-8445-32369aa066b3_[0-9a-f-]{36}_member$/);
  });

  test("PIM for Groups instances (06a, 06b, 06c)", async () => {
    const filter = "$filter=groupId eq '2b5ed229-4072-478d-9504-a047ebd4b07d'";
    const eligible = await get(`identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?${filter}`);
    const docA = docExample("06a-pimGroups-eligibilityScheduleInstances-list.json") as Body;
    for (const documented of docA.value) {
      const mine = byId(eligible, String(documented.id));
      expect(shapeDifferences(mine, documented)).toEqual([]);
      expect(mine).toMatchObject(documented);
    }
    const assigned = await get(`identityGovernance/privilegedAccess/group/assignmentScheduleInstances?${filter}`);
    const docB = docExample("06b-pimGroups-assignmentScheduleInstances-list.json") as Body;
    expect(shapeDifferences(byId(assigned, String(docB.value[0]!.id)), docB.value[0])).toEqual([]);
    const single = (await get(
      "identityGovernance/privilegedAccess/group/assignmentScheduleInstances/48fe5560-de56-2750-ae7c-2bbf1da9e452",
    )) as Record<string, unknown>;
    expect(single).toMatchObject({
      ...docExample("06c-pimGroups-assignmentScheduleInstance-get.json"),
      "@odata.context": expect.stringMatching(/assignmentScheduleInstances\/\$entity$/),
    });
  });

  test("groups/{id}/transitiveMembers (07a)", async () => {
    const ours = await get("groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/transitiveMembers");
    const doc = docExample("07a-group-transitiveMembers.json") as Body;
    expect(shapeDifferences(ours.value[0], doc.value[0])).toEqual([]);
    expect(ours.value[0]).toMatchObject(doc.value[0]!);
  });

  test("roleAssignmentScheduleRequests (08a) and $select with $expand (08b)", async () => {
    // An app may list requests only with RoleManagement.ReadWrite.Directory.
    const readWrite = {
      Authorization: `Bearer ${emulator.mintToken({ roles: ["RoleManagement.ReadWrite.Directory"] })}`,
    };
    expectCollectionLike(
      await get("roleManagement/directory/roleAssignmentScheduleRequests", readWrite),
      "08a-roleAssignmentScheduleRequests-list.json",
      (d) => d.value as Record<string, unknown>[],
    );
    const ours = await get(
      "roleManagement/directory/roleAssignmentScheduleRequests?$select=principalId,action,roleDefinitionId&$expand=roleDefinition,activatedUsing,principal,targetSchedule",
      readWrite,
    );
    const doc = docExample("08b-roleAssignmentScheduleRequests-select-expand.json") as Body;
    expect(ours["@odata.context"]).toBe(
      String(doc["@odata.context"]).replace("https://graph.microsoft.com", emulator.baseUrl),
    );
    expect(shapeDifferences(ours.value[0], doc.value[0])).toEqual([]);
    expect(Object.keys(ours.value[0]!).sort()).toEqual([...Object.keys(doc.value[0]!), "id"].sort());
  });

  test("auditLogs/directoryAudits filtered by initiator (08d)", async () => {
    const ours = await get(
      "auditLogs/directoryAudits?$filter=initiatedBy/user/id eq '728309ae-1a37-4937-9afe-e35d964db09b'",
    );
    const doc = docExample("08d-directoryAudits-filter-initiatedBy.json") as Body;
    expect(ours.value).toHaveLength(1);
    expect(shapeDifferences(ours.value[0], doc.value[0])).toEqual([]);
  });

  test("users, default properties and signInActivity (09)", async () => {
    const ours = await get("users");
    const doc = docExample("09-users-list-default.json") as Body;
    expect(Object.keys(ours.value[0]!).sort()).toEqual(Object.keys(doc.value[0]!).sort());
    expect(shapeDifferences(ours.value[0], doc.value[1])).toEqual([]);
    const sign = await get("users?$select=displayName,userPrincipalName,signInActivity");
    const docSign = docExample("09-users-signInActivity.json") as Body;
    expect(sign["@odata.context"]).toMatch(/#users\(displayName,userPrincipalName,signInActivity\)$/);
    const adele = byId(sign, "1aecaf40-dc3a-461f-88a8-d06994e12898");
    expect(shapeDifferences(adele, docSign.value[0])).toEqual([]);
    expect(adele).toMatchObject({ signInActivity: { lastSignInDateTime: "2021-06-17T16:41:33Z" } });
  });

  test("users/{id} and directoryObjects/getByIds answer users in the documented user shape (09)", async () => {
    const doc = docExample("09-users-list-default.json") as Body;
    const one = (await get("users/6be4b305-b75e-4efc-bfcc-31bd3b53a5f8")) as unknown as Record<string, unknown>;
    expect(shapeDifferences(one, doc.value[1])).toEqual([]);
    expect(one["@odata.context"]).toMatch(/#users\/\$entity$/);
    const response = await fetch(`${emulator.baseUrl}/v1.0/directoryObjects/getByIds`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ ids: ["6be4b305-b75e-4efc-bfcc-31bd3b53a5f8"] }),
      dispatcher: new (await import("undici")).Agent({ connect: { ca: emulator.caCertPem } }),
    } as RequestInit);
    const byIds = (await response.json()) as Body;
    expect(byIds.value[0]!["@odata.type"]).toBe("#microsoft.graph.user");
    expect(shapeDifferences(byIds.value[0], doc.value[1])).toEqual([]);
  });

  test("$batch (07b): inner responses carry id, status, headers and a body", async () => {
    const response = await fetch(`${emulator.baseUrl}/v1.0/$batch`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({
        requests: [
          { id: "1", method: "GET", url: "/users?$top=1" },
          { id: "3", method: "DELETE", url: "/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315" },
        ],
      }),
      dispatcher: new (await import("undici")).Agent({ connect: { ca: emulator.caCertPem } }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { responses: Record<string, unknown>[] };
    const doc = docExample("07b-batch-response.json") as { responses: Record<string, unknown>[] };
    const ok = body.responses.find((r) => r.id === "1")!;
    // The documented first body is a /me/memberOf page; compare the envelope and the paging keys.
    const { value: _docValue, ...docPage } = doc.responses[0]!.body as Record<string, unknown>;
    expect(shapeDifferences({ ...ok, body: {} }, { ...doc.responses[0], body: {} })).toEqual([]);
    expect(shapeDifferences(ok.body, docPage)).toEqual([]);
    const denied = body.responses.find((r) => r.id === "3")!;
    expect(denied.status).toBe(405);
    expect(shapeDifferences(denied, doc.responses[3])).toEqual([]);
  });

  test("roleDefinitions/{id} (13): a built-in role as the Get example answers it", async () => {
    const doc = docExample(EXAMPLES["roleManagement/directory/roleDefinitions/{id}"]!);
    const ours = (await get(`roleManagement/directory/roleDefinitions/${doc.id}`)) as unknown as Record<
      string,
      unknown
    >;
    expect(shapeDifferences(ours, doc)).toEqual([]);
    expect(ours["@odata.context"]).toMatch(/#roleManagement\/directory\/roleDefinitions\/\$entity$/);
    expect(ours).toMatchObject({ id: doc.id, displayName: doc.displayName, templateId: doc.templateId });
  });

  test("roleAssignments (14): the v1.0 properties, resourceScope as the example has it, no beta condition", async () => {
    const ours = await get("roleManagement/directory/roleAssignments");
    const doc = docExample(EXAMPLES["roleManagement/directory/roleAssignments"]!) as Body;
    expect(ours.value.length).toBeGreaterThan(0);
    for (const entity of ours.value) {
      expect(shapeDifferences(entity, doc.value[0])).toEqual([]);
      expect(Object.keys(entity).sort()).toEqual(
        ["appScopeId", "directoryScopeId", "id", "principalId", "resourceScope", "roleDefinitionId"].sort(),
      );
    }
  });

  test("groups/{id} (15): the default properties", async () => {
    const doc = docExample(EXAMPLES["groups/{id}"]!);
    const ours = (await get(`groups/${doc.id}`)) as unknown as Record<string, unknown>;
    expect(shapeDifferences(ours, doc)).toEqual([]);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(doc).sort());
  });

  test("servicePrincipals/{id} (16)", async () => {
    const doc = docExample(EXAMPLES["servicePrincipals/{id}"]!);
    const ours = (await get(`servicePrincipals/${doc.id}`)) as unknown as Record<string, unknown>;
    expect(shapeDifferences(ours, doc)).toEqual([]);
  });

  test("directoryObjects/{id} (17): a user, in the user's default shape", async () => {
    // @odata.id is an annotation with Graph's internal address; the collector reads none of it.
    const { "@odata.id": _internal, ...doc } = docExample(EXAMPLES["directoryObjects/{id}"]!);
    const ours = (await get("directoryObjects/6be4b305-b75e-4efc-bfcc-31bd3b53a5f8")) as unknown as Record<
      string,
      unknown
    >;
    expect(shapeDifferences(ours, doc)).toEqual([]);
    expect(ours["@odata.type"]).toBe(doc["@odata.type"]);
  });

  test("organization (18): the list holds one organization in the Get example's shape", async () => {
    const ours = await get("organization");
    const { "@odata.context": _context, ...doc } = docExample(EXAMPLES.organization!);
    expect(ours.value).toHaveLength(1);
    expect(shapeDifferences(ours.value[0], doc)).toEqual([]);
  });
});

describe("what v1.0 refuses, the emulator refuses", () => {
  test("isPrivileged is beta-only: no role definition carries it, and $select or $filter on it is a 400", async () => {
    const roles = await get("roleManagement/directory/roleDefinitions");
    expect(roles.value.some((r) => "isPrivileged" in r)).toBe(false);
    for (const query of ["$select=id,isPrivileged", "$filter=isPrivileged eq true"]) {
      const response = await rawGet(emulator, `/v1.0/roleManagement/directory/roleDefinitions?${query}`, auth);
      expect(response.status, query).toBe(400);
    }
  });

  test("roleDefinitions filter only on the documented id, displayName and isBuiltIn", async () => {
    const templateId = "62e90394-69f5-4237-9190-012177145e10";
    const byTemplate = await rawGet(
      emulator,
      `/v1.0/roleManagement/directory/roleDefinitions?$filter=templateId eq '${templateId}'`,
      auth,
    );
    expect(byTemplate.status).toBe(400);
    expect(byTemplate.body).toMatchObject({ error: { code: "Request_UnsupportedQuery" } });
    const byId = await get(`roleManagement/directory/roleDefinitions?$filter=id in ('${templateId}')`);
    expect(byId.value.map((r) => r.displayName)).toEqual(["Global Administrator"]);
  });

  test("roleAssignments take $filter (eq, in) on principalId, as documented", async () => {
    const ours = await get(
      "roleManagement/directory/roleAssignments?$filter=principalId in ('6be4b305-b75e-4efc-bfcc-31bd3b53a5f8','071cc716-8147-4397-a5ba-b2105951cc0b')",
    );
    expect(ours.value.length).toBeGreaterThan(0);
    expect(
      ours.value.every((a) =>
        ["6be4b305-b75e-4efc-bfcc-31bd3b53a5f8", "071cc716-8147-4397-a5ba-b2105951cc0b"].includes(
          String(a.principalId),
        ),
      ),
    ).toBe(true);
  });

  test("schedule requests: no $filter on action or createdDateTime; $select inside $expand on principal for id only", async () => {
    const path = "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests";
    // Listing schedule requests needs RoleManagement.ReadWrite.Directory for an app (as documented).
    const auth = { Authorization: `Bearer ${emulator.mintToken({ roles: ["RoleManagement.ReadWrite.Directory"] })}` };
    for (const filter of ["action eq 'selfActivate'", "createdDateTime ge 2023-01-01T00:00:00Z"]) {
      const response = await rawGet(emulator, `${path}?$filter=${encodeURIComponent(filter)}`, auth);
      expect(response.status, filter).toBe(400);
    }
    expect((await rawGet(emulator, `${path}?$filter=status eq 'Provisioned'`, auth)).status).toBe(200);
    expect((await rawGet(emulator, `${path}?$expand=principal($select=id)`, auth)).status).toBe(200);
    expect((await rawGet(emulator, `${path}?$expand=principal($select=displayName)`, auth)).status).toBe(400);
    expect((await rawGet(emulator, `${path}?$expand=roleDefinition($select=displayName)`, auth)).status).toBe(200);
  });
});
