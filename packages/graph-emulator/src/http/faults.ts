// Seeded, per-route fault injection. Whether a rule fires on the n-th request of a route depends
// only on (seed, rule index, route, n), so a run is reproducible whatever other routes do meanwhile.
import { unit } from "../ids.js";
import { GraphError, pimServiceError } from "./graph-error.js";

export type FaultKind =
  | "status"
  | "reset"
  | "latency"
  | "truncate"
  | "repeatNextLink"
  | "malformedNextLink"
  | "redirect"
  | "batchThrottle"
  /** Accept the request and never answer: no status line, no headers (a hung proxy or server). */
  | "stall"
  /** Answer 200 with the right Content-Length, then send the body one byte every `trickleMs`. */
  | "trickle"
  /** Answer with an HTML page instead of JSON (a proxy's error page, a captive portal), status `htmlStatus`. */
  | "html";

export interface FaultRule {
  /** A route name as in the request log (e.g. `users`, `groups/{id}/transitiveMembers`), `*` wildcards allowed. */
  route: string;
  kind: FaultKind;
  /** For `status`: 429, 500, 502, 503 or 504 (a fault), or 400 or 403 (a refusal, with `code` and `message`). */
  status?: 400 | 403 | 429 | 500 | 502 | 503 | 504;
  /** For `status`: the error code Graph answers (default: Graph's own for the status). */
  code?: string;
  /** For `status`: the error message (default: Graph's own for the status). */
  message?: string;
  /** For `status`: answer as a PIM service does, code `UnknownError` with `code` and `message` as JSON in the message. */
  wrapped?: boolean;
  /** For `status` (and `batchThrottle`): the Retry-After header in whole seconds; omitted = no header. */
  retryAfterSeconds?: number;
  /** For `latency`. */
  latencyMs?: number;
  /** For `redirect`: the Location of a 302 answer (another host or port, say). */
  location?: string;
  /** For `malformedNextLink`: what `@odata.nextLink` holds instead of a URL (a number, "", an object...). */
  nextLink?: unknown;
  /** For `trickle`: milliseconds between two bytes of the body (default 2000). */
  trickleMs?: number;
  /** For `html`: the page's HTTP status (default 200, as a captive portal answers). */
  htmlStatus?: number;
  /** Chance in [0, 1] that a matching request is hit; default 1. */
  probability?: number;
  /** Let this many requests of each matching route through first; default 0. */
  skip?: number;
  /** Fire at most this many times per matching route; default unlimited. */
  times?: number;
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
  draw(route: string, kinds: readonly FaultKind[]): FaultRule[] {
    const hits: FaultRule[] = [];
    this.rules.forEach((rule, index) => {
      if (!kinds.includes(rule.kind) || !this.matchers[index]!.test(route)) return;
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

/** The error a `status` rule answers with. */
export function faultError(rule: FaultRule): GraphError {
  const status = rule.status ?? 503;
  const known = STATUS_ERRORS[status] ?? { code: "generalException", message: "An unspecified error has occurred." };
  const code = rule.code ?? known.code;
  const message = rule.message ?? known.message;
  const retry: Record<string, string> =
    rule.retryAfterSeconds === undefined ? {} : { "Retry-After": String(rule.retryAfterSeconds) };
  if (rule.wrapped) {
    const wrapped = pimServiceError(status, code, message);
    return new GraphError(status, wrapped.code, wrapped.message, retry);
  }
  return new GraphError(status, code, message, retry);
}

/** The page an `html` rule answers with: what a proxy or captive portal sends, not Graph. */
export function faultHtml(rule: FaultRule): { status: number; body: string } {
  const status = rule.htmlStatus ?? 200;
  return {
    status,
    body: "<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head><body><h1>Please sign in</h1></body></html>\n",
  };
}
