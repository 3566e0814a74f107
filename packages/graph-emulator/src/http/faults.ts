// Seeded, per-route fault injection. Whether a rule fires on the n-th request of a route depends
// only on (seed, rule index, route, n), so a run is reproducible whatever other routes do meanwhile.
// The same rules are what `pim-audit emulator --faults FILE` reads (fault-file.ts, schemas/faults.schema.json).
import { unit } from "../ids.js";
import { GraphError, pimServiceError } from "./graph-error.js";

/** Every fault kind, with where it can fire: on a request from the network, inside a `$batch`, or both. */
export const FAULT_KINDS = {
  /** A Graph error answer: `status`, optional Retry-After, optionally wrapped as a PIM service wraps its errors. */
  status: { outer: true, inBatch: true },
  /** The connection is closed before any answer. */
  reset: { outer: true, inBatch: false },
  /** The answer (Content-Length of the whole) stops halfway and the connection closes. */
  truncate: { outer: true, inBatch: false },
  /** The answer is held `latencyMs` before it is sent. */
  latency: { outer: true, inBatch: false },
  /** The page's `@odata.nextLink` points back at the page just served. */
  repeatNextLink: { outer: true, inBatch: false },
  /** The page's `@odata.nextLink` holds `nextLink` (a number, "", an object...) instead of a URL. */
  malformedNextLink: { outer: true, inBatch: false },
  /** A 302 to `location` (another host or port, say). */
  redirect: { outer: true, inBatch: false },
  /** An HTML page (a captive portal's, a proxy's error page) with `htmlStatus`, not Graph's JSON. */
  html: { outer: true, inBatch: false },
  /** The request is read and never answered: no status line, no headers, until the client gives up. */
  stall: { outer: true, inBatch: false },
  /** Headers at once, then the body one byte every `trickleMs`. */
  trickle: { outer: true, inBatch: false },
  /** An inner 429 with Retry-After (`retryAfterSeconds`, default 1): `status` 429 inside a `$batch` only. */
  batchThrottle: { outer: false, inBatch: true },
} as const satisfies Record<string, { outer: boolean; inBatch: boolean }>;

export type FaultKind = keyof typeof FAULT_KINDS;

/** The kinds the dispatcher draws for a direct request; `latency` is drawn apart, when the answer is sent (latency.ts). */
export const OUTER_FAULT_KINDS = (Object.keys(FAULT_KINDS) as FaultKind[]).filter(
  (k) => FAULT_KINDS[k].outer && k !== "latency",
);
export const IN_BATCH_FAULT_KINDS = (Object.keys(FAULT_KINDS) as FaultKind[]).filter((k) => FAULT_KINDS[k].inBatch);

export type FaultStatus = 400 | 403 | 429 | 500 | 502 | 503 | 504;
export type HtmlStatus = 200 | 429 | 500 | 502 | 503 | 504;

export interface FaultRule {
  /**
   * A route name as in the request log (e.g. `users`, `users/{id}`, `groups/{id}/transitiveMembers`, `$batch` for
   * the batch request itself), `*` wildcards allowed.
   */
  route: string;
  kind: FaultKind;
  /** For `status`: 429, 500, 502, 503 or 504 (a fault), or 400 or 403 (a refusal). */
  status?: FaultStatus;
  /** For `html`: the page's status (default 200, as a captive portal answers). */
  htmlStatus?: HtmlStatus;
  /** For `status`: the error code Graph answers (default: Graph's own for the status). */
  code?: string;
  /** For `status`: the error message (default: Graph's own for the status). */
  message?: string;
  /** For `status`: answer as a PIM service does, code `UnknownError` with `code` and `message` as JSON in the message. */
  wrapped?: boolean;
  /** For `status` and `batchThrottle`: the Retry-After to give, in seconds; omitted = no header (`batchThrottle`: 1). */
  retryAfterSeconds?: number;
  /** How Retry-After is written: `seconds` (`Retry-After: 2`, default) or `http-date` (the instant, RFC 9110). */
  retryAfterForm?: "seconds" | "http-date";
  /** For `latency`. */
  latencyMs?: number;
  /** For `trickle`: milliseconds between two bytes of the body (default 2000). */
  trickleMs?: number;
  /** For `redirect`: the Location of a 302 answer (another host or port, say). */
  location?: string;
  /** For `malformedNextLink`: what `@odata.nextLink` holds instead of a URL (a number, "", an object...). */
  nextLink?: unknown;
  /** Chance in [0, 1] that a matching request is hit; default 1. */
  probability?: number;
  /** Let this many requests of each matching route through first; default 0. */
  skip?: number;
  /** Fire at most this many times per matching route; default unlimited. */
  times?: number;
  /** Only on requests inside a `$batch` (true) or only on requests sent directly (false); default both. */
  inBatch?: boolean;
}

/** How often a rule fired on a route. */
export interface FaultCount {
  /** The rule's place in the list. */
  rule: number;
  route: string;
  fired: number;
}

function routeMatcher(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

export class FaultInjector {
  private readonly matchers: RegExp[];
  private readonly seen = new Map<string, number>();
  private readonly fired = new Map<string, number>();

  constructor(
    private readonly rules: readonly FaultRule[],
    private readonly seed: number,
  ) {
    this.matchers = rules.map((r) => routeMatcher(r.route));
  }

  /** The faults that fire for this request, at most one per rule. */
  draw(route: string, kinds: readonly FaultKind[], inBatch = false): FaultRule[] {
    const hits: FaultRule[] = [];
    this.rules.forEach((rule, index) => {
      if (!kinds.includes(rule.kind) || !this.matchers[index]!.test(route)) return;
      if (rule.inBatch !== undefined && rule.inBatch !== inBatch) return;
      const key = `${index}|${route}`;
      const n = this.seen.get(key) ?? 0;
      this.seen.set(key, n + 1);
      if (n < (rule.skip ?? 0)) return;
      const fired = this.fired.get(key) ?? 0;
      if (rule.times !== undefined && fired >= rule.times) return;
      if (unit(this.seed, index, route, n) >= (rule.probability ?? 1)) return;
      this.fired.set(key, fired + 1);
      hits.push(rule);
    });
    return hits;
  }

  /** How often each rule fired, per route (rules that never fired are absent). */
  counts(): FaultCount[] {
    return [...this.fired].map(([key, fired]) => {
      const at = key.indexOf("|");
      return { rule: Number(key.slice(0, at)), route: key.slice(at + 1), fired };
    });
  }
}

const STATUS_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: "BadRequest", message: "Invalid request." },
  403: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." },
  429: { code: "TooManyRequests", message: "Too many requests" },
  500: { code: "generalException", message: "An unspecified error has occurred." },
  502: { code: "BadGateway", message: "The server, while acting as a gateway, received an invalid response." },
  503: { code: "serviceNotAvailable", message: "The service is temporarily unavailable. Try again later." },
  504: { code: "gatewayTimeout", message: "The server, while acting as a proxy, did not receive a timely response." },
};

/** The Retry-After header a rule gives, written in its form; `realNow` is the machine's clock (HTTP-date form). */
export function retryAfterHeader(rule: FaultRule, realNow: Date, fallbackSeconds?: number): Record<string, string> {
  const seconds = rule.retryAfterSeconds ?? fallbackSeconds;
  if (seconds === undefined) return {};
  if (rule.retryAfterForm === "http-date") {
    // An HTTP-date has whole seconds: round up, so that the instant is never sooner than the seconds given.
    const at = Math.ceil((realNow.getTime() + seconds * 1000) / 1000) * 1000;
    return { "Retry-After": new Date(at).toUTCString() };
  }
  return { "Retry-After": String(seconds) };
}

/** The error a `status` (or `batchThrottle`) rule answers with. */
export function faultError(rule: FaultRule, realNow: Date): GraphError {
  const status = rule.kind === "batchThrottle" ? 429 : (rule.status ?? 503);
  const known = STATUS_ERRORS[status] ?? { code: "generalException", message: "An unspecified error has occurred." };
  const code = rule.code ?? known.code;
  const message = rule.message ?? known.message;
  const retry = retryAfterHeader(rule, realNow, rule.kind === "batchThrottle" ? 1 : undefined);
  if (rule.wrapped) {
    const wrapped = pimServiceError(status, code, message);
    return new GraphError(status, wrapped.code, wrapped.message, retry);
  }
  return new GraphError(status, code, message, retry);
}

const REASONS: Record<number, string> = {
  200: "OK",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The page an `html` rule answers with: a captive portal's sign-in page (200), or a proxy's error page. */
export function faultHtml(rule: FaultRule): { status: number; body: string } {
  const status = rule.htmlStatus ?? 200;
  if (status === 200) {
    return {
      status,
      body: "<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head><body><h1>Please sign in</h1></body></html>\n",
    };
  }
  const title = `${status} ${REASONS[status] ?? "Error"}`;
  return {
    status,
    body: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>The gateway could not complete the request.</p></body></html>\n`,
  };
}
