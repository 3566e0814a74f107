// The emulator judges its client: a retry before the Retry-After it gave, and a paging URL it never issued,
// are recorded; a client that waits and follows only the links it was given leaves no record.
import { RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { Agent } from "undici";
import { afterEach, describe, expect, test } from "vitest";
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from "./server.js";
import { graphClient, rawGet } from "./test-utils/graph-client.js";

const now = new Date("2026-11-27T10:30:00Z");
const running: RunningEmulator[] = [];
async function start(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ now, pageSize: 5, ...options });
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});
const bearer = (e: RunningEmulator) => ({ Authorization: `Bearer ${e.mintToken()}` });
const ROLES = "/v1.0/roleManagement/directory/roleDefinitions?$select=id";

function batch(emulator: RunningEmulator, urls: string[]) {
  return fetch(`${emulator.baseUrl}/v1.0/$batch`, {
    method: "POST",
    headers: { ...bearer(emulator), "Content-Type": "application/json" },
    body: JSON.stringify({ requests: urls.map((url, i) => ({ id: String(i), method: "GET", url })) }),
    dispatcher: new Agent({ connect: { ca: emulator.caCertPem } }),
  } as RequestInit).then((r) => r.json() as Promise<{ responses: { id: string; status: number }[] }>);
}

describe("retries before Retry-After", () => {
  test("a retry sent at once after a 429 with Retry-After: 5 is recorded, naming the request", async () => {
    const emulator = await start({
      faults: [
        {
          route: "roleManagement/directory/roleDefinitions",
          kind: "status",
          status: 429,
          retryAfterSeconds: 5,
          times: 1,
        },
      ],
    });
    expect((await rawGet(emulator, ROLES, bearer(emulator))).status).toBe(429);
    expect((await rawGet(emulator, ROLES, bearer(emulator))).status).toBe(200);
    expect(emulator.violations()).toEqual([
      expect.objectContaining({
        kind: "earlyRetry",
        request: `GET ${ROLES}`,
        detail: expect.stringContaining("Retry-After (5)"),
      }),
    ]);
  });

  test("an HTTP-date Retry-After is judged by its instant", async () => {
    const emulator = await start({
      faults: [
        {
          route: "organization",
          kind: "status",
          status: 503,
          retryAfterSeconds: 30,
          retryAfterForm: "http-date",
          times: 1,
        },
      ],
    });
    const first = await rawGet(emulator, "/v1.0/organization", bearer(emulator));
    const header = first.headers.get("retry-after") ?? "";
    expect(header).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(header)).toBeGreaterThan(Date.now() + 25_000);
    await rawGet(emulator, "/v1.0/organization", bearer(emulator));
    expect(emulator.violations().map((v) => v.kind)).toEqual(["earlyRetry"]);
  });

  test("another URL, or another client, is not a retry", async () => {
    const emulator = await start({
      faults: [
        {
          route: "roleManagement/directory/roleDefinitions",
          kind: "status",
          status: 429,
          retryAfterSeconds: 5,
          times: 1,
        },
      ],
    });
    await rawGet(emulator, ROLES, bearer(emulator));
    await rawGet(emulator, `${ROLES},displayName`, bearer(emulator));
    await rawGet(emulator, ROLES, { Authorization: `Bearer ${emulator.mintToken({ appId: "another-app" })}` });
    expect(emulator.violations()).toEqual([]);
  });

  test("inside a $batch: an inner request sent again at once after its inner 429 is recorded", async () => {
    const emulator = await start({
      faults: [{ route: "users/{id}", kind: "batchThrottle", retryAfterSeconds: 5, times: 1 }],
    });
    const first = await batch(emulator, ["/users/bg-01@contoso.com"]);
    expect(first.responses[0]?.status).toBe(429);
    await batch(emulator, ["/users/bg-01@contoso.com"]);
    expect(emulator.violations()).toEqual([
      expect.objectContaining({ kind: "earlyRetry", request: "GET /users/bg-01@contoso.com (in $batch)" }),
    ]);
  });

  test("the Graph SDK's RetryHandler waits Retry-After (seconds form): nothing is recorded", async () => {
    const emulator = await start({
      faults: [
        {
          route: "roleManagement/directory/roleDefinitions",
          kind: "status",
          status: 429,
          retryAfterSeconds: 1,
          times: 2,
        },
      ],
    });
    const page = await graphClient(emulator)
      .api("/roleManagement/directory/roleDefinitions")
      .select("id")
      .middlewareOptions([new RetryHandlerOptions(1, 3)])
      .get();
    expect(page.value).toHaveLength(5);
    expect(emulator.requestLog().map((e) => e.status)).toEqual([429, 429, 200]);
    expect(emulator.violations()).toEqual([]);
  });
});

describe("paging URLs the emulator never issued", () => {
  test("following the nextLinks given (query options in any order) is clean; a forged $skiptoken is recorded", async () => {
    const emulator = await start();
    const first = (await rawGet(emulator, ROLES, bearer(emulator))).body as { "@odata.nextLink": string };
    const next = new URL(first["@odata.nextLink"]);
    await rawGet(emulator, `${next.pathname}${next.search}`, bearer(emulator));
    const reordered = [...next.searchParams.entries()].reverse().map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    await rawGet(emulator, `${next.pathname}?${reordered.join("&")}`, bearer(emulator));
    expect(emulator.violations()).toEqual([]);

    const forged = `${next.pathname}?$select=id&$skiptoken=${encodeURIComponent(next.searchParams.get("$skiptoken")!.replace(/.$/, "x"))}`;
    await rawGet(emulator, forged, bearer(emulator)).catch(() => undefined);
    expect(emulator.violations()).toEqual([
      expect.objectContaining({ kind: "unissuedPagingUrl", request: expect.stringContaining("$skiptoken=") }),
    ]);
  });

  test("clearRequestLog forgets the violations", async () => {
    const emulator = await start();
    await rawGet(emulator, `${ROLES}&$skiptoken=made-up`, bearer(emulator)).catch(() => undefined);
    expect(emulator.violations()).toHaveLength(1);
    emulator.clearRequestLog();
    expect(emulator.violations()).toEqual([]);
  });
});
