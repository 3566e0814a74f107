// Serving one entity set: filter validation and evaluation, $select, $expand, paging with an
// opaque $skiptoken and an absolute @odata.nextLink, and @odata.context.
import { createHash } from "node:crypto";
import type { Entity } from "../graph/entities.js";
import { badRequest, unsupportedQuery } from "../http/graph-error.js";
import type { Table } from "../tenant/directory.js";
import { type FilterNode, filterLeaves, matches } from "./filter.js";
import type { ExpandItem, ODataQuery } from "./query.js";

/** The filter operators a property supports, as each resource page lists them. `null` = comparisons with null. */
export type FilterOp = "eq" | "ne" | "in" | "startswith" | "ge" | "le" | "gt" | "lt" | "null";

export type Expander<Row> = (row: Row, entity: Entity, item: ExpandItem) => unknown;

export interface EntitySet<Row> {
  /** The Graph type name for error messages, e.g. microsoft.graph.unifiedRoleEligibilityScheduleInstance. */
  typeName: string;
  /** What follows `$metadata#` in @odata.context. */
  contextPath: string;
  rows: Table<Row>;
  include?: (row: Row) => boolean;
  render: (row: Row) => Entity;
  /** Properties returned without $select (default: all). */
  defaultKeys?: readonly string[];
  filterable: Record<string, readonly FilterOp[]>;
  expand: Record<string, Expander<Row>>;
  /** Largest page a client may ask for with $top. */
  maxPageSize?: number;
  /** The one property $orderby accepts, and the order the rows are already in. */
  orderBy?: { property: string; natural: "asc" | "desc" };
}

export interface ServeOptions {
  /** `https://127.0.0.1:PORT/v1.0` */
  versionBase: string;
  /** The request path below the version, e.g. `users`, for @odata.nextLink. */
  path: string;
  defaultPageSize: number;
  /** A fault: the nextLink points at the page just served. */
  repeatNextLink?: boolean;
  /** Fault injection: `@odata.nextLink` holds this value instead of the next page's URL. */
  malformedNextLink?: { nextLink?: unknown };
  maxPageSizeOverride?: number;
}

export function checkFilter(set: EntitySet<unknown>, query: ODataQuery): void {
  if (!query.filter) return;
  const resource = set.typeName;
  for (const leaf of filterLeaves(query.filter)) {
    const ops = set.filterable[leaf.path.toLowerCase()];
    const unsupported = unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${leaf.path}' of resource '${resource}'.`,
    );
    if (!ops) throw unsupported;
    const op =
      leaf.kind === "in" ? "in" : leaf.kind === "startswith" ? "startswith" : leaf.value === null ? "null" : leaf.op;
    if (!ops.includes(op)) throw unsupported;
  }
  if (usesNot(query.filter)) throw unsupportedQuery(`The 'not' operator is not supported on resource '${resource}'.`);
}

function usesNot(node: FilterNode): boolean {
  if (node.kind === "not") return true;
  if (node.kind === "and" || node.kind === "or") return usesNot(node.left) || usesNot(node.right);
  return false;
}

export function contextSuffix(select: string[] | null, expand: ExpandItem[]): string {
  const expandText = (items: ExpandItem[]): string[] =>
    items.map((e) => `${e.name}(${[...(e.select ?? []), ...expandText(e.expand)].join(",")})`);
  const parts = [...(select ?? []), ...expandText(expand)];
  return parts.length === 0 ? "" : `(${parts.join(",")})`;
}

// A $select list is parsed once per query (parseQuery remembers queries), and an entity set renders its entities
// with the same keys in the same order: decide once per key list which keys stay.
interface SelectPlan {
  keys: readonly string[];
  keep: readonly boolean[];
}
const selectPlans = new WeakMap<readonly string[], SelectPlan[]>();
const PLANS_PER_SELECT = 16;

function selectPlan(select: readonly string[], keys: readonly string[], typeName: string): readonly boolean[] {
  let plans = selectPlans.get(select);
  if (!plans) {
    plans = [];
    selectPlans.set(select, plans);
  }
  for (const plan of plans) {
    if (plan.keys.length === keys.length && plan.keys.every((key, i) => key === keys[i])) return plan.keep;
  }
  const wanted = new Map(select.map((s) => [s.toLowerCase(), s]));
  const lowerKeys = keys.map((k) => k.toLowerCase());
  for (const [lower, original] of wanted) {
    if (!lowerKeys.includes(lower)) {
      throw badRequest(`Could not find a property named '${original}' on type '${typeName}'.`);
    }
  }
  const keep = keys.map((key, i) => key === "@odata.type" || key === "id" || wanted.has(lowerKeys[i]!));
  if (plans.length < PLANS_PER_SELECT) plans.push({ keys, keep });
  return keep;
}

/** Keep the selected properties (plus id and @odata.type, which Graph always returns). */
export function applySelect(entity: Entity, select: readonly string[] | null, typeName: string): Entity {
  if (select === null) return entity;
  const keys = Object.keys(entity);
  const keep = selectPlan(select, keys, typeName);
  const selected: Entity = {};
  for (let i = 0; i < keys.length; i++) {
    if (keep[i]) selected[keys[i]!] = entity[keys[i]!];
  }
  return selected;
}

/** `full` is `set.render(row)` when the caller has it already (a filter read it). */
export function renderOne<Row>(
  set: EntitySet<Row>,
  row: Row,
  query: Pick<ODataQuery, "select" | "expand">,
  full: Entity = set.render(row),
): Entity {
  const base =
    query.select !== null
      ? applySelect(full, query.select, set.typeName)
      : set.defaultKeys
        ? applySelect(full, set.defaultKeys, set.typeName)
        : full;
  if (query.expand.length === 0) return base;
  const result: Entity = { ...base };
  for (const item of query.expand) {
    const expander = set.expand[item.name] ?? set.expand[item.name.toLowerCase()];
    if (!expander) throw badRequest(`Could not find a property named '${item.name}' on type '${set.typeName}'.`);
    result[item.name] = expander(row, full, item);
  }
  return result;
}

// Every page of a list carries the same options (the same array: parseQuery remembers queries), so hash them once.
const queryHashes = new WeakMap<ODataQuery["carried"], Map<string, string>>();

function queryHash(query: ODataQuery, path: string): string {
  let byPath = queryHashes.get(query.carried);
  if (!byPath) {
    byPath = new Map();
    queryHashes.set(query.carried, byPath);
  }
  let hash = byPath.get(path);
  if (hash === undefined) {
    hash = createHash("sha256")
      .update(path.toLowerCase())
      .update(JSON.stringify(query.carried))
      .digest("base64url")
      .slice(0, 10);
    byPath.set(path, hash);
  }
  return hash;
}

function encodeSkiptoken(position: number, hash: string): string {
  return Buffer.from(`RFNwdA:${position}:${hash}`).toString("base64url");
}

function decodeSkiptoken(token: string, hash: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const match = /^RFNwdA:(\d+):(.+)$/.exec(text);
  if (!match || match[2] !== hash) {
    throw badRequest(
      "The $skiptoken value is invalid or does not belong to this query. Start again from the first page.",
      "Request_BadRequest",
    );
  }
  return Number(match[1]);
}

function ordered<Row>(set: EntitySet<Row>, query: ODataQuery): Table<Row> {
  if (query.orderBy === null) return set.rows;
  if (!set.orderBy || set.orderBy.property.toLowerCase() !== query.orderBy.property.toLowerCase()) {
    throw unsupportedQuery(`Sorting by '${query.orderBy.property}' is not supported on resource '${set.typeName}'.`);
  }
  if (query.orderBy.direction === set.orderBy.natural) return set.rows;
  const { rows } = set;
  return { size: rows.size, at: (index) => rows.at(rows.size - 1 - index) };
}

// The count is the same on every page of a query: counting once keeps a page at offset k from costing O(size).
// Keyed by the table (a directory's tables live as long as it does), then by entity set and filter.
const counts = new WeakMap<Table<unknown>, Map<string, number>>();
const COUNTS_KEPT = 256;

function countOf<Row>(set: EntitySet<Row>, query: ODataQuery): number {
  let byQuery = counts.get(set.rows);
  if (!byQuery) {
    byQuery = new Map();
    counts.set(set.rows, byQuery);
  }
  const key = `${set.contextPath}\u0000${query.filterText ?? ""}`;
  let count = byQuery.get(key);
  if (count === undefined) {
    count = 0;
    for (let i = 0; i < set.rows.size; i++) {
      const row = set.rows.at(i);
      if ((!set.include || set.include(row)) && (!query.filter || matches(query.filter, set.render(row)))) count++;
    }
    if (byQuery.size >= COUNTS_KEPT) byQuery.clear();
    byQuery.set(key, count);
  }
  return count;
}

export interface Page {
  body: Entity;
}

export function servePage<Row>(set: EntitySet<Row>, query: ODataQuery, options: ServeOptions): Page {
  checkFilter(set as EntitySet<unknown>, query);
  const hash = queryHash(query, options.path);
  const start = query.skiptoken === null ? 0 : decodeSkiptoken(query.skiptoken, hash);
  const max = options.maxPageSizeOverride ?? set.maxPageSize ?? 999;
  const pageSize = Math.min(query.top ?? options.defaultPageSize, max);
  const rows = ordered(set, query);
  const value: Entity[] = [];
  let position = start;
  const size = rows.size;
  while (position < size && value.length < pageSize) {
    const row = rows.at(position);
    position++;
    if (set.include && !set.include(row)) continue;
    const full = set.render(row);
    if (query.filter && !matches(query.filter, full)) continue;
    value.push(renderOne(set, row, query, full));
  }
  const count = query.count ? countOf(set, query) : undefined;
  const body: Entity = {
    "@odata.context": `${options.versionBase}/$metadata#${set.contextPath}${contextSuffix(query.select, query.expand)}`,
  };
  if (count !== undefined) body["@odata.count"] = count;
  if (position < size) {
    const next = options.repeatNextLink ? start : position;
    // Written as Graph writes them: `$` kept in option names, values percent-encoded.
    const params = [...query.carried, ["$skiptoken", encodeSkiptoken(next, hash)] as const]
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join("&");
    body["@odata.nextLink"] = options.malformedNextLink
      ? options.malformedNextLink.nextLink
      : `${options.versionBase}/${options.path}?${params}`;
  }
  body.value = value;
  return { body };
}
