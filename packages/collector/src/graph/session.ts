// One Graph request at a time, done right: the SDK's RetryHandler for 429/503/504 (honouring Retry-After),
// our own retry for resets and truncated bodies, all drawing on one retry budget for the whole collection.
import { setTimeout as delay } from "node:timers/promises";
import { type Client, GraphError, ResponseType, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { CollectionError, type ErrorCode } from "@pim-audit/model";
import PQueue from "p-queue";
import { allGraphPermissions } from "../permissions.js";
import type { ProgressEvent } from "../progress.js";
import { NetworkError } from "./client.js";

export interface RetrySettings {
  /** Retries allowed across the whole collection before it fails closed. */
  budget: number;
  /** Seconds the RetryHandler waits when a 429/503/504 carries no Retry-After (it adds up to 1 s of jitter). */
  throttleDelaySeconds: number;
  /** First wait after a reset or truncated body; doubles per attempt. */
  networkDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { budget: 60, throttleDelaySeconds: 3, networkDelayMs: 500 };

/** Most retries one request may take, whatever the budget (the SDK's own ceiling). */
const MAX_RETRIES_PER_REQUEST = 10;

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

const HINTS: Record<number, string> = {
  401: "Check the credential (--auth and its AZURE_* variables, or an unexpired PIM_AUDIT_ACCESS_TOKEN) and --tenant.",
  403: `Grant the app the read permissions pim-audit needs: ${allGraphPermissions().join(", ")}.`,
  429: "Graph kept throttling until the retry budget was spent; run again later.",
  503: "Graph stayed unavailable until the retry budget was spent; run again later.",
  504: "Graph stayed unavailable until the retry budget was spent; run again later.",
};

const TLS_CODE = /^(ERR_TLS|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_SSL)/;

export interface SessionOptions {
  client: Client;
  /** Service root with version, e.g. https://graph.microsoft.com/v1.0 */
  baseUrl: string;
  retry: RetrySettings;
  onProgress: (event: ProgressEvent) => void;
  signal?: AbortSignal | undefined;
  /** Requests in flight at once, across every collection. */
  concurrency: number;
}

export class GraphSession {
  readonly baseUrl: string;
  readonly #client: Client;
  readonly #retry: RetrySettings;
  readonly #onProgress: (event: ProgressEvent) => void;
  readonly #signal: AbortSignal | undefined;
  readonly #queue: PQueue;
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
  }

  get retryDelaySeconds(): number {
    return this.#retry.throttleDelaySeconds;
  }

  get retriesUsed(): number {
    return this.#retriesUsed;
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

  /** Takes one retry from the budget (false when it is spent) and reports it. */
  takeRetry(collection: string, request: string, reason: string): boolean {
    // Once the collection has stopped (a failure elsewhere, or the caller's abort), nothing retries.
    if (this.#signal?.aborted || this.#retriesUsed >= this.#retry.budget) return false;
    this.#retriesUsed++;
    this.#onProgress({ kind: "retry", collection, request, reason, retries: this.#retriesUsed });
    return true;
  }

  /** Sends one request and returns whatever status came back after retries; throws only below HTTP. */
  async send(
    method: "GET" | "POST",
    path: string,
    collection: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphResponse> {
    const url = this.url(path);
    const request = this.describe(method, url);
    for (let attempt = 0; ; attempt++) {
      this.#signal?.throwIfAborted();
      let failure: string;
      let fatal: CollectionError | undefined;
      let badBody = false;
      try {
        // A list is a chain (each page names the next), lookups are not: pages go first, so the longest
        // list is never queued behind lookups that could go at any time.
        const { response, text } = await this.#queue.add(
          async () => {
            // Once the collection has stopped, what is still queued ends here instead of going out for nobody.
            this.#signal?.throwIfAborted();
            const response = await this.#once(method, url, collection, request, body, headers);
            return { response, text: await response.text() };
          },
          { priority: method === "GET" ? 1 : 0 },
        );
        this.#answered = true;
        try {
          return { status: response.status, headers: response.headers, body: text === "" ? null : JSON.parse(text) };
        } catch {
          // An error page from a proxy is still an answer; a success cut short is not.
          if (!response.ok) return { status: response.status, headers: response.headers, body: null };
          failure = `the response body was not valid JSON (${text.length} bytes, likely cut short)`;
          badBody = true;
        }
      } catch (error) {
        if (this.#signal?.aborted && error === this.#signal.reason) throw error;
        const code = error instanceof NetworkError ? error.networkCode : networkCode(error);
        if (code !== null && TLS_CODE.test(code)) {
          fatal = new CollectionError(
            "NETWORK_UNREACHABLE",
            `the TLS certificate of the Graph endpoint is not trusted (${code}).`,
            {
              request,
              hint: "Pass the CA that signed it with --ca-file, or check --graph-endpoint.",
            },
          );
        } else if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
          fatal = new CollectionError("NETWORK_UNREACHABLE", `the Graph host could not be resolved (${code}).`, {
            request,
            hint: "Check --graph-endpoint and --cloud, and the network or proxy settings.",
          });
        } else if (code === "ECONNREFUSED" && !this.#answered) {
          // Nothing has ever answered at this endpoint: a wrong URL or a closed network, not a blip.
          fatal = new CollectionError("NETWORK_UNREACHABLE", `nothing answers at the Graph endpoint (${code}).`, {
            request,
            hint: "Check --graph-endpoint, the proxy settings and the network.",
          });
        } else if (error instanceof CollectionError) {
          throw error;
        } else if (code === null) {
          throw authOrInternal(error, request);
        }
        failure = `the connection failed (${code ?? "unknown"})`;
      }
      if (fatal) throw fatal;
      if (attempt >= MAX_RETRIES_PER_REQUEST || !this.takeRetry(collection, request, failure)) {
        throw new CollectionError(
          badBody ? "GRAPH_REQUEST_FAILED" : "NETWORK_UNREACHABLE",
          `${failure}, and the retry budget is spent.`,
          {
            request,
            hint: "Check the network path to Graph and run again.",
          },
        );
      }
      await this.pause(Math.min(this.#retry.networkDelayMs * 2 ** attempt, 8_000));
    }
  }

  async #once(
    method: "GET" | "POST",
    url: string,
    collection: string,
    request: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Response> {
    const shouldRetry = (_delay: number, _attempt: number, _req: unknown, _opts: unknown, response: Response) =>
      this.takeRetry(collection, request, `HTTP ${response.status}`);
    const api = this.#client
      .api(url)
      .responseType(ResponseType.RAW)
      .headers(headers)
      .middlewareOptions([
        new RetryHandlerOptions(this.#retry.throttleDelaySeconds, MAX_RETRIES_PER_REQUEST, shouldRetry),
      ]);
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
    `${text}.`,
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

function networkCode(error: unknown): string | null {
  if (error instanceof GraphError && typeof error.code === "string" && error.code.startsWith("NetworkError:")) {
    return error.code.slice("NetworkError:".length);
  }
  if (error instanceof TypeError) {
    // A body cut short by a reset surfaces as TypeError("terminated") from undici while reading it.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === "string" ? cause.code : "TERMINATED";
  }
  return null;
}

function authOrInternal(error: unknown, request: string): CollectionError {
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new CollectionError("AUTH_FAILED", `could not get a token for Graph: ${message}`, {
    request,
    cause: error,
    hint: "Check the --auth mode and its AZURE_* variables (or PIM_AUDIT_ACCESS_TOKEN for --auth token).",
  });
}
