// JSON batching: up to 20 GET lookups per POST /$batch; throttled inner requests are re-sent by us, because
// the outer POST answers 200 whatever its inner requests got, under the same bounds as any request.
import { CollectionError } from "@pim-audit/model";
import { type GraphSession, graphError, retryAfterMs, retryCauseOfStatus } from "./session.js";

export const BATCH_SIZE = 20;

export interface BatchRequest {
  id: string;
  /** Relative to the service root, e.g. /users/{id}?$select=id */
  url: string;
}

export interface BatchResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function headersOf(response: Record<string, unknown>): Record<string, string> {
  const headers = response["headers"];
  return headers !== null && typeof headers === "object" && !Array.isArray(headers)
    ? (headers as Record<string, string>)
    : {};
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return entry === undefined ? undefined : String(entry[1]);
}

/** `id 3 (GET /users/x), id 7 (GET /users/y) and 2 more`. */
function nameInner(requests: readonly BatchRequest[]): string {
  const named = requests.slice(0, 3).map((r) => `id ${r.id} (GET ${r.url})`);
  const more = requests.length - named.length;
  return `${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/** Sends one batch of at most 20 requests and returns a response for every id (or throws). */
export async function sendBatch(
  session: GraphSession,
  requests: readonly BatchRequest[],
  collection: string,
): Promise<Map<string, BatchResponse>> {
  if (requests.length > BATCH_SIZE) throw new RangeError(`a batch holds at most ${BATCH_SIZE} requests`);
  const results = new Map<string, BatchResponse>();
  let pending = [...requests];
  const request = `POST /$batch (${collection})`;
  let attempt = 0;
  let waitedMs = 0;
  while (pending.length > 0) {
    const body = await session.json("POST", "/$batch", collection, {
      requests: pending.map((r) => ({ id: r.id, method: "GET", url: r.url })),
    });
    const responses = body["responses"];
    if (!Array.isArray(responses)) {
      throw new CollectionError(
        "GRAPH_REQUEST_FAILED",
        `Graph's $batch answer was malformed: it has no \`responses\` array, so none of its ${pending.length} inner requests (${nameInner(pending)}) has an answer.`,
        {
          request,
          hint: "Run again; if it repeats, check any proxy in between or report the request to Microsoft support.",
        },
      );
    }
    const byId = new Map<string, Record<string, unknown>>();
    for (const r of responses as unknown[]) {
      if (r !== null && typeof r === "object")
        byId.set(String((r as Record<string, unknown>)["id"]), r as Record<string, unknown>);
    }
    const again: BatchRequest[] = [];
    const refused = new Map<string, BatchResponse>();
    const missing: BatchRequest[] = [];
    const statuses = new Set<number>();
    let waitMs: number | null = null;
    let retryAfter = false;
    for (const r of pending) {
      const response = byId.get(r.id);
      if (response === undefined) {
        missing.push(r);
        continue;
      }
      const status = response["status"];
      if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
        throw new CollectionError(
          "GRAPH_REQUEST_FAILED",
          `Graph's $batch answer was malformed: inner request id ${r.id} (GET ${r.url}) has the status ${JSON.stringify(status)?.slice(0, 40) ?? "undefined"}, not an HTTP status.`,
          {
            request,
            hint: "Run again; if it repeats, check any proxy in between or report the request to Microsoft support.",
          },
        );
      }
      const headers = headersOf(response);
      if (retryCauseOfStatus(status) !== null) {
        again.push(r);
        refused.set(r.id, { status, headers, body: response["body"] ?? null });
        statuses.add(status);
        const after = retryAfterMs(header(headers, "retry-after"));
        if (after !== null) {
          // The longest Retry-After wins: a retry sooner would be refused again.
          waitMs = Math.max(waitMs ?? 0, after);
          retryAfter = true;
        }
      } else {
        results.set(r.id, { status, headers, body: response["body"] ?? null });
      }
    }
    if (again.length === 0 && missing.length === 0) break;
    attempt++;
    const parts = [
      ...(again.length > 0
        ? [
            `${again.length} inner ${again.length === 1 ? "request" : "requests"} answered ${[...statuses]
              .sort()
              .map((s) => `HTTP ${s}`)
              .join(", ")}`,
          ]
        : []),
      ...(missing.length > 0
        ? [`${missing.length} inner ${missing.length === 1 ? "request" : "requests"} had no answer`]
        : []),
    ];
    // Throttling (or answers left out) is waited out as a throttled request is; only 500/502 as a transient error.
    const cause =
      missing.length > 0 || [...statuses].some((s) => retryCauseOfStatus(s) === "throttled")
        ? "throttled"
        : "transient";
    waitedMs += await session.backOff({
      collection,
      request,
      reason: parts.join(", "),
      cause,
      attempt,
      waitMs: waitMs ?? session.backoffMs(cause, attempt),
      retryAfter,
      waitedMs,
      fail: (why) =>
        missing.length > 0
          ? new CollectionError(
              "COLLECTION_INCOMPLETE",
              `Graph's $batch answer had no response for inner ${missing.length === 1 ? "request" : "requests"} ${nameInner(missing)}; ${why}.`,
              {
                request,
                hint: "Run again; if it repeats, check any proxy in between or report the request to Microsoft support.",
              },
            )
          : refusedError(again, refused, why),
    });
    pending = [...again, ...missing];
  }
  return results;
}

/** The first inner request that could not be retried, as its own request, with Graph's request id. */
function refusedError(again: readonly BatchRequest[], refused: Map<string, BatchResponse>, why: string) {
  const first = again[0]!;
  const answer = refused.get(first.id)!;
  const more = again.length - 1;
  return graphError(
    `GET ${first.url}`,
    answer.status,
    answer.body,
    answer.headers,
    `${why}${more > 0 ? ` (inside a $batch, with ${more} more inner ${more === 1 ? "request" : "requests"} refused)` : " (inside a $batch)"}`,
  );
}

export function chunk<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
