// The pure parts of the retry policy (issue 13, defects 7 and 16): which failures are retried, for how long,
// and the bounds that end a request at once instead of waiting for nothing.
import type { Client } from "@microsoft/microsoft-graph-client";
import { CollectionError } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import type { ProgressEvent } from "../progress.js";
import { type BatchRequest, sendBatch } from "./batch.js";
import {
  type BackOff,
  classifyNetworkFailure,
  DEFAULT_RETRY,
  deadlinesFrom,
  GraphSession,
  retryAfterMs,
  retryCauseOfStatus,
} from "./session.js";

function session(options: { budget?: number; collectionTimeoutSeconds?: number } = {}) {
  const events: ProgressEvent[] = [];
  const s = new GraphSession({
    client: {} as Client,
    baseUrl: "https://graph.example/v1.0",
    retry: { ...DEFAULT_RETRY, budget: options.budget ?? 60, throttleDelaySeconds: 0 },
    onProgress: (e) => events.push(e),
    concurrency: 1,
    deadlines: deadlinesFrom(100, options.collectionTimeoutSeconds ?? 3600),
  });
  s.backoffMs = () => 0;
  return { s, events };
}

const step = (over: Partial<BackOff>): BackOff => ({
  collection: "roleAssignments",
  request: "GET /roleManagement/directory/roleAssignments",
  reason: "HTTP 503",
  cause: "throttled",
  attempt: 1,
  waitMs: 0,
  retryAfter: false,
  waitedMs: 0,
  fail: (why) => new CollectionError("GRAPH_REQUEST_FAILED", `Graph answered HTTP 503; ${why}.`),
  ...over,
});

describe("which failures are retried", () => {
  it("retries 429/503/504 as throttling and 500/502 as transient errors, nothing else", () => {
    expect([429, 503, 504].map(retryCauseOfStatus)).toEqual(["throttled", "throttled", "throttled"]);
    expect([500, 502].map(retryCauseOfStatus)).toEqual(["transient", "transient"]);
    expect([400, 401, 403, 404, 501, 505].map(retryCauseOfStatus)).toEqual([null, null, null, null, null, null]);
  });

  it("reads Retry-After in seconds or as an HTTP date, and nothing else", () => {
    expect(retryAfterMs("3600")).toBe(3_600_000);
    expect(retryAfterMs("0")).toBe(0);
    const now = Date.parse("2026-11-27T12:00:00Z");
    expect(retryAfterMs("Fri, 27 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect([retryAfterMs(null), retryAfterMs("soon"), retryAfterMs("-5"), retryAfterMs("1.5")]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it("ends at once, with the real reason, on a port fetch refuses (not 60 retries of UNKNOWN)", () => {
    const verdict = classifyNetworkFailure("UNKNOWN", "bad port", true);
    expect(verdict.retry).toBe(false);
    if (verdict.retry) return;
    expect(verdict.error("GET /organization").toOneLine()).toMatch(
      /^GET \/organization: the Graph endpoint's port is one fetch refuses to connect to \(bad port\)\. Check the port in --graph-endpoint/,
    );
  });

  it("ends at once on an unknown host, a bad certificate, or a failure it does not know", () => {
    for (const [code, detail] of [
      ["ENOTFOUND", "getaddrinfo ENOTFOUND graph.example"],
      ["SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"],
      ["ERR_INVALID_URL", "Invalid URL"],
      ["UNKNOWN", "something new"],
    ] as const) {
      expect(classifyNetworkFailure(code, detail, true).retry, code).toBe(false);
    }
    const unknown = classifyNetworkFailure("UNKNOWN", "something new", true);
    expect(!unknown.retry && unknown.error("GET /x").message).toContain("(something new)");
  });

  it("retries a reset, a cut body, a timeout; a refused connection only once something has answered", () => {
    for (const code of ["ECONNRESET", "UND_ERR_SOCKET", "TERMINATED", "ETIMEDOUT", "EAI_AGAIN"]) {
      expect(classifyNetworkFailure(code, "", false).retry, code).toBe(true);
    }
    expect(classifyNetworkFailure("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9", false).retry).toBe(false);
    expect(classifyNetworkFailure("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9", true).retry).toBe(true);
  });
});

describe("retry bounds", () => {
  it("retries a 503 without Retry-After 5 times, and with Retry-After up to 10", async () => {
    const { s } = session();
    await expect(s.backOff(step({ attempt: 5 }))).resolves.toBe(0);
    await expect(s.backOff(step({ attempt: 6 }))).rejects.toThrow(
      "Graph answered HTTP 503; still failing after 5 retries.",
    );
    await expect(s.backOff(step({ attempt: 10, retryAfter: true }))).resolves.toBe(0);
    await expect(s.backOff(step({ attempt: 11, retryAfter: true }))).rejects.toThrow("still failing after 10 retries");
  });

  it("retries a 500/502 twice", async () => {
    const { s } = session();
    await expect(s.backOff(step({ cause: "transient", attempt: 2 }))).resolves.toBe(0);
    await expect(s.backOff(step({ cause: "transient", attempt: 3 }))).rejects.toThrow("still failing after 2 retries");
  });

  it("fails at once on a Retry-After longer than what is left of the collection, naming it", async () => {
    const { s, events } = session({ collectionTimeoutSeconds: 20 });
    await expect(s.backOff(step({ waitMs: 3_600_000, retryAfter: true }))).rejects.toThrow(
      /Graph answered HTTP 503; Retry-After 3600 s (would pass --collection-timeout 20 s|is more than)/,
    );
    expect(events).toEqual([]);
  });

  it("bounds the wait of one request to 300 s in all, whatever Retry-After says", async () => {
    const { s } = session();
    await expect(s.backOff(step({ waitMs: 20_000, waitedMs: 290_000, retryAfter: true }))).rejects.toThrow(
      "Retry-After 20 s is more than the 10 s left of the 300 s one request may wait",
    );
  });

  it("fails when the run's retry budget is spent", async () => {
    const { s } = session({ budget: 1 });
    await s.backOff(step({}));
    await expect(s.backOff(step({}))).rejects.toThrow("the retry budget was spent (1 retries in this run)");
  });

  it("reports each retry with its number, its most and its wait", async () => {
    const { s, events } = session();
    await s.backOff(step({ attempt: 2, waitMs: 10, retryAfter: true }));
    expect(events).toEqual([
      expect.objectContaining({ kind: "retry", reason: "HTTP 503", attempt: 2, maxAttempts: 10, waitSeconds: 0.01 }),
    ]);
  });
});

describe("$batch answers that are not whole", () => {
  const requests: BatchRequest[] = [
    { id: "1", url: "/users/a?$select=id" },
    { id: "2", url: "/users/b?$select=id" },
  ];

  it("names the inner requests a $batch answer left out, instead of calling them throttled", async () => {
    const { s, events } = session();
    s.json = async () => ({ responses: [{ id: "1", status: 200, body: { id: "a" } }] });
    const error = await sendBatch(s, requests, "principals").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectionError);
    expect((error as CollectionError).toOneLine()).toMatch(
      /^POST \/\$batch \(principals\): Graph's \$batch answer had no response for inner request id 2 \(GET \/users\/b\?\$select=id\); still failing after 5 retries\./,
    );
    expect((error as CollectionError).toOneLine()).not.toContain("throttled");
    expect(events[0]).toMatchObject({ reason: "1 inner request had no answer" });
  });

  it("calls a non-numeric inner status a malformed answer, naming the inner request (not 'HTTP 0')", async () => {
    const { s } = session();
    s.json = async () => ({
      responses: [
        { id: "1", status: 200, body: {} },
        { id: "2", status: "OK", body: {} },
      ],
    });
    const error = await sendBatch(s, requests, "principals").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectionError);
    expect((error as CollectionError).toOneLine()).toMatch(
      /^POST \/\$batch \(principals\): Graph's \$batch answer was malformed: inner request id 2 \(GET \/users\/b\?\$select=id\) has the status "OK", not an HTTP status\./,
    );
  });
});
