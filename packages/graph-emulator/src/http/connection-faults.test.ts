// The fault kinds that hang or mislead a client below JSON: a server that never answers, a body that trickles,
// an HTML page where JSON should be; and the 429/502 statuses a `status` rule can answer.
import { Agent } from "undici";
import { afterEach, describe, expect, test } from "vitest";
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from "../server.js";

const running: RunningEmulator[] = [];
async function start(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const emulator = await startEmulator({ now: new Date("2026-11-27T10:30:00Z"), ...options });
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

function get(emulator: RunningEmulator, path: string, signal?: AbortSignal) {
  return fetch(`${emulator.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${emulator.mintToken()}` },
    ...(signal ? { signal } : {}),
    dispatcher: new Agent({ connect: { ca: emulator.caCertPem } }),
  } as RequestInit);
}

describe("connection faults", () => {
  test("stall: no status line ever comes", async () => {
    const emulator = await start({ faults: [{ route: "organization", kind: "stall" }] });
    const answer = get(emulator, "/v1.0/organization", AbortSignal.timeout(300));
    await expect(answer).rejects.toThrow(/abort|timeout/i);
    expect(emulator.requestLog().at(-1)?.route).toBe("organization");
  });

  test("trickle: headers at once, then the body a byte at a time", async () => {
    const emulator = await start({ faults: [{ route: "organization", kind: "trickle", trickleMs: 50 }] });
    const response = await get(emulator, "/v1.0/organization");
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value?.length).toBe(1);
    await reader.cancel();
  });

  test("html: a captive portal's page with status 200, or a proxy's with another", async () => {
    const emulator = await start({
      faults: [
        { route: "organization", kind: "html" },
        { route: "users", kind: "html", htmlStatus: 502 },
      ],
    });
    const portal = await get(emulator, "/v1.0/organization");
    expect(portal.status).toBe(200);
    expect(portal.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await portal.text()).toMatch(/^<!DOCTYPE html>/);
    const proxy = await get(emulator, "/v1.0/users");
    expect(proxy.status).toBe(502);
  });

  test.each([429, 502] as const)("status %i answers Graph's error body", async (status) => {
    const emulator = await start({ faults: [{ route: "organization", kind: "status", status }] });
    const response = await get(emulator, "/v1.0/organization");
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code: status === 429 ? "TooManyRequests" : "BadGateway" } });
  });
});
