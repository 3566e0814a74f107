// Token buckets per tenant+application with the documented limits (learn.microsoft.com/graph/throttling-limits):
// identity and access S/M/L resource-unit quotas per 10 seconds with $select/$expand/$top cost modifiers, the
// reports limit (5 requests per 10 s) for audit logs, and on top of it 10 per minute for reads of signInActivity.
import type { ODataQuery } from "../odata/query.js";

export interface ThrottleOptions {
  /** Multiplies every limit; below 1 makes them small enough to reach in tests. Default 1. */
  scale?: number;
  /** Default true. */
  enabled?: boolean;
}

const WINDOW_MS = 10_000;
const REPORTS_REQUESTS_PER_WINDOW = 5;
const SIGN_IN_ACTIVITY_REQUESTS_PER_MINUTE = 10;

/** Which limit a request counts against: signInActivity reads count against the reports limit and their own. */
export type ThrottleLimit = "identity" | "reports" | "signInActivity";

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
  windowMs: number;
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

  take(appId: string, tenantId: string, cost: number, limit: ThrottleLimit): ThrottleDecision {
    const headers: Record<string, string> = { "x-ms-resource-unit": String(cost) };
    if (!this.enabled) return { ok: true, headers };
    const now = this.clock();
    const draws =
      limit === "identity"
        ? [
            {
              bucket: this.bucket(`identity/${tenantId}/${appId}`, resourceUnitQuota(this.userCount), WINDOW_MS, now),
              units: cost,
            },
          ]
        : [
            {
              bucket: this.bucket(`reports/${tenantId}/${appId}`, REPORTS_REQUESTS_PER_WINDOW, WINDOW_MS, now),
              units: 1,
            },
            ...(limit === "signInActivity"
              ? [
                  {
                    bucket: this.bucket(
                      `signInActivity/${tenantId}/${appId}`,
                      SIGN_IN_ACTIVITY_REQUESTS_PER_MINUTE,
                      60_000,
                      now,
                    ),
                    units: 1,
                  },
                ]
              : []),
          ];
    let retryAfterSeconds = 0;
    for (const { bucket, units } of draws) {
      // A request dearer than the whole (scaled) bucket waits for a full bucket rather than forever.
      const needed = Math.min(units, bucket.capacity);
      if (bucket.tokens + 1e-9 < needed) {
        const ratePerMs = bucket.capacity / bucket.windowMs;
        retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((needed - bucket.tokens) / ratePerMs / 1000), 1);
      }
    }
    if (retryAfterSeconds > 0) {
      return {
        ok: false,
        retryAfterSeconds,
        headers: {
          ...headers,
          "Retry-After": String(retryAfterSeconds),
          "x-ms-throttle-scope": `Tenant_Application/${limit === "identity" ? "ReadWrite" : "Read"}/${appId}/${tenantId}`,
          "x-ms-throttle-information": limit === "identity" ? "ResourceUnitLimitExceeded" : "RequestLimitExceeded",
        },
      };
    }
    let used = 0;
    for (const { bucket, units } of draws) {
      bucket.tokens = Math.max(0, bucket.tokens - Math.min(units, bucket.capacity));
      used = Math.max(used, 1 - bucket.tokens / bucket.capacity);
    }
    if (used > 0.8) headers["x-ms-throttle-limit-percentage"] = used.toFixed(1);
    return { ok: true, headers };
  }

  /** The bucket of this key, refilled up to now. */
  private bucket(key: string, quota: number, windowMs: number, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const capacity = Math.max(1, Math.round(quota * this.scale));
      bucket = { capacity, windowMs, tokens: capacity, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + ((now - bucket.updatedAt) * bucket.capacity) / windowMs);
    bucket.updatedAt = now;
    return bucket;
  }
}
