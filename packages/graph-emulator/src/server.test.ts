import { type GraphError, PageIterator } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AZURE_CLI_APP_ID, AZURE_CLI_GRAPH_SCOPES } from "./http/token.js";
import { type RunningEmulator, startEmulator } from "./server.js";
import { demoTenant } from "./tenant/demo.js";
import { demoPayload } from "./tenant/demo-payloads.js";
import { graphClient, rawGet } from "./test-utils/graph-client.js";

const now = new Date("2026-11-27T10:30:00Z");
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ tenant: "demo", now, pageSize: 5 });
});
afterAll(async () => {
  await emulator.stop();
});

async function collectAll(
  path: string,
  build: (r: ReturnType<ReturnType<typeof graphClient>["api"]>) => typeof r = (r) => r,
) {
  const client = graphClient(emulator);
  const first = await build(client.api(path)).get();
  const items: Record<string, unknown>[] = [];
  const iterator = new PageIterator(client, first, (item: Record<string, unknown>) => {
    items.push(item);
    return true;
  });
  await iterator.iterate();
  return items;
}

describe("startEmulator with the demo tenant, through @microsoft/microsoft-graph-client", () => {
  test("serves HTTPS on 127.0.0.1 with a CA the client can trust", () => {
    expect(emulator.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.caCertPem).toContain("BEGIN CERTIFICATE");
  });

  test("pages role assignment schedule instances to the end with $expand=principal", async () => {
    emulator.clearRequestLog();
    const items = await collectAll("/roleManagement/directory/roleAssignmentScheduleInstances", (r) =>
      r.expand("principal"),
    );
    const demo = demoTenant(now);
    expect(items).toHaveLength(demo.roleAssignmentSchedules.length);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const bg = items.find(
      (i) => (i.principal as { userPrincipalName?: string }).userPrincipalName === "bg-01@contoso.com",
    );
    expect(bg).toMatchObject({ roleDefinitionId: "62e90394-69f5-4237-9190-012177145e10", endDateTime: null });
    expect((bg!.principal as Record<string, unknown>)["@odata.type"]).toBe("#microsoft.graph.user");
    const sp = items.find(
      (i) => (i.principal as Record<string, unknown>)["@odata.type"] === "#microsoft.graph.servicePrincipal",
    );
    expect(sp).toBeDefined();
    const log = emulator.requestLog();
    expect(log.length).toBe(Math.ceil(items.length / 5));
    expect(
      log.every((e) => e.status === 200 && e.route === "roleManagement/directory/roleAssignmentScheduleInstances"),
    ).toBe(true);
  });

  test("pages role eligibility schedule instances with principals, groups included", async () => {
    const items = await collectAll("/roleManagement/directory/roleEligibilityScheduleInstances", (r) =>
      r.expand("principal"),
    );
    const demo = demoTenant(now);
    expect(items).toHaveLength(demo.roleEligibilitySchedules.length);
    expect(items.every((i) => typeof i.roleEligibilityScheduleId === "string" && i.memberType === "Direct")).toBe(true);
    expect(items.some((i) => String(i.directoryScopeId).startsWith("/administrativeUnits/"))).toBe(true);
  });

  test("lists the role assignments in force, one per active instance, under the instance's roleAssignmentOriginId", async () => {
    const assignments = await collectAll("/roleManagement/directory/roleAssignments", (r) => r.expand("principal"));
    const instances = await collectAll("/roleManagement/directory/roleAssignmentScheduleInstances");
    expect(assignments.map((a) => a.id).sort()).toEqual(instances.map((i) => i.roleAssignmentOriginId).sort());
    const outsidePim = instances.filter((i) => i.startDateTime === null).map((i) => i.id);
    expect(outsidePim).toHaveLength(2);
    expect(assignments.filter((a) => outsidePim.includes(a.id))).toHaveLength(2);
  });

  test("lists built-in and custom role definitions", async () => {
    const items = await collectAll("/roleManagement/directory/roleDefinitions");
    expect(items.find((r) => r.displayName === "Global Administrator")).toMatchObject({ isBuiltIn: true });
    expect(items.find((r) => r.displayName === demoPayload("role:Contoso Tier 2 Support"))).toMatchObject({
      isBuiltIn: false,
    });
  });

  test("answers 401 InvalidAuthenticationToken without a bearer token", async () => {
    const response = await rawGet(emulator, "/v1.0/roleManagement/directory/roleDefinitions");
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
  });

  test("surfaces 403 Authorization_RequestDenied through the client when a permission is missing", async () => {
    const client = graphClient(emulator, emulator.mintToken({ roles: ["User.Read.All"] }));
    const error = (await client
      .api("/roleManagement/directory/roleDefinitions")
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("Authorization_RequestDenied");
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("a PIM list refuses as PIM does: 403 UnknownError wrapping PermissionScopeNotGranted and the scopes", async () => {
    const response = await rawGet(emulator, "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances", {
      Authorization: `Bearer ${emulator.mintToken({ roles: ["User.Read.All"] })}`,
    });
    expect(response.status).toBe(403);
    const error = (response.body as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("UnknownError");
    expect(JSON.parse(error.message)).toEqual({
      errorCode: "PermissionScopeNotGranted",
      message: expect.stringMatching(
        /^Authorization failed due to missing permission scope RoleEligibilitySchedule\.Read\.Directory,RoleManagement\.Read\.Directory,/,
      ),
      instanceAnnotations: [],
    });
  });

  test("a delegated token (scp) is judged by its scopes; an Azure CLI token has no PIM scope", async () => {
    const cli = emulator.mintToken({ scopes: AZURE_CLI_GRAPH_SCOPES, appId: AZURE_CLI_APP_ID });
    const payload = JSON.parse(Buffer.from(cli.split(".")[1]!, "base64url").toString("utf8"));
    expect(payload).toMatchObject({
      appid: AZURE_CLI_APP_ID,
      idtyp: "user",
      scp: expect.stringContaining("User.Read.All"),
    });
    expect(payload.roles).toBeUndefined();
    const auth = { Authorization: `Bearer ${cli}` };
    expect((await rawGet(emulator, "/v1.0/users?$top=1", auth)).status).toBe(200);
    expect(
      (await rawGet(emulator, "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances", auth)).status,
    ).toBe(403);
    const delegated = emulator.mintToken({ scopes: ["RoleAssignmentSchedule.Read.Directory"] });
    const allowed = await rawGet(emulator, "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances", {
      Authorization: `Bearer ${delegated}`,
    });
    expect(allowed.status).toBe(200);
  });
});

describe("a tenant without Microsoft Entra ID P2, and refusals injected as faults", () => {
  test("PIM lists answer 400 UnknownError wrapping AadPremiumLicenseRequired; the directory still answers", async () => {
    const unlicensed = await startEmulator({ tenant: "demo", now, pimLicence: false });
    try {
      const auth = { Authorization: `Bearer ${unlicensed.mintToken()}` };
      const refused = await rawGet(unlicensed, "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances", auth);
      expect(refused.status).toBe(400);
      const error = (refused.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("UnknownError");
      expect(JSON.parse(error.message)).toMatchObject({ errorCode: "AadPremiumLicenseRequired" });
      expect((await rawGet(unlicensed, "/v1.0/roleManagement/directory/roleDefinitions", auth)).status).toBe(200);
    } finally {
      await unlicensed.stop();
    }
  });

  test("a status fault may be a 400 with Graph's code and message, wrapped as PIM wraps them", async () => {
    const faulty = await startEmulator({
      tenant: "demo",
      now,
      faults: [
        {
          route: "roleManagement/directory/roleAssignmentScheduleRequests",
          kind: "status",
          status: 400,
          code: "BadRequest",
          message: "Invalid filter clause",
        },
        {
          route: "roleManagement/directory/roleEligibilitySchedules",
          kind: "status",
          status: 403,
          code: "PermissionScopeNotGranted",
          message: "Authorization failed due to missing permission scope X.",
          wrapped: true,
        },
      ],
    });
    try {
      const auth = { Authorization: `Bearer ${faulty.mintToken()}` };
      // Listing schedule requests needs RoleManagement.ReadWrite.Directory for an app (as documented).
      const readWrite = {
        Authorization: `Bearer ${faulty.mintToken({ roles: ["RoleManagement.ReadWrite.Directory"] })}`,
      };
      const plain = await rawGet(faulty, "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests", readWrite);
      expect(plain.status).toBe(400);
      expect(plain.body).toMatchObject({ error: { code: "BadRequest", message: "Invalid filter clause" } });
      const wrapped = await rawGet(faulty, "/v1.0/roleManagement/directory/roleEligibilitySchedules", auth);
      expect(wrapped.status).toBe(403);
      const error = (wrapped.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("UnknownError");
      expect(JSON.parse(error.message)).toMatchObject({ errorCode: "PermissionScopeNotGranted" });
    } finally {
      await faulty.stop();
    }
  });
});
