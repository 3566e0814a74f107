// One Graph request through the pipeline the real service applies: route, authentication,
// permissions, query options, throttling, then the handler. `$batch` runs its inner requests here too.

import { findRoute, type RouteResult } from "../graph/routes.js";
import { guid } from "../ids.js";
import { parseQueryString } from "../odata/query.js";
import type { Directory } from "../tenant/directory.js";
import {
  type FaultInjector,
  type FaultRule,
  faultError,
  faultHtml,
  IN_BATCH_FAULT_KINDS,
  OUTER_FAULT_KINDS,
} from "./faults.js";
import {
  badRequest,
  errorBody,
  GraphError,
  pimLicenceRequired,
  pimScopeNotGranted,
  type RequestIds,
} from "./graph-error.js";
import { type ClientJudge, clientOf } from "./judge.js";
import { isGranted } from "./permissions.js";
import { requestTarget } from "./target.js";
import { requestCost, type Throttle } from "./throttle.js";
import { readToken } from "./token.js";

export interface RequestLogEntry {
  method: string;
  /** The route name, e.g. `roleManagement/directory/roleEligibilityScheduleInstances`; `(unknown)` when none matched. */
  route: string;
  /** Path and query as requested, below the host. */
  path: string;
  status: number;
  /** Resource units charged (x-ms-resource-unit); 0 when the request never reached a handler. */
  resourceUnits: number;
  /** ISO time on the emulator's clock. */
  at: string;
  /** Set for requests that arrived inside a `$batch`. */
  inBatch?: boolean;
}

export interface Dispatcher {
  directory: Directory;
  /** The tenant's data clock (instances are current at this instant). */
  now: Date;
  /** The emulator's running clock for logs and error dates. */
  clock: () => Date;
  /** The machine's clock, for token lifetimes. */
  realClock: () => Date;
  versionBase: string;
  defaultPageSize: number;
  /** Page sizes of some routes (by route name), instead of defaultPageSize. */
  routePageSizes: Readonly<Record<string, number>>;
  throttle: Throttle;
  faults: FaultInjector;
  judge: ClientJudge;
  /** Whether the tenant holds Microsoft Entra ID P2 (or Governance), which the PIM routes need. */
  pimLicence: boolean;
  seed: number;
  log: RequestLogEntry[];
  nextRequestNumber: () => number;
}

export interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** A body sent as it is (an HTML error page) instead of `body` as JSON. */
  rawBody?: string;
  /** Connection-level faults the HTTP layer acts on. */
  connectionFault?: FaultRule;
  /** The requests this answer answers, for the judge to note any Retry-After once it is sent. */
  answers?: AnsweredRequest[];
}

export interface AnsweredRequest {
  client: string;
  method: string;
  /** Path and query below the host. */
  target: string;
  headers: Record<string, string>;
}

const JSON_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export interface IncomingGraphRequest {
  method: string;
  /** Path with query below the host, e.g. `/v1.0/users?$top=5` (or relative to the version inside $batch). */
  url: string;
  headers: Record<string, string | undefined>;
  body: unknown;
  inBatch: boolean;
}

export function dispatch(d: Dispatcher, request: IncomingGraphRequest): Outcome {
  const requestNumber = d.nextRequestNumber();
  const date = d.clock();
  // The ids are SHA-256 derived; a request inside $batch shows them only in an error body.
  const requestIds = (): RequestIds => ({
    requestId: guid(d.seed, "request", requestNumber),
    clientRequestId: request.headers["client-request-id"] ?? guid(d.seed, "client-request", requestNumber),
    date,
  });
  const baseHeaders: Record<string, string> = {
    "Content-Type": JSON_TYPE,
    "OData-Version": "4.0",
    "Cache-Control": "no-cache",
  };
  if (!request.inBatch) {
    const ids = requestIds();
    baseHeaders["request-id"] = ids.requestId;
    baseHeaders["client-request-id"] = ids.clientRequestId;
  }
  let routeName = "(unknown)";
  let resourceUnits = 0;
  const client = clientOf(request.headers.authorization);
  const target = request.inBatch ? request.url.replace(/^\/?/, "/v1.0/") : request.url;
  d.judge.arrived(
    client,
    request.method,
    target,
    `${request.method} ${request.url}${request.inBatch ? " (in $batch)" : ""}`,
  );
  const finish = (outcome: Outcome): Outcome => {
    d.log.push({
      method: request.method,
      route: routeName,
      path: request.url,
      status: outcome.status,
      resourceUnits,
      at: date.toISOString(),
      ...(request.inBatch ? { inBatch: true } : {}),
    });
    return { ...outcome, answers: [{ client, method: request.method, target, headers: outcome.headers }] };
  };
  // Graph reports a resource unit on error responses too (07b-batch-response.json).
  const fail = (error: GraphError, extra: Record<string, string> = {}): Outcome => {
    const headers = { ...baseHeaders, "x-ms-resource-unit": "1", ...extra, ...error.headers };
    resourceUnits = Number(headers["x-ms-resource-unit"]);
    return finish({ status: error.status, headers, body: errorBody(error.code, error.message, requestIds()) });
  };

  try {
    const url = requestTarget(target);
    const versionMatch = /^\/v1\.0\/(.*)$/i.exec(url.pathname);
    if (!versionMatch) {
      throw badRequest(`Invalid version: the emulator serves v1.0 only (path '${url.pathname}').`);
    }
    const path = versionMatch[1]!.replace(/\/$/, "");
    const found = findRoute(request.method, path);
    if (!found) throw badRequest(`Resource not found for the segment '${path.split("/").pop() ?? path}'.`);
    if ("methodNotAllowed" in found) {
      throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
    }
    const { route, params } = found;
    routeName = route.name;

    const token = readToken(request.headers.authorization, d.directory.tenant.id, d.realClock());
    const roles = token.roleSet;
    if (!isGranted(route.permissions, roles)) {
      if (route.pim) throw pimScopeNotGranted(route.permissions.flat());
      throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }
    if (route.pim && !d.pimLicence) throw pimLicenceRequired();

    const faults = d.faults.draw(
      route.name,
      request.inBatch ? IN_BATCH_FAULT_KINDS : OUTER_FAULT_KINDS,
      request.inBatch,
    );
    const statusFault = faults.find((f) => f.kind === "status" || f.kind === "batchThrottle");
    if (statusFault) return fail(faultError(statusFault, d.realClock()));
    const redirect = faults.find((f) => f.kind === "redirect");
    if (redirect) {
      return finish({ status: 302, headers: { ...baseHeaders, Location: redirect.location ?? "/" }, body: {} });
    }
    const html = faults.find((f) => f.kind === "html");
    if (html) {
      const page = faultHtml(html);
      return finish({
        status: page.status,
        headers: { "Content-Type": "text/html; charset=utf-8" },
        body: {},
        rawBody: page.body,
      });
    }

    const query = parseQueryString(url.search);
    const cost = requestCost(route.cost, query);
    const decision = d.throttle.take(
      token.appid,
      d.directory.tenant.id,
      cost,
      route.limitOf?.(query) ?? (route.reports === true ? "reports" : "identity"),
    );
    if (!decision.ok) {
      return fail(new GraphError(429, "TooManyRequests", "Too many requests"), decision.headers);
    }
    resourceUnits = cost;

    const result: RouteResult = route.handle({
      directory: d.directory,
      now: d.now,
      versionBase: d.versionBase,
      path,
      params: params.length === 0 ? params : params.map((p) => decodeURIComponent(p)),
      query,
      body: request.body,
      roles,
      defaultPageSize: d.routePageSizes[route.name] ?? d.defaultPageSize,
      repeatNextLink: faults.some((f) => f.kind === "repeatNextLink"),
      malformedNextLink: faults.find((f) => f.kind === "malformedNextLink"),
      headers: request.headers,
    });
    d.judge.issued(result.body["@odata.nextLink"]);
    const connectionFault = faults.find(
      (f) => f.kind === "reset" || f.kind === "truncate" || f.kind === "stall" || f.kind === "trickle",
    );
    return finish({
      status: result.status,
      headers: { ...baseHeaders, ...decision.headers },
      body: result.body,
      ...(connectionFault ? { connectionFault } : {}),
    });
  } catch (error) {
    if (error instanceof GraphError) return fail(error);
    return fail(new GraphError(500, "generalException", `The emulator failed: ${(error as Error).message}`));
  }
}
