// JSON batching (https://learn.microsoft.com/graph/json-batching): at most 20 requests, unique ids, inner
// responses with their own status and headers, dependsOn failures as 424, answered in any order.
import { guid, prng } from "../ids.js";
import {
  type AnsweredRequest,
  type Dispatcher,
  dispatch,
  type IncomingGraphRequest,
  type Outcome,
} from "./dispatch.js";
import { badRequest, errorBody, GraphError } from "./graph-error.js";
import { readToken } from "./token.js";

export const MAX_BATCH_REQUESTS = 20;

interface InnerRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

function validate(body: unknown): InnerRequest[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) throw badRequest("Invalid batch payload format: the body needs a 'requests' array.");
  if (requests.length === 0) throw badRequest("Invalid batch payload format: 'requests' is empty.");
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw badRequest(`Invalid batch payload format: at most ${MAX_BATCH_REQUESTS} requests may be sent in one batch.`);
  }
  const seen = new Set<string>();
  return requests.map((raw, index) => {
    const r = raw as Partial<InnerRequest> | null;
    if (!r || typeof r.id !== "string" || typeof r.method !== "string" || typeof r.url !== "string") {
      throw badRequest(`Invalid batch payload format: request ${index + 1} needs string 'id', 'method' and 'url'.`);
    }
    if (seen.has(r.id.toLowerCase())) throw badRequest(`Invalid batch payload format: duplicate request id '${r.id}'.`);
    seen.add(r.id.toLowerCase());
    if (r.body !== undefined && !Object.keys(r.headers ?? {}).some((h) => h.toLowerCase() === "content-type")) {
      throw badRequest(`Invalid batch payload format: request '${r.id}' has a body but no Content-Type header.`);
    }
    return r as InnerRequest;
  });
}

export function dispatchBatch(d: Dispatcher, outer: IncomingGraphRequest, batchNumber: number): Outcome {
  readToken(outer.headers.authorization, d.directory.tenant.id, d.realClock());
  const requests = validate(outer.body);
  const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body: unknown }>();
  const answers: AnsweredRequest[] = [];
  for (const inner of requests) {
    const failedDependency = (inner.dependsOn ?? []).find((dep) => {
      const result = results.get(dep.toLowerCase());
      return result === undefined || result.status >= 400;
    });
    if (failedDependency !== undefined) {
      results.set(inner.id.toLowerCase(), {
        id: inner.id,
        status: 424,
        headers: { "Content-Type": "application/json" },
        body: errorBody("FailedDependency", `The request depends on '${failedDependency}', which failed.`, {
          requestId: guid(d.seed, "batch", batchNumber, inner.id),
          clientRequestId: outer.headers["client-request-id"] ?? guid(d.seed, "batch-client", batchNumber),
          date: d.clock(),
        }),
      });
      continue;
    }
    const headers: Record<string, string | undefined> = { authorization: outer.headers.authorization };
    for (const [k, v] of Object.entries(inner.headers ?? {})) headers[k.toLowerCase()] = v;
    const outcome = dispatch(d, {
      method: inner.method.toUpperCase(),
      url: inner.url,
      headers,
      body: inner.body,
      inBatch: true,
    });
    answers.push(...(outcome.answers ?? []));
    const { "request-id": _r, "client-request-id": _c, ...innerHeaders } = outcome.headers;
    results.set(inner.id.toLowerCase(), {
      id: inner.id,
      status: outcome.status,
      headers: innerHeaders,
      body: outcome.body,
    });
  }
  // Inner responses come back in any order; clients must correlate by id.
  const responses = [...results.values()];
  const random = prng(d.seed ^ batchNumber);
  for (let i = responses.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [responses[i], responses[j]] = [responses[j]!, responses[i]!];
  }
  return {
    status: 200,
    headers: {
      "Content-Type":
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
    },
    body: { responses },
    answers,
  };
}

export function batchError(error: unknown): GraphError {
  return error instanceof GraphError ? error : new GraphError(500, "generalException", String(error));
}
