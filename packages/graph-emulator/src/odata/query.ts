// The OData system query options of one request: $select, $expand (nested), $top, $filter, $skiptoken.
import { badRequest } from "../http/graph-error.js";
import { type FilterNode, FilterSyntaxError, parseFilter } from "./filter.js";

export interface ExpandItem {
  name: string;
  select: string[] | null;
  expand: ExpandItem[];
}

export interface ODataQuery {
  select: string[] | null;
  expand: ExpandItem[];
  top: number | null;
  filter: FilterNode | null;
  filterText: string | null;
  skiptoken: string | null;
  count: boolean;
  orderBy: { property: string; direction: "asc" | "desc" } | null;
  /** Options other than $skiptoken, in request order, to carry into @odata.nextLink. */
  carried: [string, string][];
}

const KNOWN = new Set([
  "select",
  "expand",
  "top",
  "filter",
  "skiptoken",
  "count",
  "orderby",
  "search",
  "skip",
  "format",
]);

/** Split on commas (or the given separator) that are not inside parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseSelect(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function parseExpand(text: string): ExpandItem[] {
  return splitTopLevel(text, ",").map((item) => {
    const open = item.indexOf("(");
    if (open === -1) return { name: item, select: null, expand: [] };
    if (!item.endsWith(")")) throw badRequest(`Invalid $expand clause '${item}'.`);
    const name = item.slice(0, open).trim();
    let select: string[] | null = null;
    let expand: ExpandItem[] = [];
    for (const option of splitTopLevel(item.slice(open + 1, -1), ";")) {
      const eq = option.indexOf("=");
      const key = option.slice(0, eq).trim().replace(/^\$/, "").toLowerCase();
      const value = option.slice(eq + 1);
      if (key === "select") select = parseSelect(value);
      else if (key === "expand") expand = parseExpand(value);
      else throw badRequest(`Query option '$${key}' is not supported inside $expand of '${name}'.`);
    }
    return { name, select, expand };
  });
}

// Every page of a list repeats its options with a new $skiptoken, and every lookup of a kind repeats its $select:
// parse each option set once. Remembered queries are shared, so nothing may change one after parsing.
const parsedQueries = new Map<string, ODataQuery>();
const PARSED_QUERIES_KEPT = 256;

export function parseQuery(params: URLSearchParams): ODataQuery {
  const options: [string, string][] = [];
  let skiptoken: string | null = null;
  for (const [rawKey, value] of params) {
    if (rawKey.replace(/^\$/, "").toLowerCase() === "skiptoken") skiptoken = value;
    else options.push([rawKey, value]);
  }
  const key = JSON.stringify(options);
  let parsed = parsedQueries.get(key);
  if (!parsed) {
    parsed = parseOptions(options);
    if (parsedQueries.size >= PARSED_QUERIES_KEPT) parsedQueries.clear();
    parsedQueries.set(key, parsed);
  }
  return skiptoken === null ? parsed : { ...parsed, skiptoken };
}

// Lookups repeat their query text exactly (`?$select=...` on every user), so the raw text is a key too; pages, whose
// text differs by $skiptoken, are left to the cache above.
const queriesByText = new Map<string, ODataQuery>();

/** parseQuery of a raw query string, as it follows `?` in the request target. */
export function parseQueryString(search: string): ODataQuery {
  const known = queriesByText.get(search);
  if (known) return known;
  const query = parseQuery(new URLSearchParams(search));
  if (query.skiptoken === null) {
    if (queriesByText.size >= PARSED_QUERIES_KEPT) queriesByText.clear();
    queriesByText.set(search, query);
  }
  return query;
}

/** The options other than $skiptoken, parsed. */
function parseOptions(params: Iterable<[string, string]>): ODataQuery {
  const query: ODataQuery = {
    select: null,
    expand: [],
    top: null,
    filter: null,
    filterText: null,
    skiptoken: null,
    count: false,
    orderBy: null,
    carried: [],
  };
  for (const [rawKey, value] of params) {
    const key = rawKey.replace(/^\$/, "").toLowerCase();
    if (!KNOWN.has(key)) continue;
    query.carried.push([rawKey, value]);
    switch (key) {
      case "select":
        query.select = parseSelect(value);
        break;
      case "expand":
        query.expand = parseExpand(value);
        break;
      case "top": {
        const top = Number(value);
        if (!Number.isInteger(top) || top < 1)
          throw badRequest(`Invalid value '${value}' for $top: use a positive integer.`);
        query.top = top;
        break;
      }
      case "filter":
        try {
          query.filter = parseFilter(value);
          query.filterText = value;
        } catch (error) {
          if (error instanceof FilterSyntaxError) throw badRequest(`Invalid filter clause: ${error.message}.`);
          throw error;
        }
        break;
      case "count":
        query.count = value.toLowerCase() === "true";
        break;
      case "orderby": {
        const match = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(value);
        if (!match)
          throw badRequest(`Invalid $orderby '${value}': use one property, optionally followed by asc or desc.`);
        query.orderBy = { property: match[1]!, direction: (match[2]?.toLowerCase() ?? "asc") as "asc" | "desc" };
        break;
      }
      case "skip":
        throw badRequest("'$skip' is not supported by the service.", "Request_UnsupportedQuery");
      default:
        throw badRequest(
          `Query option '$${key}' is not supported by this emulator on this resource.`,
          "Request_UnsupportedQuery",
        );
    }
  }
  return query;
}
