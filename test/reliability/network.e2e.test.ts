// Issue 13, defects 6, 7, 13 (the collector's messages) and 16, through the built CLI: a Graph that never
// answers, trickles, throttles without end, asks for an hour's wait, fails for a moment with 500/502, answers
// with a portal's page, or sits on a port fetch refuses. Each case ends within its bounds: the clean snapshot,
// or exit 3 with one line naming the request. Short deadlines are passed by flag, so no case waits long.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FaultRule, type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { afterAll, describe, expect, it } from "vitest";
import { type CliResult, FIXED_AT, pimAudit, tempDir } from "../support/cli.js";

const DEFINITIONS = "roleManagement/directory/roleDefinitions";
const running: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop()));
});

async function emulatorWith(faults: FaultRule[]): Promise<RunningEmulator> {
  const emulator = await startEmulator({ tenant: "demo", now: new Date(FIXED_AT), seed: 13, faults });
  running.push(emulator);
  return emulator;
}

/** `pim-audit collect` from the emulator into a snapshot file; returns the result and the file. */
async function collect(
  emulator: RunningEmulator,
  extra: string[] = [],
  endpoint = emulator.baseUrl,
): Promise<CliResult & { file: string }> {
  const dir = tempDir();
  const ca = join(dir, "ca.pem");
  writeFileSync(ca, emulator.caCertPem);
  const file = join(dir, "snapshot.json");
  const result = await pimAudit(
    [
      "collect",
      "--auth",
      "token",
      "--graph-endpoint",
      endpoint,
      "--ca-file",
      ca,
      "--tenant",
      emulator.tenantId,
      "--at",
      FIXED_AT,
      "--out",
      file,
      ...extra,
    ],
    { env: { PIM_AUDIT_ACCESS_TOKEN: emulator.mintToken(), CI: "1" } },
  );
  return { ...result, file };
}

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("pim-audit: error"));
const sent = (emulator: RunningEmulator, route: string) =>
  emulator.requestLog().filter((e) => e.route === route && !e.inBatch).length;

/** Exit 3 with exactly one error line, naming the role definitions request, that matches `pattern`. */
function expectNamedFailure(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(3);
  const errors = errorLines(result.stderr);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/GET \/roleManagement\/directory\/roleDefinitions\?\$select=[\w,]+: /);
  expect(errors[0]).toMatch(pattern);
  expect(errors[0]).not.toMatch(/eyJ|Bearer/);
}

describe("deadlines: --request-timeout and --collection-timeout", () => {
  it("a Graph that never starts its answer: exit 3 naming the request after two more tries", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "stall" }]);
    const result = await collect(emulator, ["--request-timeout", "1", "--collection-timeout", "20"]);
    expectNamedFailure(result, /no complete answer within --request-timeout 1 s; still failing after 2 retries/);
    expect(sent(emulator, DEFINITIONS)).toBe(3);
  });

  it("a body trickling one byte every 2 s: exit 3, the deadline covers the whole body", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "trickle", trickleMs: 2000 }]);
    const result = await collect(emulator, ["--request-timeout", "1", "--collection-timeout", "20"]);
    expectNamedFailure(result, /no complete answer within --request-timeout 1 s/);
  });

  it("the whole collection outlasting --collection-timeout: exit 3 naming the request still open", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "stall" }]);
    const result = await collect(emulator, ["--request-timeout", "60", "--collection-timeout", "3"]);
    expectNamedFailure(result, /did not finish within --collection-timeout 3 s/);
    expect(sent(emulator, DEFINITIONS)).toBe(1);
  });

  it("the deadlines can come from the config file", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "stall" }]);
    const dir = tempDir();
    const config = join(dir, "pim-audit.config.yaml");
    writeFileSync(config, "requestTimeout: 60\ncollectionTimeout: 2\n");
    const result = await collect(emulator, ["--config", config]);
    expectNamedFailure(result, /did not finish within --collection-timeout 2 s/);
  });

  it("a bad --request-timeout is bad input, exit 2 naming the flag", async () => {
    const emulator = await emulatorWith([]);
    const result = await collect(emulator, ["--request-timeout", "0"]);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)[0]).toContain(
      "--request-timeout: '0' is not a whole number of seconds from 1 to 3600.",
    );
  });
});

describe("retries: bounded, and each one says how long it waits", () => {
  it("a 503 without Retry-After that never ends: exit 3 within the bound, each wait printed", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "status", status: 503 }]);
    const result = await collect(emulator, ["--collection-timeout", "8"]);
    expectNamedFailure(
      result,
      /Graph answered HTTP 503 .*the next try in [\d.]+ s would pass --collection-timeout 8 s/,
    );
    expect(result.stderr).toMatch(
      /roleDefinitions: GET \/roleManagement\/directory\/roleDefinitions\?\$select=[\w,]+: HTTP 503, retry 1 of 5 in [3-4](\.\d)? s/,
    );
  });

  it("Retry-After: 3600: exit 3 at once naming the request and the Retry-After, no early retry", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "status", status: 429, retryAfterSeconds: 3600 }]);
    const result = await collect(emulator);
    expectNamedFailure(result, /Graph answered HTTP 429 .*Retry-After 3600 s is more than/);
    expect(sent(emulator, DEFINITIONS)).toBe(1);
  });

  it("500 and 502 a few times, then OK: exit 0 and a snapshot identical to the clean run", async () => {
    const emulator = await emulatorWith([
      { route: DEFINITIONS, kind: "status", status: 500, times: 2 },
      { route: "roleManagement/directory/roleAssignments", kind: "status", status: 502, times: 2 },
      { route: "users/{id}", kind: "status", status: 502, times: 1 },
    ]);
    const faulted = await collect(emulator);
    expect(faulted.code, faulted.stderr).toBe(0);
    expect(faulted.stderr).toMatch(/HTTP 500, retry 2 of 2 in/);
    expect(faulted.stderr).toMatch(/HTTP 502, retry 1 of 2 in/);
    // The faults have all fired: the same emulator now answers cleanly, at the same endpoint.
    const clean = await collect(emulator);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).not.toMatch(/retry/);
    expect(readFileSync(faulted.file, "utf8")).toBe(readFileSync(clean.file, "utf8"));
  });
});

describe("answers that are not Graph's", () => {
  it("an HTML page with status 200: exit 3 saying it is not JSON, naming the host, not 'cut short'", async () => {
    const emulator = await emulatorWith([{ route: DEFINITIONS, kind: "html" }]);
    const result = await collect(emulator);
    expectNamedFailure(
      result,
      /the answer is not JSON but an HTML page \(HTTP 200\) from 127\.0\.0\.1:\d+, probably from a proxy or captive portal/,
    );
    expect(result.stderr).not.toContain("cut short");
  });

  it("an endpoint on a port fetch refuses (:1): exit 3 at once with the real reason", async () => {
    const emulator = await emulatorWith([]);
    const result = await collect(emulator, [], "https://127.0.0.1:1");
    expect(result.code, result.stderr).toBe(3);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/the Graph endpoint's port is one fetch refuses to connect to \(bad port\)/);
    expect(result.stderr).not.toMatch(/retry|UNKNOWN/);
  });
});
