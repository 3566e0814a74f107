// One Graph request at a time, done right: a deadline on every try (headers and body), retries for throttling
// (429/503/504, honouring Retry-After), transient server errors (500/502), resets, truncated bodies and timeouts,
// each bounded per request, per run (one retry budget) and by the collection's deadline; and a failure that
// cannot get better (a refused port, a bad certificate, an unknown host, a captive portal) ends at once.
import { setTimeout as delay } from "node:timers/promises";
import { type Client, GraphError, ResponseType } from "@microsoft/microsoft-graph-client";
import { CollectionError, type ErrorCode } from "@pim-audit/model";
import PQueue from "p-queue";
import { allGraphPermissions } from "../permissions.js";
import { formatSeconds, type ProgressEvent } from "../progress.js";
import { NetworkError, networkCauseOf } from "./client.js";

export interface RetrySettings {
  /** Retries allowed across the whole collection before it fails closed. */
  budget: number;
  /** First wait on a 429/503/504 without Retry-After, as the Graph SDK's RetryHandler (it adds up to 1 s of jitter). */
  throttleDelaySeconds: number;
  /** First wait after a reset, truncated body, timeout or 500/502; doubles per attempt. */
  networkDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { budget: 60, throttleDelaySeconds: 3, networkDelayMs: 500 };

/**
 * How many times one request is retried, by cause. Throttling with Retry-After: the Graph SDK's most (10); without
 * it, the SDK's backoff (3 s, then exponential with jitter) but 5 tries, not 10 whose waits add up to over 10 min.
 */
export const MAX_RETRIES = { throttled: 10, transient: 2, network: 5, timeout: 2 } as const;
/** Retries of a 429/503/504 that came without Retry-After (about 45 s of backoff in all). */
export const MAX_BACKOFF_RETRIES = 5;
export type RetryCause = keyof typeof MAX_RETRIES;

/** The most one request may spend waiting between its tries (Retry-After included): then it fails at once. */
export const MAX_WAIT_PER_REQUEST_SECONDS = 300;

/** msgraph-sdk-design GraphClientFactory.md: the Graph SDKs' default request timeout is 100 s. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 100;
/** The whole Graph collection, waits included; a very large tenant's sign-in read may need more. */
export const DEFAULT_COLLECTION_TIMEOUT_SECONDS = 3600;

export interface Deadlines {
  /** Seconds one try of a request may take, until its whole body has arrived. */
  requestTimeoutSeconds: number;
  /** Seconds the whole collection may take (for messages). */
  collectionTimeoutSeconds: number;
  /** performance.now() by which the collection must end. */
  collectionDeadline: number;
}

export function deadlinesFrom(
  requestTimeoutSeconds = DEFAULT_REQUEST_TIMEOUT_SECONDS,
  collectionTimeoutSeconds = DEFAULT_COLLECTION_TIMEOUT_SECONDS,
  start = performance.now(),
): Deadlines {
  return {
    requestTimeoutSeconds,
    collectionTimeoutSeconds,
    collectionDeadline: start + collectionTimeoutSeconds * 1000,
  };
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A Graph request that ended in an HTTP error status after retries. */
export class GraphRequestError extends CollectionError {
  readonly status: number;
  readonly graphCode: string | null;
  readonly graphMessage: string;
  constructor(
    code: ErrorCode,
    message: string,
    status: number,
    graphCode: string | null,
    graphMessage: string,
    request: string,
    requestIds: string[],
    hint: string | undefined = HINTS[status],
  ) {
    super(code, message, { request, requestIds, ...(hint === undefined ? {} : { hint }) });
    this.status = status;
    this.graphCode = graphCode;
    this.graphMessage = graphMessage;
  }
}

const AGAIN_LATER = "Graph stayed unavailable; run again later.";
const HINTS: Record<number, string> = {
  401: "Check the credential (--auth and its AZURE_* variables, or an unexpired PIM_AUDIT_ACCESS_TOKEN) and --tenant.",
  403: `Grant the app the read permissions pim-audit needs: ${allGraphPermissions().join(", ")}.`,
  429: "Graph kept throttling; run again later, or with a lower --concurrency.",
  500: AGAIN_LATER,
  502: AGAIN_LATER,
  503: AGAIN_LATER,
  504: AGAIN_LATER,
};

/** Which statuses are retried, and as what: throttling as the Graph SDK's RetryHandler does, 500/502 a few times. */
export function retryCauseOfStatus(status: number): RetryCause | null {
  if (status === 429 || status === 503 || status === 504) return "throttled";
  if (status === 500 || status === 502) return "transient";
  return null;
}

/** Retry-After in milliseconds (whole seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) || !/[a-z]/i.test(text) ? null : Math.max(0, at - now);
}

const seconds = (ms: number): string => formatSeconds(ms / 1000);

const TLS_CODE = /^(ERR_TLS|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_SSL|HOSTNAME_MISMATCH|ERR_CERT)/;
/** Failures below HTTP that a retry may cure: the connection broke, or the network blinked. */
const RETRYABLE_NETWORK = new Set([
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "TERMINATED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export type NetworkVerdict =
  | { retry: true; reason: string }
  | { retry: false; error: (request: string) => CollectionError };

/**
 * What to do about a failure below HTTP: retry it (a reset, a timeout), or end at once with its real reason
 * (a port fetch refuses, a bad certificate, an unknown host, a refused connection before anything answered).
 * Anything not known to pass is not retried: 60 retries of "bad port" help nobody.
 */
export function classifyNetworkFailure(code: string, detail: string, answeredBefore: boolean): NetworkVerdict {
  const fatal = (message: string, hint: string): NetworkVerdict => ({
    retry: false,
    error: (request) => new CollectionError("NETWORK_UNREACHABLE", message, { request, hint }),
  });
  const said = !detail || detail.includes(code) ? code : code === "UNKNOWN" ? detail : `${code}: ${detail}`;
  if (TLS_CODE.test(code)) {
    return fatal(
      `the TLS certificate of the Graph endpoint is not trusted (${said}).`,
      "Pass the CA that signed it with --ca-file, or check --graph-endpoint.",
    );
  }
  if (code === "ENOTFOUND") {
    return fatal(
      `the Graph host could not be resolved (${said}).`,
      "Check --graph-endpoint and --cloud, and the network or proxy settings.",
    );
  }
  if (code === "ECONNREFUSED") {
    // Nothing has ever answered at this endpoint: a wrong URL or a closed network, not a blip.
    if (!answeredBefore) {
      return fatal(
        `nothing answers at the Graph endpoint (${said}).`,
        "Check --graph-endpoint, the proxy settings and the network.",
      );
    }
    return { retry: true, reason: `the connection was refused (${code})` };
  }
  if (RETRYABLE_NETWORK.has(code)) return { retry: true, reason: `the connection failed (${code})` };
  if (/bad port/i.test(detail)) {
    return fatal(
      `the Graph endpoint's port is one fetch refuses to connect to (${detail}).`,
      "Check the port in --graph-endpoint (ports such as 1, 25 or 6000 are blocked by every browser and Node's fetch).",
    );
  }
  if (/invalid url|ERR_INVALID_URL/i.test(`${code} ${detail}`)) {
    return fatal(`the Graph request URL is not valid (${said}).`, "Check --graph-endpoint.");
  }
  return fatal(
    `the connection to the Graph endpoint failed (${said}).`,
    "Check --graph-endpoint, the proxy settings and the network.",
  );
}

/** The marker a try's own deadline ends it with. */
class TryTimeout extends Error {
  constructor(readonly ms: number) {
    super("request timeout");
  }
}

/** Names the open requests when the collection's deadline passes (`collectFromGraph` raises it). */
export function collectionTimeoutError(seconds: number, request: string | undefined, why = ""): CollectionError {
  return new CollectionError(
    "COLLECTION_INCOMPLETE",
    `the Graph collection did not finish within --collection-timeout ${seconds} s${why ? ` (${why})` : ""}.`,
    {
      ...(request === undefined ? {} : { request }),
      hint: "Raise --collection-timeout (config key collectionTimeout) for a large tenant, or run again when Graph answers faster.",
    },
  );
}

export interface SessionOptions {
  client: Client;
  /** Service root with version, e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  retry: RetrySettings;
  onProgress: (event: ProgressEvent) => void;
  signal?: AbortSignal | undefined;
  /** Requests in flight at once, across every collection. */
  concurrency: number;
  /** Per-try and whole-collection deadlines (default: the documented defaults, from now). */
  deadlines?: Deadlines;
}

export interface BackOff {
  collection: string;
  request: string;
  /** What went wrong, e.g. `HTTP 503`. */
  reason: string;
  cause: RetryCause;
  /** The retry about to be made, from 1. */
  attempt: number;
  /** How long to wait: Retry-After when Graph gave one, else the backoff. */
  waitMs: number;
  /** Whether the wait is Graph's Retry-After (a retry sooner would be refused again). */
  retryAfter: boolean;
  /** Waited so far for this request. */
  waitedMs: number;
  /** The error to end with, given why no retry is made. */
  fail: (why: string) => Error;
  maxRetries?: number;
}

export class GraphSession {
  readonly baseUrl: string;
  readonly #client: Client;
  readonly #retry: RetrySettings;
  readonly #onProgress: (event: ProgressEvent) => void;
  readonly #signal: AbortSignal | undefined;
  readonly #queue: PQueue;
  readonly #deadlines: Deadlines;
  /** The requests sent or waiting to be sent now, for a collection timeout to name. */
  readonly #open = new Map<symbol, string>();
  #retriesUsed = 0;
  /** Whether any request has had an HTTP answer: a refused connection before that fails at once. */
  #answered = false;

  constructor(options: SessionOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#client = options.client;
    this.#retry = options.retry;
    this.#onProgress = options.onProgress;
    this.#signal = options.signal;
    this.#queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
    this.#deadlines = options.deadlines ?? deadlinesFrom();
  }

  get retryDelaySeconds(): number {
    return this.#retry.throttleDelaySeconds;
  }

  get retriesUsed(): number {
    return this.#retriesUsed;
  }

  /** The oldest request still open (sent, queued or waiting to retry), for a timeout to name. */
  get openRequest(): string | undefined {
    return this.#open.values().next().value;
  }

  url(path: string): string {
    return path.startsWith("https://") ? path : `${this.baseUrl}${path.startsWith("/") ? "" : "/"}${path}`;
  }

  /** `GET /path?query` relative to the service root: how errors and progress name a request. */
  describe(method: string, url: string): string {
    const relative = url.startsWith(this.baseUrl) ? url.slice(this.baseUrl.length) : new URL(url).pathname;
    let readable = relative;
    try {
      readable = decodeURIComponent(relative);
    } catch {}
    return `${method} ${readable}`;
  }

  /** Waits before a retry; ends early (throwing) when the collection stops. */
  async pause(ms: number): Promise<void> {
    await delay(ms, undefined, this.#signal ? { signal: this.#signal } : {});
  }

  /** Takes one retry from the budget (false when it is spent). */
  takeRetry(): boolean {
    // Once the collection has stopped (a failure elsewhere, or the caller's abort), nothing retries.
    if (this.#signal?.aborted || this.#retriesUsed >= this.#retry.budget) return false;
    this.#retriesUsed++;
    return true;
  }

  /** The backoff before retry `attempt` (from 1) of a cause, when Graph gave no Retry-After. */
  backoffMs(cause: RetryCause, attempt: number): number {
    if (cause === "throttled") {
      // The Graph SDK's RetryHandler.getDelay: the delay, plus 0.5 * (2^n - 1) from the second retry, plus jitter.
      const base = this.#retry.throttleDelaySeconds;
      const exponential = attempt >= 2 ? Math.round(0.5 * (2 ** attempt - 1)) : 0;
      return Math.round((base + exponential + (base > 0 ? Math.random() : 0)) * 1000);
    }
    return Math.min(this.#retry.networkDelayMs * 2 ** (attempt - 1), 8_000);
  }

  /**
   * Retries only within every bound: the request's retries for this cause, its total wait, the run's retry budget
   * and the collection's deadline. A wait that cannot fit ends the request at once, naming the wait, instead of
   * waiting for nothing. Reports the retry with its wait, then waits; returns the time waited.
   */
  async backOff(step: BackOff): Promise<number> {
    this.#throwIfStopped();
    const max =
      step.maxRetries ??
      (step.cause === "throttled" && !step.retryAfter ? MAX_BACKOFF_RETRIES : MAX_RETRIES[step.cause]);
    const wait = step.retryAfter ? `Retry-After ${seconds(step.waitMs)}` : `the next try in ${seconds(step.waitMs)}`;
    if (step.attempt > max) throw step.fail(`still failing after ${max} ${max === 1 ? "retry" : "retries"}`);
    if (step.waitedMs + step.waitMs > MAX_WAIT_PER_REQUEST_SECONDS * 1000) {
      throw step.fail(
        `${wait} is more than the ${seconds(MAX_WAIT_PER_REQUEST_SECONDS * 1000 - step.waitedMs)} left of the ${MAX_WAIT_PER_REQUEST_SECONDS} s one request may wait`,
      );
    }
    const left = this.#deadlines.collectionDeadline - performance.now();
    if (step.waitMs >= left) {
      throw step.fail(
        `${wait} would pass --collection-timeout ${this.#deadlines.collectionTimeoutSeconds} s (${seconds(Math.max(0, left))} left)`,
      );
    }
    if (!this.takeRetry()) {
      this.#throwIfStopped();
      throw step.fail(`the retry budget was spent (${this.#retry.budget} retries in this run)`);
    }
    this.#onProgress({
      kind: "retry",
      collection: step.collection,
      request: step.request,
      reason: step.reason,
      retries: this.#retriesUsed,
      attempt: step.attempt,
      maxAttempts: max,
      waitSeconds: step.waitMs / 1000,
    });
    await this.pause(step.waitMs);
    return step.waitMs;
  }

  #throwIfStopped(): void {
    if (this.#signal?.aborted) throw this.#signal.reason;
  }

  /**
   * Sends one request and returns the status that came back, retrying what may pass within the bounds; throws
   * below HTTP, on a timeout, and on a retryable status that outlasted them (a GraphRequestError).
   */
  async send(
    method: "GET" | "POST",
    path: string,
    collection: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphResponse> {
    const url = this.url(path);
    const request = this.describe(method, url);
    const key = Symbol(request);
    this.#open.set(key, request);
    try {
      return await this.#send(method, url, request, collection, body, headers);
    } finally {
      this.#open.delete(key);
    }
  }

  async #send(
    method: "GET" | "POST",
    url: string,
    request: string,
    collection: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<GraphResponse> {
    const tries: Record<RetryCause, number> = { throttled: 0, transient: 0, network: 0, timeout: 0 };
    let waitedMs = 0;
    const retry = async (
      cause: RetryCause,
      reason: string,
      waitMs: number | null,
      fail: (why: string) => Error,
    ): Promise<void> => {
      const attempt = ++tries[cause];
      waitedMs += await this.backOff({
        collection,
        request,
        reason,
        cause,
        attempt,
        waitMs: waitMs ?? this.backoffMs(cause, attempt),
        retryAfter: waitMs !== null,
        waitedMs,
        fail,
      });
    };
    for (;;) {
      this.#throwIfStopped();
      let response: Response;
      let text: string;
      try {
        // A list is a chain (each page names the next), lookups are not: pages go first, so the longest
        // list is never queued behind lookups that could go at any time.
        ({ response, text } = await this.#queue.add(
          async () => {
            // Once the collection has stopped, what is still queued ends here instead of going out for nobody.
            this.#throwIfStopped();
            return this.#try(request, async (signal) => {
              const answer = await this.#once(method, url, body, headers, signal);
              return { response: answer, text: await answer.text() };
            });
          },
          { priority: method === "GET" ? 1 : 0 },
        ));
      } catch (error) {
        this.#throwIfStopped();
        if (error instanceof TryTimeout) {
          const limit = this.#deadlines.requestTimeoutSeconds;
          if (error.ms < limit * 1000) throw collectionTimeoutError(this.#deadlines.collectionTimeoutSeconds, request);
          const failure = `no complete answer within --request-timeout ${limit} s`;
          await retry(
            "timeout",
            failure,
            null,
            (why) =>
              new CollectionError("NETWORK_UNREACHABLE", `${failure}; ${why}.`, {
                request,
                hint: "Graph, or a proxy in between, stopped answering; check the network path, or raise --request-timeout.",
              }),
          );
          continue;
        }
        if (error instanceof CollectionError) throw error;
        const cause =
          error instanceof NetworkError ? { code: error.networkCode, detail: error.detail } : networkCause(error);
        if (cause === null) throw authOrInternal(error, request);
        const verdict = classifyNetworkFailure(cause.code, cause.detail, this.#answered);
        if (!verdict.retry) throw verdict.error(request);
        await retry(
          "network",
          verdict.reason,
          null,
          (why) =>
            new CollectionError("NETWORK_UNREACHABLE", `${verdict.reason}; ${why}.`, {
              request,
              hint: "Check the network path to Graph and run again.",
            }),
        );
        continue;
      }
      this.#answered = true;
      let parsed: unknown = null;
      let json = text === "";
      if (!json) {
        try {
          parsed = JSON.parse(text);
          json = true;
        } catch {}
      }
      const cause = retryCauseOfStatus(response.status);
      if (cause !== null) {
        const status = response.status;
        const answer = json ? parsed : null;
        await retry(cause, `HTTP ${status}`, retryAfterMs(response.headers.get("retry-after")), (why) =>
          graphError(request, status, answer, response.headers, why),
        );
        continue;
      }
      if (json) return { status: response.status, headers: response.headers, body: parsed };
      // An error page from a proxy is still an answer (its status says what happened); a success that is not JSON
      // is either a page from something in between (a proxy or captive portal) or a body cut short.
      if (!response.ok) return { status: response.status, headers: response.headers, body: null };
      if (looksLikeHtml(response.headers.get("content-type"), text)) {
        throw new CollectionError(
          "GRAPH_REQUEST_FAILED",
          `the answer is not JSON but an HTML page (HTTP ${response.status}) from ${new URL(url).host}, probably from a proxy or captive portal, not from Graph.`,
          {
            request,
            hint: "Check --graph-endpoint and the proxy settings (HTTPS_PROXY, NO_PROXY); sign in to the network if it asks.",
          },
        );
      }
      const failure = `the response body was not valid JSON (${text.length} bytes, likely cut short)`;
      await retry(
        "network",
        failure,
        null,
        (why) =>
          new CollectionError("GRAPH_REQUEST_FAILED", `${failure}; ${why}.`, {
            request,
            hint: "Check the network path to Graph and run again.",
          }),
      );
    }
  }

  /**
   * One try under its deadline: --request-timeout from when it leaves the queue, until the body has arrived
   * (token acquisition included), cut to what is left of the collection's time.
   */
  async #try<T>(request: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const left = this.#deadlines.collectionDeadline - performance.now();
    if (left <= 0) throw collectionTimeoutError(this.#deadlines.collectionTimeoutSeconds, request);
    const ms = Math.min(this.#deadlines.requestTimeoutSeconds * 1000, left);
    const controller = new AbortController();
    const signal = this.#signal ? AbortSignal.any([this.#signal, controller.signal]) : controller.signal;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new TryTimeout(ms));
        controller.abort(new TryTimeout(ms));
      }, ms);
    });
    const attempt = run(signal);
    // Once the deadline has won, the try's own end (an abort) has nobody to tell.
    attempt.catch(() => {});
    try {
      return await Promise.race([attempt, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #once(
    method: "GET" | "POST",
    url: string,
    body: unknown,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Response> {
    const api = this.#client.api(url).responseType(ResponseType.RAW).headers(headers).option("signal", signal);
    return (method === "GET" ? await api.get() : await api.post(body)) as Response;
  }

  /** GET or POST that must succeed: an error status becomes a GraphRequestError naming the request. */
  async json(
    method: "GET" | "POST",
    path: string,
    collection: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const response = await this.send(method, path, collection, body, headers);
    if (response.status >= 200 && response.status < 300) {
      if (response.body === null || typeof response.body !== "object") {
        throw new CollectionError("GRAPH_REQUEST_FAILED", "Graph returned an empty or non-object body.", {
          request: this.describe(method, this.url(path)),
        });
      }
      return response.body as Record<string, unknown>;
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location") ?? "nowhere";
      throw new CollectionError(
        "GRAPH_REQUEST_FAILED",
        `Graph answered ${response.status}, redirecting to ${location.slice(0, 100)}, off the Graph endpoint; the redirect was not followed.`,
        {
          request: this.describe(method, this.url(path)),
          hint: "Check --graph-endpoint and any proxy in between: only answers from the endpoint itself are read.",
        },
      );
    }
    throw this.errorFor(method, this.url(path), response.status, response.body, response.headers);
  }

  errorFor(
    method: string,
    url: string,
    status: number,
    body: unknown,
    headers?: Headers | Record<string, string>,
  ): GraphRequestError {
    return graphError(this.describe(method, url), status, body, headers);
  }
}

export function graphError(
  request: string,
  status: number,
  body: unknown,
  headers?: Headers | Record<string, string>,
  /** Why it was not retried (more), when it was retryable. */
  why?: string,
): GraphRequestError {
  const error = (body as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } } | null)
    ?.error;
  const outer = {
    code: typeof error?.code === "string" && error.code !== "" ? error.code : null,
    message: typeof error?.message === "string" ? error.message : "",
  };
  const { code: graphCode, message: graphMessage } = unwrapPimError(outer);
  const requestId =
    (typeof error?.innerError?.["request-id"] === "string" ? (error.innerError["request-id"] as string) : null) ??
    (headers instanceof Headers ? headers.get("request-id") : (headers?.["request-id"] ?? null));
  const detail = [graphCode, graphMessage].filter((s) => s).join(": ");
  const text = `Graph answered HTTP ${status}${detail ? ` (${detail})` : ""}`;
  const code: ErrorCode =
    status === 401 ? "AUTH_FAILED" : status === 403 ? "PERMISSION_DENIED" : "GRAPH_REQUEST_FAILED";
  const scopes = graphCode === "PermissionScopeNotGranted" ? missingScopes(graphMessage) : [];
  return new GraphRequestError(
    code,
    `${text}${why ? `; ${why}` : ""}.`,
    status,
    graphCode,
    graphMessage,
    request,
    requestId ? [requestId] : [],
    scopes.length > 0
      ? `Grant one of ${scopes.join(", ")} to the app that signs in (application permission, or delegated for a user's sign-in) and admin-consent it.`
      : HINTS[status],
  );
}

/**
 * The PIM services answer through Graph with code `UnknownError` and their own error as a JSON string in the
 * message: `{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission
 * scope ...","instanceAnnotations":[]}` (microsoftgraph/microsoft-graph-docs-contrib#17). Read the inner one.
 */
export function unwrapPimError(outer: { code: string | null; message: string }): {
  code: string | null;
  message: string;
} {
  if (!outer.message.startsWith("{")) return outer;
  try {
    const inner = JSON.parse(outer.message) as { errorCode?: unknown; message?: unknown };
    if (typeof inner.errorCode !== "string" || inner.errorCode === "") return outer;
    return { code: inner.errorCode, message: typeof inner.message === "string" ? inner.message : "" };
  } catch {
    return outer;
  }
}

/** The permissions a PermissionScopeNotGranted message names ("... missing permission scope A,B."), else []. */
export function missingScopes(graphMessage: string): string[] {
  const match = /missing permission scopes? ([\w.,\s]+?)\.?$/i.exec(graphMessage.trim());
  return match
    ? match[1]!
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
    : [];
}

/** The code and reason of a failure below HTTP that did not come through our fetch handler; null when none. */
function networkCause(error: unknown): { code: string; detail: string } | null {
  if (error instanceof GraphError && typeof error.code === "string" && error.code.startsWith("NetworkError:")) {
    return { code: error.code.slice("NetworkError:".length), detail: error.message };
  }
  if (error instanceof TypeError) {
    // A body cut short by a reset surfaces as TypeError("terminated") from undici while reading it.
    const cause = networkCauseOf(error);
    return cause.code === "UNKNOWN" ? { code: "TERMINATED", detail: cause.detail } : cause;
  }
  return null;
}

function looksLikeHtml(contentType: string | null, text: string): boolean {
  return /html/i.test(contentType ?? "") || /^\s*<(!doctype|html|head|body)/i.test(text);
}

function authOrInternal(error: unknown, request: string): CollectionError {
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new CollectionError("AUTH_FAILED", `could not get a token for Graph: ${message}`, {
    request,
    cause: error,
    hint: "Check the --auth mode and its AZURE_* variables (or PIM_AUDIT_ACCESS_TOKEN for --auth token).",
  });
}
