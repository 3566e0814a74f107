// JSON batching: up to 20 GET lookups per POST /$batch; throttled inner requests are re-sent by us,
// because the SDK's RetryHandler only sees the outer 200.
import { CollectionError } from "@pim-audit/model";
import type { GraphSession } from "./session.js";

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

const RETRYABLE = new Set([429, 503, 504]);

function retryAfterSeconds(headers: Record<string, string>, fallback: number): number {
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === "retry-after");
  const value = entry ? Number(entry[1]) : Number.NaN;
  return Number.isFinite(value) && value >= 0 ? Math.min(value, 180) : fallback;
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
  while (pending.length > 0) {
    const body = await session.json("POST", "/$batch", collection, {
      requests: pending.map((r) => ({ id: r.id, method: "GET", url: r.url })),
    });
    const responses = Array.isArray(body["responses"]) ? (body["responses"] as Record<string, unknown>[]) : [];
    const byId = new Map(responses.map((r) => [String(r["id"]), r]));
    const again: BatchRequest[] = [];
    const statuses = new Set<string>();
    let wait = 0;
    for (const r of pending) {
      const response = byId.get(r.id);
      const status = typeof response?.["status"] === "number" ? response["status"] : 0;
      const headers = (response?.["headers"] ?? {}) as Record<string, string>;
      if (response === undefined || RETRYABLE.has(status)) {
        again.push(r);
        statuses.add(response === undefined ? "missing" : `HTTP ${status}`);
        wait = Math.max(wait, retryAfterSeconds(headers, session.retryDelaySeconds));
      } else {
        results.set(r.id, { status, headers, body: response["body"] ?? null });
      }
    }
    if (again.length === 0) break;
    if (
      !session.takeRetry(
        collection,
        request,
        `${again.length} inner requests answered ${[...statuses].sort().join(", ")}`,
      )
    ) {
      throw new CollectionError(
        "COLLECTION_INCOMPLETE",
        `${again.length} requests inside a $batch were still throttled when the retry budget was spent.`,
        {
          request: `GET ${again[0]?.url}`,
          hint: "Run again later, or raise the retry budget.",
        },
      );
    }
    await session.pause(wait * 1000);
    pending = again;
  }
  return results;
}

export function chunk<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
