// End to end over HTTPS: faults injected by the emulator end either in the fault-free snapshot or in
// a CollectionError (exit 3) naming the cause; never in a snapshot that silently lacks something.
import { type FaultRule, type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { type Snapshot, stableJson } from "@pim-audit/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectFrom, collectionFailure, DEMO_NOW } from "../src/test-utils/emulator.js";

let baseline: Snapshot;
const running: RunningEmulator[] = [];

async function emulatorWith(faults: FaultRule[], extra: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator({ tenant: "demo", now: DEMO_NOW, seed: 7, faults, ...extra });
  running.push(emulator);
  return emulator;
}

/** Each emulator listens on its own port; everything else must match byte for byte. */
const comparable = (snapshot: Snapshot) => stableJson({ ...snapshot, source: { ...snapshot.source, endpoint: null } });

beforeAll(async () => {
  ({ snapshot: baseline } = await collectFrom(await emulatorWith([])));
});
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop()));
});

describe("collectFromGraph under faults", () => {
  it("follows every nextLink, those inside $batch answers included, to the same snapshot", async () => {
    const emulator = await emulatorWith([], { pageSize: 1 });
    const { snapshot } = await collectFrom(emulator);
    expect(comparable(snapshot)).toBe(comparable(baseline));
    const log = emulator.requestLog();
    expect(log.some((e) => !e.inBatch && e.route === "groups/{id}/transitiveMembers")).toBe(true);
    expect(log.filter((e) => e.route === "roleManagement/directory/roleDefinitions").length).toBeGreaterThan(100);
  });

  it("rides out a 503/504 storm with Retry-After, reporting each retry", async () => {
    const emulator = await emulatorWith([
      { route: "roleManagement/*", kind: "status", status: 503, retryAfterSeconds: 0, probability: 0.4 },
      { route: "policies/*", kind: "status", status: 504, retryAfterSeconds: 0, probability: 0.5 },
    ]);
    const { snapshot, events } = await collectFrom(emulator);
    expect(comparable(snapshot)).toBe(comparable(baseline));
    const retries = events.filter((e) => e.kind === "retry");
    expect(retries.length).toBeGreaterThan(0);
    expect(emulator.requestLog().filter((e) => e.status === 503 || e.status === 504)).toHaveLength(retries.length);
  });

  it("backs off on a 503 without Retry-After", async () => {
    const emulator = await emulatorWith([{ route: "organization", kind: "status", status: 503, times: 1 }]);
    const { snapshot, events } = await collectFrom(emulator);
    expect(comparable(snapshot)).toBe(comparable(baseline));
    expect(events.filter((e) => e.kind === "retry")).toEqual([
      expect.objectContaining({
        request: "GET /organization?$select=id,displayName,verifiedDomains",
        reason: "HTTP 503",
      }),
    ]);
  });

  it("retries throttled requests inside a $batch", async () => {
    const emulator = await emulatorWith([
      { route: "users/{id}", kind: "batchThrottle", retryAfterSeconds: 0, probability: 0.5 },
    ]);
    const { snapshot, events } = await collectFrom(emulator);
    expect(comparable(snapshot)).toBe(comparable(baseline));
    expect(events.some((e) => e.kind === "retry" && e.request.startsWith("POST /$batch"))).toBe(true);
  });

  it("survives connection resets and truncated bodies", async () => {
    const emulator = await emulatorWith([
      { route: "roleManagement/directory/roleEligibilityScheduleInstances", kind: "reset", times: 2 },
      { route: "policies/*", kind: "truncate", times: 1 },
      { route: "roleManagement/directory/roleAssignmentScheduleRequests", kind: "reset", times: 1 },
      { route: "roleManagement/directory/roleDefinitions", kind: "truncate", skip: 1, times: 1 },
    ]);
    const { snapshot, events } = await collectFrom(emulator, { retryBudget: 20 });
    expect(comparable(snapshot)).toBe(comparable(baseline));
    expect(events.filter((e) => e.kind === "retry").length).toBeGreaterThanOrEqual(4);
  });

  it("fails closed, naming the request, when the retry budget is spent", async () => {
    const emulator = await emulatorWith([
      {
        route: "roleManagement/directory/roleAssignmentScheduleInstances",
        kind: "status",
        status: 503,
        retryAfterSeconds: 0,
      },
    ]);
    const error = await collectionFailure(collectFrom(emulator, { retryBudget: 3 }));
    expect(error.exitCode).toBe(3);
    expect(error.toOneLine()).toMatch(
      /^GET \/roleManagement\/directory\/roleAssignmentScheduleInstances\?\$expand=principal: Graph answered HTTP 503 \(serviceNotAvailable.*retry budget was spent/,
    );
  });

  it("fails closed on a nextLink that repeats", async () => {
    const emulator = await emulatorWith([
      { route: "roleManagement/directory/roleDefinitions", kind: "repeatNextLink" },
    ]);
    const error = await collectionFailure(collectFrom(emulator));
    expect(error.code).toBe("COLLECTION_INCOMPLETE");
    expect(error.toOneLine()).toMatch(/^GET \/roleManagement\/directory\/roleDefinitions.*(already returned|twice)/);
  });

  it("fails closed when a repeated nextLink sends the first page again (eligibility instances, 5 a page)", async () => {
    // The link back to the first page carries a skiptoken the first request had not: not caught as a loop,
    // but its items come twice. Before, the run went on with duplicated assignments and exit 0.
    const emulator = await emulatorWith(
      [{ route: "roleManagement/directory/roleEligibilityScheduleInstances", kind: "repeatNextLink", times: 1 }],
      { pageSize: 5 },
    );
    const error = await collectionFailure(collectFrom(emulator));
    expect(error.code).toBe("COLLECTION_INCOMPLETE");
    expect(error.toOneLine()).toMatch(/^GET \/roleManagement\/directory\/roleEligibilityScheduleInstances.*twice/);
  });

  it.each([
    ["a number", 42],
    ["an empty string", ""],
    ["an object", { href: "x" }],
    ["null", null],
  ])("fails closed on a nextLink that is %s, instead of taking it for the end of the list", async (_name, value) => {
    const emulator = await emulatorWith(
      [
        {
          route: "roleManagement/directory/roleEligibilityScheduleInstances",
          kind: "malformedNextLink",
          nextLink: value,
        },
      ],
      { pageSize: 5 },
    );
    const error = await collectionFailure(collectFrom(emulator));
    expect(error.code).toBe("COLLECTION_INCOMPLETE");
    expect(error.toOneLine()).toMatch(/^GET \/roleManagement\/directory\/roleEligibilityScheduleInstances.*not a URL/);
  });

  it("refuses a redirect off the Graph endpoint (another port), naming the request, and sends nothing there", async () => {
    const elsewhere = await emulatorWith([]);
    const location = `${elsewhere.baseUrl}/roleManagement/directory/roleDefinitions`;
    const emulator = await emulatorWith([
      { route: "roleManagement/directory/roleDefinitions", kind: "redirect", location },
    ]);
    const error = await collectionFailure(collectFrom(emulator));
    expect(error.code).toBe("GRAPH_REQUEST_FAILED");
    expect(error.toOneLine()).toMatch(
      /^GET \/roleManagement\/directory\/roleDefinitions.*: Graph answered 302, redirecting to https:\/\/127\.0\.0\.1:\d+\/.*the redirect was not followed/,
    );
    expect(elsewhere.requestLog()).toEqual([]);
  });

  it("fails closed on a server error, with Graph's request id for support", async () => {
    const emulator = await emulatorWith([{ route: "groups/{id}/transitiveMembers", kind: "status", status: 500 }]);
    const error = await collectionFailure(collectFrom(emulator));
    expect(error.code).toBe("GRAPH_REQUEST_FAILED");
    expect(error.toOneLine()).toMatch(
      /^GET \/groups\/[0-9a-f-]+\/transitiveMembers\?\$select=id: Graph answered HTTP 500/,
    );
    expect(error.requestIds).toHaveLength(1);
  });

  it("keeps the token out of every error and event", async () => {
    const emulator = await emulatorWith([{ route: "users/{id}", kind: "status", status: 500 }]);
    const token = emulator.mintToken();
    const events: unknown[] = [];
    const error = await collectionFailure(collectFrom(emulator, { token, onProgress: (e) => events.push(e) }));
    const signature = token.split(".")[1] ?? token;
    expect(JSON.stringify({ message: error.toOneLine(), events, error })).not.toContain(signature);
  });
});
