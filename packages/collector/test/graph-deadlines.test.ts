// Issue 13, defects 6, 7, 13 and 16 over real HTTPS: a Graph that never answers, trickles, throttles without
// end, asks for an hour's wait, fails with 500/502 for a moment, answers with a portal's page, or sits on a
// port fetch refuses. Each ends in the clean snapshot or in exit 3 naming the request, within its bounds.
import { type FaultRule, type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { type Snapshot, stableJson } from "@pim-audit/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProgressEvent } from "../src/progress.js";
import { collectFrom, collectionFailure, DEMO_NOW } from "../src/test-utils/emulator.js";

const DEFINITIONS = "roleManagement/directory/roleDefinitions";
let baseline: Snapshot;
const running: RunningEmulator[] = [];

async function emulatorWith(faults: FaultRule[]) {
  const emulator = await startEmulator({ tenant: "demo", now: DEMO_NOW, seed: 7, faults });
  running.push(emulator);
  return emulator;
}
const comparable = (snapshot: Snapshot) => stableJson({ ...snapshot, source: { ...snapshot.source, endpoint: null } });
const sent = (emulator: RunningEmulator, route: string) =>
  emulator.requestLog().filter((e) => e.route === route && !e.inBatch).length;

beforeAll(async () => {
  ({ snapshot: baseline } = await collectFrom(await emulatorWith([])));
});
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop()));
});

describe("deadlines (defect 6)", () => {
  it("ends a request whose answer never starts, naming it, after two more tries", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "stall" }]);
    const events: ProgressEvent[] = [];
    const error = await collectionFailure(
      collectFrom(emulator, { requestTimeoutSeconds: 1, onProgress: (e) => events.push(e) }),
    );
    expect(error.exitCode).toBe(3);
    expect(error.toOneLine()).toMatch(
      /^GET \/roleManagement\/directory\/roleDefinitions\?\$select=[\w,]+: no complete answer within --request-timeout 1 s; still failing after 2 retries\./,
    );
    expect(sent(emulator, DEFINITIONS)).toBe(3);
    expect(events.filter((e) => e.kind === "retry").map((e) => e.kind === "retry" && e.reason)).toEqual([
      "no complete answer within --request-timeout 1 s",
      "no complete answer within --request-timeout 1 s",
    ]);
  });

  it("ends a body that trickles one byte a second: the deadline covers the whole body", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "trickle", trickleMs: 1000 }]);
    const error = await collectionFailure(collectFrom(emulator, { requestTimeoutSeconds: 1 }));
    expect(error.toOneLine()).toMatch(/^GET \/roleManagement\/directory\/roleDefinitions\?\$select=[\w,]+: no complete answer within/);
  });

  it("ends the whole collection at --collection-timeout, naming a request still open", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "stall" }]);
    const error = await collectionFailure(
      collectFrom(emulator, { requestTimeoutSeconds: 100, collectionTimeoutSeconds: 2 }),
    );
    expect(error.toOneLine()).toMatch(
      /^GET \/roleManagement\/directory\/roleDefinitions\?\$select=[\w,]+: the Graph collection did not finish within --collection-timeout 2 s\. Raise --collection-timeout/,
    );
    // The try was cut at the collection's deadline, not retried past it.
    expect(sent(emulator, DEFINITIONS)).toBe(1);
  });
});

describe("retries (defect 7)", () => {
  it("fails at once on a Retry-After longer than the bounds, naming it, without retrying early", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "status", status: 503, retryAfterSeconds: 3600 }]);
    const error = await collectionFailure(collectFrom(emulator));
    expect(error.toOneLine()).toMatch(
      /^GET \/roleManagement\/directory\/roleDefinitions\?\$select=[\w,]+: Graph answered HTTP 503 \(serviceNotAvailable: .*\); Retry-After 3600 s is more than the 300 s left of the 300 s one request may wait\./,
    );
    expect(sent(emulator, DEFINITIONS)).toBe(1);
  });

  it("gives up on a 429 that keeps coming with Retry-After after 10 retries, naming the request", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "status", status: 429, retryAfterSeconds: 0 }]);
    const error = await collectionFailure(collectFrom(emulator));
    expect(error.toOneLine()).toMatch(
      /^GET \/roleManagement\/directory\/roleDefinitions\?\$select=[\w,]+: Graph answered HTTP 429 \(TooManyRequests: Too many requests\); still failing after 10 retries\./,
    );
    expect(sent(emulator, DEFINITIONS)).toBe(11);
  });

  it.each([500, 502] as const)("retries HTTP %i twice, as a transient error, to the same snapshot", async (status) => {
    const emulator = await emulatorWith([
      { route: DEFINITIONS, kind: "status", status, times: 2 },
      { route: "roleManagement/directory/roleAssignments", kind: "status", status, times: 1 },
    ]);
    const { snapshot, events } = await collectFrom(emulator);
    expect(comparable(snapshot)).toBe(comparable(baseline));
    expect(events.filter((e) => e.kind === "retry" && e.reason === `HTTP ${status}`)).toHaveLength(3);
  });

  it("retries 500 inside a $batch too", async () => {
    const emulator = await emulatorWith([{ route: "users/{id}", kind: "status", status: 500, times: 1 }]);
    const { snapshot } = await collectFrom(emulator);
    expect(comparable(snapshot)).toBe(comparable(baseline));
  });
});

describe("answers that are not Graph's (defects 13 and 16)", () => {
  it("calls an HTML page with status 200 what it is, naming the request and the host, without retrying", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "html" }]);
    const events: ProgressEvent[] = [];
    const error = await collectionFailure(collectFrom(emulator, { onProgress: (e) => events.push(e) }));
    const host = new URL(emulator.baseUrl).host;
    expect(error.toOneLine()).toBe(
      `GET /roleManagement/directory/roleDefinitions?$select=id,displayName,templateId,isBuiltIn,rolePermissions: the answer is not JSON but an HTML page (HTTP 200) from ${host}, probably from a proxy or captive portal, not from Graph. Check --graph-endpoint and the proxy settings (HTTPS_PROXY, NO_PROXY); sign in to the network if it asks.`,
    );
    expect(error.toOneLine()).not.toContain("cut short");
    expect(sent(emulator, DEFINITIONS)).toBe(1);
  });

  it("fails at once with the real reason on a port fetch refuses", async () => {
    const emulator = await emulatorWith([]);
    const events: ProgressEvent[] = [];
    const error = await collectionFailure(
      collectFrom(emulator, { graphEndpoint: "https://127.0.0.1:1", onProgress: (e) => events.push(e) }),
    );
    expect(error.code).toBe("NETWORK_UNREACHABLE");
    expect(error.toOneLine()).toMatch(/: the Graph endpoint's port is one fetch refuses to connect to \(bad port\)\./);
    expect(events.filter((e) => e.kind === "retry")).toEqual([]);
  });
});
