// Token buckets per tenant+application with the documented identity and access limits
// (shared/graph-reference/10-throttling-errors.md): S/M/L resource-unit quotas per 10 seconds,
// request costs with $select/$expand/$top modifiers, and the reports limit for audit logs.
import type { ODataQuery } from "../odata/query.js";

export interface ThrottleOptions {
  /** Multiplies every limit; below 1 makes them small enough to reach in tests. Default 1. */
  scale?: number;
  /** Default true. */
  enabled?: boolean;
}

const WINDOW_MS = 10_000;
const REPORTS_REQUESTS_PER_WINDOW = 5;

/** The resource-unit quota per 10 s of an application+tenant pair, by tenant size. */
export function resourceUnitQuota(userCount: number): number {
  if (userCount < 50) return 3500;
  if (userCount <= 500) return 5000;
  return 8000;
}

/** The cost of one request in resource units: base cost, $select -1, $expand +1, $top < 20 -1, never below 1. */
export function requestCost(baseCost: number, query: Pick<ODataQuery, "select" | "expand" | "top">): number {
  let cost = baseCost;
  if (query.select !== null) cost -= 1;
  if (query.expand.length > 0) cost += 1;
  if (query.top !== null && query.top < 20) cost -= 1;
  return Math.max(1, cost);
}

interface Bucket {
  capacity: number;
  tokens: number;
  updatedAt: number;
}

export type ThrottleDecision =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; retryAfterSeconds: number; headers: Record<string, string> };

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly enabled: boolean;
  private readonly scale: number;

  constructor(
    options: ThrottleOptions,
    private readonly userCount: number,
    private readonly clock: () => number,
  ) {
    this.enabled = options.enabled ?? true;
    this.scale = options.scale ?? 1;
  }

  take(appId: string, tenantId: string, cost: number, reports: boolean): ThrottleDecision {
    const units = reports ? 1 : cost;
    const headers: Record<string, string> = { "x-ms-resource-unit": String(cost) };
    if (!this.enabled) return { ok: true, headers };
    const key = `${reports ? "reports" : "identity"}/${tenantId}/${appId}`;
    const quota = reports ? REPORTS_REQUESTS_PER_WINDOW : resourceUnitQuota(this.userCount);
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const capacity = Math.max(1, Math.round(quota * this.scale));
      bucket = { capacity, tokens: capacity, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    // A request dearer than the whole (scaled) bucket waits for a full bucket rather than forever.
    const needed = Math.min(units, bucket.capacity);
    const ratePerMs = bucket.capacity / WINDOW_MS;
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (now - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = now;
    if (bucket.tokens + 1e-9 < needed) {
      const deficit = needed - bucket.tokens;
      const retryAfterSeconds = Math.max(1, Math.ceil(deficit / ratePerMs / 1000));
      return {
        ok: false,
        retryAfterSeconds,
        headers: {
          ...headers,
          "Retry-After": String(retryAfterSeconds),
          "x-ms-throttle-scope": `Tenant_Application/${reports ? "Read" : "ReadWrite"}/${appId}/${tenantId}`,
          "x-ms-throttle-information": reports ? "RequestLimitExceeded" : "ResourceUnitLimitExceeded",
        },
      };
    }
    bucket.tokens = Math.max(0, bucket.tokens - needed);
    const used = 1 - bucket.tokens / bucket.capacity;
    if (used > 0.8) headers["x-ms-throttle-limit-percentage"] = used.toFixed(1);
    return { ok: true, headers };
  }
}
