// collectFromGraph's options end to end: cloud scope, activity window, endpoint checks, cancellation.

import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { CollectionError, InputError } from "@pim-audit/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProgressEvent } from "../src/progress.js";
import { collectFrom, DEMO_NOW } from "../src/test-utils/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ tenant: "demo", now: DEMO_NOW });
});
afterAll(async () => {
  await emulator?.stop();
});

describe("collectFromGraph options", () => {
  it("asks the credential for the scope of the chosen cloud", async () => {
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: async (scope): Promise<AccessToken> => {
        scopes.push(...[scope].flat());
        return { token: emulator.mintToken(), expiresOnTimestamp: DEMO_NOW.getTime() + 3_600_000 };
      },
    };
    const { snapshot } = await collectFrom(emulator, { cloud: "usgov", credential });
    expect(new Set(scopes)).toEqual(new Set(["https://graph.microsoft.us/.default"]));
    expect(snapshot.tenant.cloud).toBe("usgov");
  });

  it("turns a credential that cannot sign in into one AUTH_FAILED line naming what to check", async () => {
    const credential: TokenCredential = {
      getToken: async () => {
        throw new Error("AADSTS7000215: Invalid client secret provided.\nTrace ID: 1234");
      },
    };
    emulator.clearRequestLog();
    const error = await collectFrom(emulator, { auth: "secret", credential }).catch((e) => e);
    expect(error).toBeInstanceOf(CollectionError);
    expect(error.code).toBe("AUTH_FAILED");
    expect(error.toOneLine()).toBe(
      "--auth secret could not get a token for https://graph.microsoft.com/.default: AADSTS7000215: Invalid client secret provided. Check AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and --cloud.",
    );
    expect(emulator.requestLog()).toHaveLength(0);
  });

  it("reads activation history for the days asked", async () => {
    const { snapshot } = await collectFrom(emulator, { activityDays: 15 });
    expect(snapshot.activityDays).toBe(15);
    const since = DEMO_NOW.getTime() - 15 * 86_400_000;
    expect(snapshot.activations.length).toBeGreaterThan(0);
    expect(snapshot.activations.every((a) => Date.parse(a.activatedAt) >= since)).toBe(true);
    expect(snapshot.activationHistory.coversFrom).toBe(new Date(since).toISOString());
    const request = emulator.requestLog().findLast((e) => e.route === "auditLogs/directoryAudits");
    expect(decodeURIComponent(request?.path ?? "")).toContain(`activityDateTime ge ${new Date(since).toISOString()}`);
  });

  it("refuses a Graph endpoint that is not https, as bad input", async () => {
    const error = await collectFrom(emulator, { graphEndpoint: emulator.baseUrl.replace("https:", "http:") }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.toOneLine()).toMatch(/^--graph-endpoint http:\/\/127\.0\.0\.1:\d+ must use https:\/\//);
  });

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(collectFrom(emulator, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it("fails at once, naming the endpoint, when nothing has ever answered there", async () => {
    const closed = createServer();
    await new Promise<void>((resolveListen) => closed.listen(0, "127.0.0.1", resolveListen));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolveClose) => closed.close(resolveClose));
    const error = await collectFrom(emulator, { graphEndpoint: `https://127.0.0.1:${port}` }).catch((e) => e);
    expect(error).toBeInstanceOf(CollectionError);
    expect(error.code).toBe("NETWORK_UNREACHABLE");
    expect(error.toOneLine()).toMatch(
      /nothing answers at the Graph endpoint \(ECONNREFUSED\)\. Check --graph-endpoint/,
    );
    // No retry budget was spent on a connection that was never there.
    expect(error.toOneLine()).not.toContain("retry budget");
  });

  it("stops every other request once one collection has failed, so the error ends the run", async () => {
    const events: ProgressEvent[] = [];
    const error = await collectFrom(emulator, { token: "not-a-jwt", onProgress: (e) => events.push(e) }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(CollectionError);
    const atFailure = events.length;
    await new Promise((r) => setTimeout(r, 1_000));
    // Without the stop, the other collections go on retrying on a closed client for their whole budget.
    expect(events.slice(atFailure).filter((e) => e.kind === "retry")).toEqual([]);
    expect(events.filter((e) => e.kind === "retry")).toEqual([]);
  });
});
