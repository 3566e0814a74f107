// Sign-in times (signInActivity) of the users who hold something, read apart from every other request: Graph
// counts them against the identity and access reports limits, so they go one at a time, paced to those limits,
// with a retry budget of their own; running out of it is a signInActivity gap, never a failed collection.
import { setTimeout as delay } from "node:timers/promises";
import { str } from "./normalise/fields.js";
import { type SignInTimes, signInTimes } from "./normalise/principals.js";
import { checkNextLink, nextLinkOf, pageItems } from "./paging.js";
import { SIGN_IN_PATHS } from "./paths.js";
import { GraphRequestError, type GraphSession } from "./session.js";

/** throttling-limits.md: GET signInActivity, 10 requests per minute per app per tenant. */
export const SIGN_IN_REQUESTS_PER_MINUTE = 10;
/** throttling-limits.md: any reports request, 5 per 10 seconds: the most that may go at once. */
const REPORTS_BURST = 5;
/** user-list.md: the most users a page holds when signInActivity is selected. */
export const SIGN_IN_PAGE_SIZE = 500;
const COLLECTION = "signInActivity";

export type SignInRead = "list" | "each";

/**
 * The cheaper read by request count, the reports limit being per request: the whole user list costs one request
 * per 500 users of the tenant, reading each holder one per holder (a tenant of unknown size is read per holder).
 */
export function cheaperSignInRead(tenantUsers: number | null, holders: number): SignInRead {
  return tenantUsers !== null && Math.ceil(tenantUsers / SIGN_IN_PAGE_SIZE) <= holders ? "list" : "each";
}

export interface SignInResult {
  times: Map<string, SignInTimes>;
  read: SignInRead | null;
  /** Why the rest could not be read: a refusal (permission, licence) or throttling past the budget. */
  failure: GraphRequestError | null;
}

/** Spaces requests to the documented rate: a burst of five, then one every 60/perMinute seconds. */
class Pacer {
  #tokens: number;
  #at = performance.now();
  /** `spent`: reports requests already sent by this collection (the audit log), which share the burst. */
  constructor(
    readonly perMinute: number,
    readonly signal: AbortSignal | undefined,
    spent = 0,
  ) {
    this.#tokens = Math.max(0, Math.min(REPORTS_BURST, perMinute) - spent);
  }

  async next(): Promise<void> {
    const rate = this.perMinute / 60_000;
    const now = performance.now();
    this.#tokens = Math.min(Math.min(REPORTS_BURST, this.perMinute), this.#tokens + (now - this.#at) * rate);
    this.#at = now;
    if (this.#tokens < 1) {
      const wait = (1 - this.#tokens) / rate;
      await delay(wait, undefined, this.signal ? { signal: this.signal } : {});
      this.#tokens = 1;
      this.#at = performance.now();
    }
    this.#tokens -= 1;
  }
}

/** A refusal or throttling the sign-in read ends on with a gap; anything else stops the collection. */
function endsInGap(error: unknown): error is GraphRequestError {
  return (
    error instanceof GraphRequestError &&
    ([403, 404, 429, 501, 503, 504].includes(error.status) || /licen[cs]e|premium/i.test(error.graphCode ?? ""))
  );
}

async function tenantUserCount(session: GraphSession): Promise<number | null> {
  try {
    const body = await session.json("GET", SIGN_IN_PATHS.userCount, COLLECTION, undefined, {
      ConsistencyLevel: "eventual",
    });
    const count = body["@odata.count"];
    return typeof count === "number" && Number.isInteger(count) && count >= 0 ? count : null;
  } catch (error) {
    if (error instanceof GraphRequestError) return null;
    throw error;
  }
}

/**
 * Reads the sign-in times of these users through `session`, which must be the sign-in read's own (concurrency 1,
 * its own retry budget). Users deleted since are skipped; what was read before a failure is kept.
 */
export async function readSignIns(
  session: GraphSession,
  userIds: readonly string[],
  options: {
    requestsPerMinute?: number;
    signal?: AbortSignal | undefined;
    onProgress?: (pages: number) => void;
    /** Other identity and access reports requests this collection sent (the audit log's pages). */
    reportsRequestsSent?: number;
  } = {},
): Promise<SignInResult> {
  const wanted = new Set(userIds);
  const times = new Map<string, SignInTimes>();
  if (wanted.size === 0) return { times, read: null, failure: null };
  const pacer = new Pacer(
    options.requestsPerMinute ?? SIGN_IN_REQUESTS_PER_MINUTE,
    options.signal,
    options.reportsRequestsSent,
  );
  const read = cheaperSignInRead(await tenantUserCount(session), wanted.size);
  let requests = 0;
  const answered = () => options.onProgress?.(++requests);
  try {
    if (read === "list") {
      const seen = new Set<string>();
      let url: string | null = session.url(SIGN_IN_PATHS.list);
      // The list ends early once every holder has been seen.
      while (url !== null && times.size < wanted.size) {
        const request = session.describe("GET", url);
        await pacer.next();
        const body = await session.json("GET", url, COLLECTION);
        answered();
        for (const user of pageItems(body, request)) {
          const id = str(user, "id");
          const found = id === null ? null : signInTimes(user);
          if (id !== null && found !== null && wanted.has(id)) times.set(id, found);
        }
        const next = nextLinkOf(body, request);
        if (next !== null) checkNextLink(session, next, seen, request);
        url = next;
      }
    } else {
      for (const id of [...wanted].sort()) {
        await pacer.next();
        const response = await session.send("GET", SIGN_IN_PATHS.user(id), COLLECTION);
        answered();
        if (response.status === 404) continue;
        if (response.status < 200 || response.status >= 300 || response.body === null) {
          throw session.errorFor(
            "GET",
            session.url(SIGN_IN_PATHS.user(id)),
            response.status,
            response.body,
            response.headers,
          );
        }
        const found = signInTimes(response.body as Record<string, unknown>);
        if (found !== null) times.set(id, found);
      }
    }
  } catch (error) {
    if (endsInGap(error)) return { times, read, failure: error };
    throw error;
  }
  return { times, read, failure: null };
}
