// What a route handler gets and gives back, and the two ways it answers: a page or one entity.
import { GraphError } from "../http/graph-error.js";
import { type EntitySet, type Page, renderOne, servePage } from "../odata/collection.js";
import type { ODataQuery } from "../odata/query.js";
import type { Directory } from "../tenant/directory.js";
import type { Entity } from "./entities.js";

export interface RequestContext {
  directory: Directory;
  now: Date;
  /** `https://127.0.0.1:PORT/v1.0` */
  versionBase: string;
  /** Path below the version, without the query string. */
  path: string;
  params: string[];
  query: ODataQuery;
  body: unknown;
  roles: ReadonlySet<string>;
  defaultPageSize: number;
  /** Fault injection: the nextLink repeats the page just served. */
  repeatNextLink: boolean;
  /** A fault that puts something other than a URL in `@odata.nextLink` when there is a next page. */
  malformedNextLink?: { nextLink?: unknown } | undefined;
  /** Request headers, lower-case names. */
  headers: Record<string, string | undefined>;
}

export interface RouteResult {
  status: number;
  body: Entity;
}

export function page<Row>(ctx: RequestContext, set: EntitySet<Row>, maxPageSizeOverride?: number): RouteResult {
  const result: Page = servePage(set, ctx.query, {
    versionBase: ctx.versionBase,
    path: ctx.path,
    defaultPageSize: ctx.defaultPageSize,
    repeatNextLink: ctx.repeatNextLink,
    ...(ctx.malformedNextLink ? { malformedNextLink: ctx.malformedNextLink } : {}),
    ...(maxPageSizeOverride === undefined ? {} : { maxPageSizeOverride }),
  });
  return { status: 200, body: result.body };
}

export function single<Row>(ctx: RequestContext, set: EntitySet<Row>, row: Row): RouteResult {
  const entity = renderOne(set, row, ctx.query);
  return {
    status: 200,
    body: { "@odata.context": `${ctx.versionBase}/$metadata#${set.contextPath}/$entity`, ...entity },
  };
}

export function denied(): GraphError {
  return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}
