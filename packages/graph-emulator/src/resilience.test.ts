// Throttling and faults as a client meets them, driven through @microsoft/microsoft-graph-client
// where its RetryHandler is what is being shown, and through raw HTTPS where the bytes matter.
import { type GraphError, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { Agent } from "undici";
import { afterEach, describe, expect, test } from "vitest";
import type { FaultRule } from "./http/faults.js";
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from "./server.js";
import { graphClient, rawGet } from "./test-utils/graph-client.js";

const now = new Date("2026-11-27T10:30:00Z");
const running: RunningEmulator[] = [];
async function start(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const emulator = await startEmulator({ now, ...options });
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

const bearer = (e: RunningEmulator) => ({ Authorization: `Bearer ${e.mintToken()}` });
const ROLE_DEFINITIONS = "/v1.0/roleManagement/directory/roleDefinitions?$top=5";

describe("throttling", () => {
  test("a 429 with Retry-After is retried by the Graph client's RetryHandler", async () => {
    // The demo tenant is small (S: 3,500 units per 10 s); this scale leaves 10, refilling 1 per second.
    // Requests go out in bursts, not one after another, so that a slow machine cannot refill the
    // bucket between them: 16 requests against 10 units need six seconds of refill to all pass.
    const emulator = await start({ throttle: { scale: 10 / 3500 } });
    const burst = await Promise.all(
      Array.from({ length: 16 }, () => rawGet(emulator, ROLE_DEFINITIONS, bearer(emulator))),
    );
    const throttled = burst.find((r) => r.status === 429);
    expect(throttled?.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(throttled?.headers.get("x-ms-throttle-scope")).toMatch(
      /^Tenant_Application\/ReadWrite\/[0-9a-f-]+\/4a1c5e38-/,
    );
    expect(throttled?.body).toMatchObject({ error: { code: "TooManyRequests" } });

    // Four requests against an empty bucket: the client waits Retry-After and tries again, up to ten
    // times each, until all four have their page.
    emulator.clearRequestLog();
    const client = graphClient(emulator);
    const pages = await Promise.all(
      Array.from({ length: 4 }, () =>
        client
          .api("/roleManagement/directory/roleDefinitions")
          .top(5)
          .middlewareOptions([new RetryHandlerOptions(1, 10)])
          .get(),
      ),
    );
    for (const page of pages) expect(page.value).toHaveLength(5);
    const statuses = emulator.requestLog().map((e) => e.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
  });

  test("the same sequence of requests is throttled at the same places", async () => {
    const run = async () => {
      const emulator = await start({ throttle: { scale: 6 / 3500 } });
      const paths = [
        "/v1.0/users?$top=5",
        ROLE_DEFINITIONS,
        "/v1.0/groups/xxx/transitiveMembers",
        "/v1.0/organization",
      ];
      for (let i = 0; i < 8; i++) await rawGet(emulator, paths[i % paths.length]!, bearer(emulator));
      return emulator.requestLog().map((e) => `${e.route}:${e.status}:${e.resourceUnits}`);
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.some((s) => s.includes(":429:"))).toBe(true);
  });
});

describe("signInActivity, throttled as the identity and access reports service", () => {
  // throttling-limits.md: 5 requests per 10 s per app per tenant, and GET signInActivity 10 per minute.
  test("the sixth read within 10 s is refused, by id or as a list; reads without it are not", async () => {
    const emulator = await start({ tenant: { seed: 3, now, users: 1200 } });
    const ids = (await rawGet(emulator, "/v1.0/users?$select=id&$top=6", bearer(emulator))).body as {
      value: { id: string }[];
    };
    const reads = await Promise.all(
      ids.value.map((u) => rawGet(emulator, `/v1.0/users/${u.id}?$select=id,signInActivity`, bearer(emulator))),
    );
    expect(reads.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
    const throttled = reads.find((r) => r.status === 429)!;
    expect(throttled.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(throttled.headers.get("x-ms-throttle-scope")).toMatch(/^Tenant_Application\/Read\//);
    expect((await rawGet(emulator, "/v1.0/users?$select=id,signInActivity", bearer(emulator))).status).toBe(429);
    const plain = await rawGet(emulator, `/v1.0/users/${ids.value[0]!.id}?$select=id,accountEnabled`, bearer(emulator));
    expect(plain.status).toBe(200);
  });

  test("a list with signInActivity pages 500 users at most (user-list.md)", async () => {
    const emulator = await start({ tenant: { seed: 3, now, users: 1200 } });
    const page = await rawGet(emulator, "/v1.0/users?$select=id,signInActivity&$top=999", bearer(emulator));
    const body = page.body as { value: { signInActivity: Record<string, unknown> }[]; "@odata.nextLink"?: string };
    expect(body.value).toHaveLength(500);
    expect(body["@odata.nextLink"]).toBeDefined();
    expect(Object.keys(body.value[0]!.signInActivity)).toContain("lastSuccessfulSignInDateTime");
  });
});

describe("fault injection", () => {
  test("503 with Retry-After is retried by the client; 500 surfaces with its code", async () => {
    const faults: FaultRule[] = [
      {
        route: "roleManagement/directory/roleDefinitions",
        kind: "status",
        status: 503,
        retryAfterSeconds: 1,
        times: 1,
      },
      { route: "organization", kind: "status", status: 500 },
    ];
    const emulator = await start({ faults });
    const client = graphClient(emulator);
    const page = await client.api("/roleManagement/directory/roleDefinitions").top(5).get();
    expect(page.value).toHaveLength(5);
    expect(emulator.requestLog().map((e) => e.status)).toEqual([503, 200]);
    const error = (await client
      .api("/organization")
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(error.statusCode).toBe(500);
    expect(error.code).toBe("generalException");
  });

  test("504 without Retry-After carries no Retry-After header", async () => {
    const emulator = await start({ faults: [{ route: "users", kind: "status", status: 504 }] });
    const response = await rawGet(emulator, "/v1.0/users", bearer(emulator));
    expect(response.status).toBe(504);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(response.body).toMatchObject({ error: { code: "gatewayTimeout" } });
  });

  test("a connection reset and a truncated body fail the read", async () => {
    const emulator = await start({
      faults: [
        { route: "users", kind: "reset" },
        { route: "organization", kind: "truncate" },
      ],
    });
    await expect(rawGet(emulator, "/v1.0/users", bearer(emulator))).rejects.toThrow();
    await expect(rawGet(emulator, "/v1.0/organization", bearer(emulator))).rejects.toThrow();
  });

  test("a repeating nextLink points back at the page just served", async () => {
    const emulator = await start({
      faults: [{ route: "roleManagement/directory/roleDefinitions", kind: "repeatNextLink", skip: 1 }],
    });
    const first = (await rawGet(emulator, ROLE_DEFINITIONS, bearer(emulator))).body as { "@odata.nextLink": string };
    const secondPath = first["@odata.nextLink"].replace(emulator.baseUrl, "");
    const second = (await rawGet(emulator, secondPath, bearer(emulator))).body as { "@odata.nextLink": string };
    expect(second["@odata.nextLink"]).toBe(first["@odata.nextLink"]);
  });

  test("429 inside a $batch answer, with Retry-After on the inner response", async () => {
    const emulator = await start({
      faults: [{ route: "users/{id}", kind: "batchThrottle", retryAfterSeconds: 2, skip: 1 }],
    });
    const response = await fetch(`${emulator.baseUrl}/v1.0/$batch`, {
      method: "POST",
      headers: { ...bearer(emulator), "Content-Type": "application/json" },
      body: JSON.stringify({
        requests: [
          { id: "a", method: "GET", url: "/users/bg-01@contoso.com" },
          { id: "b", method: "GET", url: "/users/bg-02@contoso.com" },
        ],
      }),
      dispatcher: new Agent({ connect: { ca: emulator.caCertPem } }),
    } as RequestInit);
    expect(response.status).toBe(200);
    const { responses } = (await response.json()) as {
      responses: { id: string; status: number; headers: Record<string, string> }[];
    };
    const byId = Object.fromEntries(responses.map((r) => [r.id, r]));
    expect(byId.a!.status).toBe(200);
    expect(byId.b!.status).toBe(429);
    expect(byId.b!.headers["Retry-After"]).toBe("2");
  });

  test("faults at a probability fall on the same requests under the same seed", async () => {
    const run = async (seed: number) => {
      const emulator = await start({ seed, faults: [{ route: "*", kind: "status", status: 503, probability: 0.4 }] });
      for (let i = 0; i < 16; i++)
        await rawGet(emulator, i % 2 ? "/v1.0/organization" : "/v1.0/users?$top=3", bearer(emulator));
      return emulator.requestLog().map((e) => e.status);
    };
    const first = await run(3);
    expect(await run(3)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run(4)).not.toEqual(first);
  });
});

describe("fault kinds a proxy or a slow network shows", () => {
  const raw = (emulator: RunningEmulator, path: string, init: RequestInit = {}) =>
    fetch(`${emulator.baseUrl}${path}`, {
      ...init,
      headers: { ...bearer(emulator), ...(init.headers as Record<string, string> | undefined) },
      dispatcher: new Agent({ connect: { ca: emulator.caCertPem } }),
    } as RequestInit);

  test("html: an HTML page with its status, not Graph's JSON", async () => {
    const emulator = await start({ faults: [{ route: "organization", kind: "html", htmlStatus: 502 }] });
    const response = await raw(emulator, "/v1.0/organization");
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/^<!DOCTYPE html>[\s\S]*502 Bad Gateway/);
  });

  test("status 429 and 502 answer Graph's codes; 429 with the Retry-After given", async () => {
    const emulator = await start({
      faults: [
        { route: "organization", kind: "status", status: 429, retryAfterSeconds: 3 },
        { route: "users", kind: "status", status: 502 },
      ],
    });
    const throttled = await rawGet(emulator, "/v1.0/organization", bearer(emulator));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(throttled.body).toMatchObject({
      error: { code: "TooManyRequests", innerError: { "request-id": expect.any(String) } },
    });
    const gateway = await rawGet(emulator, "/v1.0/users", bearer(emulator));
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get("retry-after")).toBeNull();
  });

  test("stall: no status line ever comes; the client's own deadline ends the wait", async () => {
    const emulator = await start({ faults: [{ route: "organization", kind: "stall" }] });
    await expect(raw(emulator, "/v1.0/organization", { signal: AbortSignal.timeout(300) })).rejects.toThrow(
      /aborted|timeout/i,
    );
    expect((await rawGet(emulator, "/v1.0/users?$top=1", bearer(emulator))).status).toBe(200);
  });

  test("trickle: the whole body arrives, a byte at a time", async () => {
    const emulator = await start({ faults: [{ route: "organization", kind: "trickle", trickleMs: 1, times: 1 }] });
    const slow = await raw(emulator, "/v1.0/organization");
    const slowText = await slow.text();
    const fast = await raw(emulator, "/v1.0/organization");
    expect(slowText).toBe(await fast.text());
  });

  test("faults on the $batch request itself: a 503, then a cut body", async () => {
    const emulator = await start({
      faults: [
        { route: "$batch", kind: "status", status: 503, retryAfterSeconds: 1, times: 1 },
        { route: "$batch", kind: "truncate", skip: 1, times: 1 },
      ],
    });
    const post = () =>
      raw(emulator, "/v1.0/$batch", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ requests: [{ id: "1", method: "GET", url: "/organization" }] }),
      });
    const unavailable = await post();
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("1");
    await expect(post().then((r) => r.text())).rejects.toThrow();
    expect((await post()).status).toBe(200);
  });
});

test("routePageSizes pages one route apart from the others", async () => {
  const emulator = await start({ pageSize: 4, routePageSizes: { "roleManagement/directory/roleDefinitions": 2 } });
  const roles = (await rawGet(emulator, "/v1.0/roleManagement/directory/roleDefinitions", bearer(emulator))).body;
  const users = (await rawGet(emulator, "/v1.0/users", bearer(emulator))).body;
  expect((roles as { value: unknown[] }).value).toHaveLength(2);
  expect((users as { value: unknown[] }).value).toHaveLength(4);
});
