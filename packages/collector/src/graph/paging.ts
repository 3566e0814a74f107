// Follow @odata.nextLink to the end of a collection, refusing links that leave the service or repeat.
import { CollectionError } from "@pim-audit/model";
import type { GraphSession } from "./session.js";

export interface PageCounter {
  pages: number;
  items: number;
}

/**
 * The page's nextLink; null when the page has none. Anything else in its place (a number, "", an object) is not
 * the end of the list but a page that cannot be followed: the collection fails closed instead of stopping short.
 */
export function nextLinkOf(body: Record<string, unknown>, request: string): string | null {
  if (!Object.hasOwn(body, "@odata.nextLink")) return null;
  const link = body["@odata.nextLink"];
  if (typeof link === "string" && link !== "") return link;
  throw new CollectionError(
    "COLLECTION_INCOMPLETE",
    `Graph returned an @odata.nextLink that is not a URL (${JSON.stringify(link)?.slice(0, 40) ?? typeof link}), so the rest of the list cannot be read.`,
    { request, hint: "Run again; if it repeats, report the request to Microsoft support." },
  );
}

/** Ids already read from a list: an item met twice means a page came back twice, and the list cannot be trusted. */
function checkUnique(items: readonly Record<string, unknown>[], ids: Set<string>, request: string): void {
  for (const item of items) {
    const id = item["id"];
    if (typeof id !== "string") continue;
    if (ids.has(id)) {
      throw new CollectionError(
        "COLLECTION_INCOMPLETE",
        `Graph returned the item ${id} twice while paging (a page was repeated), so the list cannot be trusted.`,
        { request, hint: "Run again; if it repeats, report the request to Microsoft support." },
      );
    }
    ids.add(id);
  }
}

export function pageItems(body: Record<string, unknown>, request: string): Record<string, unknown>[] {
  const value = body["value"];
  if (!Array.isArray(value)) {
    throw new CollectionError("GRAPH_REQUEST_FAILED", "Graph returned a page without a `value` array.", { request });
  }
  return value as Record<string, unknown>[];
}

/** Checks a nextLink before following it: same origin as the service (the token goes with it), not seen before. */
export function checkNextLink(session: GraphSession, link: string, seen: Set<string>, request: string): void {
  if (!link.startsWith(`${new URL(session.baseUrl).origin}/`)) {
    throw new CollectionError(
      "GRAPH_REQUEST_FAILED",
      "Graph returned a nextLink to another host; it was not followed.",
      {
        request,
        hint: "Check --graph-endpoint: the token is only sent to the Graph endpoint itself.",
      },
    );
  }
  if (seen.has(link)) {
    throw new CollectionError(
      "COLLECTION_INCOMPLETE",
      "Graph returned a nextLink it had already returned, so paging would never end.",
      {
        request,
        hint: "Run again; if it repeats, report the request to Microsoft support.",
      },
    );
  }
  seen.add(link);
}

/** Every item of a collection, following nextLink; the first page may already be in hand (from a $batch). */
export async function readAllPages(
  session: GraphSession,
  path: string,
  collection: string,
  counter: PageCounter,
  onPage: (counter: PageCounter, items: readonly Record<string, unknown>[]) => void,
  firstPage?: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const ids = new Set<string>();
  let url: string | null = session.url(path);
  let body = firstPage;
  while (url !== null) {
    const request = session.describe("GET", url);
    body ??= await session.json("GET", url, collection);
    const value = pageItems(body, request);
    checkUnique(value, ids, request);
    // A loop, not push(...value): spreading a page of ~100k items overflows the call stack.
    for (const item of value) items.push(item);
    counter.pages++;
    counter.items += value.length;
    onPage(counter, value);
    const next = nextLinkOf(body, request);
    if (next !== null) checkNextLink(session, next, seen, request);
    url = next;
    body = undefined;
  }
  return items;
}
