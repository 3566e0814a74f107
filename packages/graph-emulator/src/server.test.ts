import { type GraphError, PageIterator } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningEmulator, startEmulator } from "./server.js";
import { demoTenant } from "./tenant/demo.js";
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
    expect(items.find((r) => r.displayName === "Contoso Tier 2 Support")).toMatchObject({ isBuiltIn: false });
  });

  test("answers 401 InvalidAuthenticationToken without a bearer token", async () => {
    const response = await rawGet(emulator, "/v1.0/roleManagement/directory/roleDefinitions");
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
  });

  test("surfaces 403 Authorization_RequestDenied through the client when a permission is missing", async () => {
    const client = graphClient(emulator, emulator.mintToken({ roles: ["User.Read.All"] }));
    const error = (await client
      .api("/roleManagement/directory/roleEligibilityScheduleInstances")
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("Authorization_RequestDenied");
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
