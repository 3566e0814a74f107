// The Graph v1.0 endpoints the emulator serves: path, permissions, request cost and handler.
import { badRequest, GraphError, notFound, unsupportedQuery } from "../http/graph-error.js";
import { isGranted, PERMISSIONS, type PermissionRequirement } from "../http/permissions.js";
import type { ThrottleLimit } from "../http/throttle.js";
import { applySelect, type EntitySet } from "../odata/collection.js";
import { filterLeaves, requiredEqualities } from "../odata/filter.js";
import type { ODataQuery } from "../odata/query.js";
import { arrayTable, type DirectoryObject, transitiveMemberIds } from "../tenant/directory.js";
import { denied, page, type RequestContext, type RouteResult, single } from "./context.js";
import { directoryObjectEntity, groupEntity, organizationEntity, servicePrincipalEntity } from "./entities.js";
import {
  assignmentInstances,
  assignmentSchedules,
  auditSet,
  eligibilityInstances,
  eligibilitySchedules,
  groupAssignmentInstances,
  groupEligibilityInstances,
  roleAssignments,
  roleDefinitions,
  roleRows,
  scheduleRequests,
  users,
} from "./entity-sets.js";
import { listPolicyAssignments } from "./policy-assignments.js";

export type { RequestContext, RouteResult } from "./context.js";

export interface Route {
  /** Stable name used by the request log and fault rules, e.g. `groups/{id}/transitiveMembers`. */
  name: string;
  method: "GET" | "POST";
  pattern: RegExp;
  /** The literal first segment of the path, lower-cased. */
  firstSegment: string;
  permissions: PermissionRequirement;
  /** Base request cost in resource units (throttling-limits.md). */
  cost: number;
  /** Counted against the identity and access reports limit instead of the resource-unit bucket. */
  reports?: boolean;
  /** Served by PIM: needs Microsoft Entra ID P2, and refuses in PIM's wrapped error shape (pimServiceError). */
  pim?: boolean;
  /** The limit this request counts against when it depends on the query (signInActivity on users). */
  limitOf?: (query: ODataQuery) => ThrottleLimit;
  handle(ctx: RequestContext): RouteResult;
}

function requireGroupOrPrincipal(ctx: RequestContext): void {
  const terms = ctx.query.filter ? requiredEqualities(ctx.query.filter) : new Map();
  if (typeof terms.get("groupid") !== "string" && typeof terms.get("principalid") !== "string") {
    throw badRequest(
      "This request requires the $filter (eq) query parameter to scope the request to a groupId or a principalId, for example $filter=groupId eq '{id}'.",
    );
  }
}

const INVALID_FILTER = () => new GraphError(400, "InvalidFilter", "The  filter is invalid.");

/**
 * The unifiedRole* schedules and instances take `$expand=principal` but no options inside it (their resource pages say
 * "Supports `$expand`" only): Graph answers `$expand=principal($select=displayName)` with 400 InvalidFilter
 * (microsoftgraph/microsoft-graph-docs-contrib#9157).
 */
function refuseOptionsInsideExpand(ctx: RequestContext): void {
  if (ctx.query.expand.some((item) => item.select !== null || item.expand.length > 0)) throw INVALID_FILTER();
}

/** Schedule requests take `$select` nested in `$expand`, on principal for id only (unifiedroleassignmentschedulerequest.md). */
function requestsPage(ctx: RequestContext): RouteResult {
  for (const item of ctx.query.expand) {
    const principalBeyondId =
      item.name.toLowerCase() === "principal" && item.select !== null && item.select.some((s) => s !== "id");
    if (item.expand.length > 0 || principalBeyondId) throw INVALID_FILTER();
  }
  return page(ctx, scheduleRequests(ctx));
}

function schedulePage<Row>(ctx: RequestContext, set: EntitySet<Row>): RouteResult {
  refuseOptionsInsideExpand(ctx);
  return page(ctx, set);
}

function wantsSignInActivity(query: ODataQuery): boolean {
  return (
    (query.select ?? []).some((s) => s.toLowerCase() === "signinactivity") ||
    (query.filterText ?? "").toLowerCase().includes("signinactivity")
  );
}

/** throttling-limits.md: reads of signInActivity count against the identity and access reports limits. */
const signInActivityLimit = (query: ODataQuery): ThrottleLimit =>
  wantsSignInActivity(query) ? "signInActivity" : "identity";

function checkSignInActivity(ctx: RequestContext): void {
  if (!wantsSignInActivity(ctx.query)) return;
  if (!isGranted(PERMISSIONS.signInActivity, ctx.roles)) throw denied();
  if (!ctx.directory.tenant.premiumLicence) {
    throw new GraphError(
      403,
      "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
      "Neither tenant is B2C or tenant doesn't have premium license",
    );
  }
}

/**
 * On directory objects, `ne` in $filter and `$count` are advanced queries: Graph answers
 * them only with `ConsistencyLevel: eventual` and `$count=true`.
 */
function requireAdvancedQueryFor(ctx: RequestContext): void {
  const usesNe =
    ctx.query.filter !== null && filterLeaves(ctx.query.filter).some((l) => l.kind === "compare" && l.op === "ne");
  const advanced = ctx.query.count || usesNe;
  const eventual = ctx.headers.consistencylevel?.toLowerCase() === "eventual";
  if (advanced && !(eventual && ctx.query.count)) {
    throw unsupportedQuery(
      "This query uses advanced query capabilities: send the header 'ConsistencyLevel: eventual' and add $count=true.",
    );
  }
}

function objectOr404<K extends DirectoryObject["kind"]>(
  ctx: RequestContext,
  id: string,
  kind: K,
): Extract<DirectoryObject, { kind: K }> {
  const object = ctx.directory.object(id);
  if (!object || object.kind !== kind) throw notFound(id);
  return object as Extract<DirectoryObject, { kind: K }>;
}

const SEG = "([^/]+)";
const route = (
  name: string,
  method: Route["method"],
  path: string,
  permissions: PermissionRequirement,
  cost: number,
  handle: Route["handle"],
  reports = false,
): Route => ({
  name,
  method,
  pattern: new RegExp(`^${path.replace(/\$/g, "\\$").replace(/\{id\}/g, SEG)}$`, "i"),
  firstSegment: path.split("/")[0]!.toLowerCase(),
  permissions,
  cost,
  reports,
  pim: /Schedule|privilegedAccess/.test(path),
  handle,
});

export const ROUTES: readonly Route[] = [
  route(
    "roleManagement/directory/roleDefinitions",
    "GET",
    "roleManagement/directory/roleDefinitions",
    PERMISSIONS.roleDefinitions,
    1,
    (ctx) => page(ctx, roleDefinitions(ctx)),
  ),
  route(
    "roleManagement/directory/roleDefinitions/{id}",
    "GET",
    "roleManagement/directory/roleDefinitions/{id}",
    PERMISSIONS.roleDefinitions,
    1,
    (ctx) => {
      const role = roleRows(ctx.directory).byId.get(ctx.params[0]!.toLowerCase());
      if (!role) throw notFound(ctx.params[0]!);
      return single(ctx, roleDefinitions(ctx), role);
    },
  ),
  route(
    "roleManagement/directory/roleEligibilityScheduleInstances",
    "GET",
    "roleManagement/directory/roleEligibilityScheduleInstances",
    PERMISSIONS.roleEligibility,
    1,
    (ctx) => schedulePage(ctx, eligibilityInstances(ctx)),
  ),
  route(
    "roleManagement/directory/roleAssignmentScheduleInstances",
    "GET",
    "roleManagement/directory/roleAssignmentScheduleInstances",
    PERMISSIONS.roleAssignment,
    1,
    (ctx) => schedulePage(ctx, assignmentInstances(ctx)),
  ),
  route(
    "roleManagement/directory/roleEligibilitySchedules",
    "GET",
    "roleManagement/directory/roleEligibilitySchedules",
    PERMISSIONS.roleEligibility,
    1,
    (ctx) => schedulePage(ctx, eligibilitySchedules(ctx)),
  ),
  route(
    "roleManagement/directory/roleAssignmentSchedules",
    "GET",
    "roleManagement/directory/roleAssignmentSchedules",
    PERMISSIONS.roleAssignment,
    1,
    (ctx) => schedulePage(ctx, assignmentSchedules(ctx)),
  ),
  route(
    "roleManagement/directory/roleAssignmentScheduleRequests",
    "GET",
    "roleManagement/directory/roleAssignmentScheduleRequests",
    PERMISSIONS.roleAssignmentRequests,
    1,
    requestsPage,
  ),
  route(
    "roleManagement/directory/roleAssignments",
    "GET",
    "roleManagement/directory/roleAssignments",
    PERMISSIONS.roleAssignments,
    1,
    (ctx) => page(ctx, roleAssignments(ctx)),
  ),
  // Permissions depend on the scope in the filter (Entra roles or groups); the handler checks them.
  route(
    "policies/roleManagementPolicyAssignments",
    "GET",
    "policies/roleManagementPolicyAssignments",
    [],
    1,
    listPolicyAssignments,
  ),
  route(
    "identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
    "GET",
    "identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
    PERMISSIONS.groupEligibility,
    1,
    (ctx) => {
      requireGroupOrPrincipal(ctx);
      return page(ctx, groupEligibilityInstances(ctx));
    },
  ),
  route(
    "identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
    "GET",
    "identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
    PERMISSIONS.groupAssignment,
    1,
    (ctx) => {
      requireGroupOrPrincipal(ctx);
      return page(ctx, groupAssignmentInstances(ctx));
    },
  ),
  route(
    "identityGovernance/privilegedAccess/group/assignmentScheduleInstances/{id}",
    "GET",
    "identityGovernance/privilegedAccess/group/assignmentScheduleInstances/{id}",
    PERMISSIONS.groupAssignment,
    1,
    (ctx) => {
      const id = ctx.params[0]!;
      const set = groupAssignmentInstances(ctx);
      for (let i = 0; i < set.rows.size; i++) {
        const row = set.rows.at(i);
        if (row.id === id) return single(ctx, set, row);
      }
      throw notFound(id);
    },
  ),
  route("groups/{id}", "GET", "groups/{id}", PERMISSIONS.groups, 1, (ctx) => {
    const object = objectOr404(ctx, ctx.params[0]!, "group");
    const entity = applySelect(groupEntity(object.group), ctx.query.select, "microsoft.graph.group");
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#groups/$entity`, ...entity } };
  }),
  route("groups/{id}/transitiveMembers", "GET", "groups/{id}/transitiveMembers", PERMISSIONS.groupMembers, 5, (ctx) => {
    objectOr404(ctx, ctx.params[0]!, "group");
    const ids = transitiveMemberIds(ctx.directory, ctx.params[0]!);
    const members = ids.map((id) => ctx.directory.object(id)).filter((o) => o !== undefined);
    return page(ctx, {
      typeName: "microsoft.graph.directoryObject",
      contextPath: "directoryObjects",
      rows: arrayTable(members),
      render: directoryObjectEntity,
      filterable: {},
      expand: {},
    });
  }),
  {
    ...route("users", "GET", "users", PERMISSIONS.users, 2, (ctx) => {
      requireAdvancedQueryFor(ctx);
      checkSignInActivity(ctx);
      // user-list.md: the maximum page size is 999, and 500 when signInActivity is selected or filtered on.
      return page(ctx, users(ctx), wantsSignInActivity(ctx.query) ? 500 : 999);
    }),
    limitOf: signInActivityLimit,
  },
  {
    ...route("users/{id}", "GET", "users/{id}", PERMISSIONS.users, 1, (ctx) => {
      checkSignInActivity(ctx);
      const object = objectOr404(ctx, decodeURIComponent(ctx.params[0]!), "user");
      return single(ctx, users(ctx), object.user);
    }),
    limitOf: signInActivityLimit,
  },
  route("servicePrincipals/{id}", "GET", "servicePrincipals/{id}", PERMISSIONS.servicePrincipals, 1, (ctx) => {
    const object = objectOr404(ctx, ctx.params[0]!, "servicePrincipal");
    const entity = applySelect(
      servicePrincipalEntity(object.servicePrincipal),
      ctx.query.select,
      "microsoft.graph.servicePrincipal",
    );
    return {
      status: 200,
      body: { "@odata.context": `${ctx.versionBase}/$metadata#servicePrincipals/$entity`, ...entity },
    };
  }),
  route("directoryObjects/{id}", "GET", "directoryObjects/{id}", PERMISSIONS.directoryObjects, 1, (ctx) => {
    const object = ctx.directory.object(ctx.params[0]!);
    if (!object) throw notFound(ctx.params[0]!);
    const entity = applySelect(directoryObjectEntity(object), ctx.query.select, "microsoft.graph.directoryObject");
    return {
      status: 200,
      body: { "@odata.context": `${ctx.versionBase}/$metadata#directoryObjects/$entity`, ...entity },
    };
  }),
  route("directoryObjects/getByIds", "POST", "directoryObjects/getByIds", PERMISSIONS.directoryObjects, 3, (ctx) => {
    const body = ctx.body as { ids?: unknown; types?: unknown } | null;
    if (!body || !Array.isArray(body.ids) || body.ids.some((id) => typeof id !== "string")) {
      throw badRequest('The request body must be {"ids": ["..."], "types": ["user", ...]} with string ids.');
    }
    if (body.ids.length > 1000) throw badRequest("At most 1000 ids may be requested at once.");
    const types = Array.isArray(body.types) ? new Set(body.types.map((t) => String(t).toLowerCase())) : null;
    const value = (body.ids as string[])
      .map((id) => ctx.directory.object(id))
      .filter((o) => o !== undefined && (types === null || types.has(o.kind.toLowerCase())))
      .map((o) => directoryObjectEntity(o!));
    return { status: 200, body: { "@odata.context": `${ctx.versionBase}/$metadata#directoryObjects`, value } };
  }),
  route(
    "auditLogs/directoryAudits",
    "GET",
    "auditLogs/directoryAudits",
    PERMISSIONS.directoryAudits,
    1,
    (ctx) => page(ctx, auditSet(ctx)),
    true,
  ),
  route("organization", "GET", "organization", PERMISSIONS.organization, 1, (ctx) => ({
    status: 200,
    body: {
      "@odata.context": `${ctx.versionBase}/$metadata#organization`,
      value: [applySelect(organizationEntity(ctx.directory.tenant), ctx.query.select, "microsoft.graph.organization")],
    },
  })),
];

// Every route's path starts with a literal segment, so only the routes sharing a path's first segment can match
// it; grouped in ROUTES order, they are tried in the same order as before.
const ROUTES_BY_FIRST_SEGMENT = new Map<string, Route[]>();
for (const candidate of ROUTES) {
  const group = ROUTES_BY_FIRST_SEGMENT.get(candidate.firstSegment) ?? [];
  ROUTES_BY_FIRST_SEGMENT.set(candidate.firstSegment, [...group, candidate]);
}

export function findRoute(
  method: string,
  path: string,
): { route: Route; params: string[] } | { methodNotAllowed: true } | undefined {
  let pathMatched = false;
  const slash = path.indexOf("/");
  const first = (slash === -1 ? path : path.slice(0, slash)).toLowerCase();
  for (const candidate of ROUTES_BY_FIRST_SEGMENT.get(first) ?? []) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    if (candidate.method !== method) {
      pathMatched = true;
      continue;
    }
    return { route: candidate, params: match.slice(1) };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
