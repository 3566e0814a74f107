// The Graph v1.0 endpoints the emulator serves: path, permissions, request cost and handler.
import { badRequest, GraphError, notFound } from "../http/graph-error.js";
import { isGranted, PERMISSIONS, type PermissionRequirement } from "../http/permissions.js";
import { guid } from "../ids.js";
import { applySelect, type EntitySet, type Page, renderOne, servePage } from "../odata/collection.js";
import { requiredEqualities } from "../odata/filter.js";
import type { ExpandItem, ODataQuery } from "../odata/query.js";
import {
  arrayTable,
  type Directory,
  type DirectoryObject,
  type Table,
  transitiveMemberIds,
} from "../tenant/directory.js";
import type {
  FixtureAssignmentSchedule,
  FixtureDirectoryAudit,
  FixtureEligibilitySchedule,
  FixtureGroupAssignment,
  FixtureGroupEligibility,
  FixtureScheduleRequest,
  FixtureUser,
} from "../tenant/fixture.js";
import { defaultRoleSetting } from "../tenant/role-settings.js";
import {
  administrativeUnitEntity,
  assignmentInstanceEntity,
  assignmentScheduleEntity,
  builtInRoleRows,
  customRoleRow,
  directoryAuditEntity,
  directoryObjectEntity,
  type Entity,
  eligibilityInstanceEntity,
  eligibilityScheduleEntity,
  groupAssignmentInstanceEntity,
  groupEligibilityInstanceEntity,
  groupEntity,
  organizationEntity,
  type RoleDefinitionRow,
  roleAssignmentEntity,
  roleDefinitionEntity,
  scheduleRequestEntity,
  servicePrincipalEntity,
  USER_DEFAULT_KEYS,
  userEntity,
} from "./entities.js";
import { policyRules } from "./policy-rules.js";

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
}

export interface RouteResult {
  status: number;
  body: Entity;
}

export interface Route {
  /** Stable name used by the request log and fault rules, e.g. `groups/{id}/transitiveMembers`. */
  name: string;
  method: "GET" | "POST";
  pattern: RegExp;
  permissions: PermissionRequirement;
  /** Base request cost in resource units (throttling-limits.md). */
  cost: number;
  /** Counted against the identity and access reports limit instead of the resource-unit bucket. */
  reports?: boolean;
  handle(ctx: RequestContext): RouteResult;
}

const roleRowsCache = new WeakMap<Directory, { rows: RoleDefinitionRow[]; byId: Map<string, RoleDefinitionRow> }>();

function roleRows(directory: Directory) {
  let cached = roleRowsCache.get(directory);
  if (!cached) {
    const rows = [...builtInRoleRows()];
    for (let i = 0; i < directory.customRoles.size; i++) rows.push(customRoleRow(directory.customRoles.at(i)));
    cached = { rows, byId: new Map(rows.map((r) => [r.id.toLowerCase(), r])) };
    roleRowsCache.set(directory, cached);
  }
  return cached;
}

function page<Row>(ctx: RequestContext, set: EntitySet<Row>, maxPageSizeOverride?: number): RouteResult {
  const result: Page = servePage(set, ctx.query, {
    versionBase: ctx.versionBase,
    path: ctx.path,
    defaultPageSize: ctx.defaultPageSize,
    repeatNextLink: ctx.repeatNextLink,
    ...(maxPageSizeOverride === undefined ? {} : { maxPageSizeOverride }),
  });
  return { status: 200, body: result.body };
}

function single<Row>(ctx: RequestContext, set: EntitySet<Row>, row: Row): RouteResult {
  const entity = renderOne(set, row, ctx.query);
  return {
    status: 200,
    body: { "@odata.context": `${ctx.versionBase}/$metadata#${set.contextPath}/$entity`, ...entity },
  };
}

function nested(entity: Entity | null, item: ExpandItem, typeName: string): Entity | null {
  return entity === null ? null : applySelect(entity, item.select, typeName);
}

function principalExpander(ctx: RequestContext) {
  return (row: { principalId: string }, _e: Entity, item: ExpandItem) => {
    const object = ctx.directory.object(row.principalId);
    return nested(object ? directoryObjectEntity(object) : null, item, "microsoft.graph.directoryObject");
  };
}

function roleDefinitionExpander(ctx: RequestContext) {
  return (row: { roleDefinitionId: string }, _e: Entity, item: ExpandItem) => {
    const role = roleRows(ctx.directory).byId.get(row.roleDefinitionId.toLowerCase());
    return nested(role ? roleDefinitionEntity(role) : null, item, "microsoft.graph.unifiedRoleDefinition");
  };
}

function directoryScopeExpander(ctx: RequestContext) {
  return (row: { directoryScopeId: string }, _e: Entity, item: ExpandItem) => {
    const match = /^\/administrativeUnits\/(.+)$/i.exec(row.directoryScopeId);
    const unit = match ? ctx.directory.administrativeUnit(match[1]!) : undefined;
    return nested(unit ? administrativeUnitEntity(unit) : null, item, "microsoft.graph.directoryObject");
  };
}

const isCurrent = (now: Date) => (row: { startDateTime: string | null; endDateTime: string | null }) =>
  (row.startDateTime === null || Date.parse(row.startDateTime) <= now.getTime()) &&
  (row.endDateTime === null || Date.parse(row.endDateTime) > now.getTime());

const INSTANCE_FILTERS = {
  principalid: ["eq", "ne"],
  roledefinitionid: ["eq", "ne"],
  membertype: ["eq", "ne"],
  directoryscopeid: ["eq", "ne", "null"],
  appscopeid: ["eq", "ne", "null"],
} as const;

function eligibilityInstances(ctx: RequestContext): EntitySet<FixtureEligibilitySchedule> {
  return {
    typeName: "microsoft.graph.unifiedRoleEligibilityScheduleInstance",
    contextPath: "roleManagement/directory/roleEligibilityScheduleInstances",
    rows: ctx.directory.roleEligibilitySchedules,
    include: isCurrent(ctx.now),
    render: eligibilityInstanceEntity,
    filterable: { ...INSTANCE_FILTERS, roleeligibilityscheduleid: ["eq", "ne"] },
    expand: {
      principal: principalExpander(ctx),
      roleDefinition: roleDefinitionExpander(ctx),
      directoryScope: directoryScopeExpander(ctx),
      appScope: () => null,
    },
  };
}

function assignmentInstances(ctx: RequestContext): EntitySet<FixtureAssignmentSchedule> {
  return {
    typeName: "microsoft.graph.unifiedRoleAssignmentScheduleInstance",
    contextPath: "roleManagement/directory/roleAssignmentScheduleInstances",
    rows: ctx.directory.roleAssignmentSchedules,
    include: (row) => isCurrent(ctx.now)({ startDateTime: row.startDateTime, endDateTime: row.endDateTime }),
    render: assignmentInstanceEntity,
    filterable: { ...INSTANCE_FILTERS, assignmenttype: ["eq", "ne"], roleassignmentscheduleid: ["eq", "ne"] },
    expand: {
      principal: principalExpander(ctx),
      roleDefinition: roleDefinitionExpander(ctx),
      directoryScope: directoryScopeExpander(ctx),
      appScope: () => null,
      activatedUsing: (row, _e, item) => {
        const eligibility =
          row.activatedUsing === null ? undefined : ctx.directory.eligibilitySchedule(row.activatedUsing);
        return nested(
          eligibility ? eligibilityInstanceEntity(eligibility) : null,
          item,
          "microsoft.graph.unifiedRoleEligibilityScheduleInstance",
        );
      },
    },
  };
}

/** Role assignments in force now: what the directory enforces, whether PIM made them or not. */
function roleAssignments(ctx: RequestContext): EntitySet<FixtureAssignmentSchedule> {
  return {
    typeName: "microsoft.graph.unifiedRoleAssignment",
    contextPath: "roleManagement/directory/roleAssignments",
    rows: ctx.directory.roleAssignmentSchedules,
    include: (row) => isCurrent(ctx.now)({ startDateTime: row.startDateTime, endDateTime: row.endDateTime }),
    render: roleAssignmentEntity,
    filterable: {
      principalid: ["eq"],
      roledefinitionid: ["eq"],
      directoryscopeid: ["eq"],
      appscopeid: ["eq"],
    },
    expand: {
      principal: principalExpander(ctx),
      roleDefinition: roleDefinitionExpander(ctx),
      directoryScope: directoryScopeExpander(ctx),
      appScope: () => null,
    },
  };
}

const SCHEDULE_FILTERS = {
  ...INSTANCE_FILTERS,
  status: ["eq", "ne"],
} as const;

function eligibilitySchedules(ctx: RequestContext): EntitySet<FixtureEligibilitySchedule> {
  return {
    typeName: "microsoft.graph.unifiedRoleEligibilitySchedule",
    contextPath: "roleManagement/directory/roleEligibilitySchedules",
    rows: ctx.directory.roleEligibilitySchedules,
    render: eligibilityScheduleEntity,
    filterable: SCHEDULE_FILTERS,
    expand: {
      principal: principalExpander(ctx),
      roleDefinition: roleDefinitionExpander(ctx),
      directoryScope: directoryScopeExpander(ctx),
      appScope: () => null,
    },
  };
}

function assignmentSchedules(ctx: RequestContext): EntitySet<FixtureAssignmentSchedule> {
  return {
    typeName: "microsoft.graph.unifiedRoleAssignmentSchedule",
    contextPath: "roleManagement/directory/roleAssignmentSchedules",
    rows: ctx.directory.roleAssignmentSchedules,
    render: assignmentScheduleEntity,
    filterable: { ...SCHEDULE_FILTERS, assignmenttype: ["eq", "ne"] },
    expand: {
      principal: principalExpander(ctx),
      roleDefinition: roleDefinitionExpander(ctx),
      directoryScope: directoryScopeExpander(ctx),
      appScope: () => null,
      activatedUsing: (row, _e, item) => {
        const eligibility =
          row.activatedUsing === null ? undefined : ctx.directory.eligibilitySchedule(row.activatedUsing);
        return nested(
          eligibility ? eligibilityScheduleEntity(eligibility) : null,
          item,
          "microsoft.graph.unifiedRoleEligibilitySchedule",
        );
      },
    },
  };
}

function scheduleRequests(ctx: RequestContext): EntitySet<FixtureScheduleRequest> {
  return {
    typeName: "microsoft.graph.unifiedRoleAssignmentScheduleRequest",
    contextPath: "roleManagement/directory/roleAssignmentScheduleRequests",
    rows: ctx.directory.roleAssignmentScheduleRequests,
    render: scheduleRequestEntity,
    filterable: {
      action: ["eq", "ne"],
      principalid: ["eq", "ne"],
      roledefinitionid: ["eq", "ne"],
      directoryscopeid: ["eq", "ne"],
      status: ["eq", "ne"],
      createddatetime: ["ge", "le", "gt", "lt"],
    },
    expand: {
      principal: principalExpander(ctx),
      roleDefinition: roleDefinitionExpander(ctx),
      targetSchedule: (row, _e, item) => {
        const schedule = ctx.directory.assignmentSchedule(row.targetScheduleId);
        return nested(
          schedule ? assignmentScheduleEntity(schedule) : null,
          item,
          "microsoft.graph.unifiedRoleAssignmentSchedule",
        );
      },
      activatedUsing: (row, _e, item) => {
        const schedule = ctx.directory.assignmentSchedule(row.targetScheduleId);
        const eligibility = schedule?.activatedUsing
          ? ctx.directory.eligibilitySchedule(schedule.activatedUsing)
          : undefined;
        return nested(
          eligibility ? eligibilityScheduleEntity(eligibility) : null,
          item,
          "microsoft.graph.unifiedRoleEligibilitySchedule",
        );
      },
    },
  };
}

function roleDefinitions(ctx: RequestContext): EntitySet<RoleDefinitionRow> {
  return {
    typeName: "microsoft.graph.unifiedRoleDefinition",
    contextPath: "roleManagement/directory/roleDefinitions",
    rows: arrayTable(roleRows(ctx.directory).rows),
    render: roleDefinitionEntity,
    filterable: {
      id: ["eq", "in"],
      displayname: ["eq", "in"],
      isbuiltin: ["eq", "in"],
      templateid: ["eq", "in"],
    },
    expand: { inheritsPermissionsFrom: () => [] },
  };
}

interface PolicyAssignmentRow {
  scopeId: string;
  scopeType: string;
  roleDefinitionId: string;
}

function policyId(ctx: RequestContext, row: PolicyAssignmentRow): string {
  const key = row.scopeType === "Group" ? `${row.scopeId}_${row.roleDefinitionId}` : row.roleDefinitionId;
  const prefix = row.scopeType === "Group" ? `Group_${row.scopeId}` : `${row.scopeType}_${ctx.directory.tenant.id}`;
  return `${prefix}_${guid(ctx.directory.tenant.id, key)}`;
}

function policyAssignments(ctx: RequestContext, rows: Table<PolicyAssignmentRow>): EntitySet<PolicyAssignmentRow> {
  const policyEntity = (row: PolicyAssignmentRow, item: ExpandItem): Entity => {
    const id = policyId(ctx, row);
    const policy: Entity = {
      id,
      displayName: row.scopeType,
      description: row.scopeType,
      isOrganizationDefault: false,
      scopeId: row.scopeId,
      scopeType: row.scopeType,
      lastModifiedDateTime: null,
      lastModifiedBy: { displayName: null, id: null },
    };
    const selected = applySelect(policy, item.select, "microsoft.graph.unifiedRoleManagementPolicy");
    for (const inner of item.expand) {
      if (inner.name.toLowerCase() !== "rules" && inner.name.toLowerCase() !== "effectiverules") {
        throw badRequest(
          `Could not find a property named '${inner.name}' on type 'microsoft.graph.unifiedRoleManagementPolicy'.`,
        );
      }
      const setting =
        ctx.directory.roleSetting(`${row.scopeType === "Group" ? `${row.scopeId}:` : ""}${row.roleDefinitionId}`) ??
        defaultRoleSetting(row.roleDefinitionId);
      const isGroup = (id: string) => ctx.directory.object(id)?.kind === "group";
      selected[inner.name] = policyRules(setting, isGroup).map((rule) =>
        inner.select ? applySelect(rule, inner.select, "microsoft.graph.unifiedRoleManagementPolicyRule") : rule,
      );
    }
    return selected;
  };
  return {
    typeName: "microsoft.graph.unifiedRoleManagementPolicyAssignment",
    contextPath: "policies/roleManagementPolicyAssignments",
    rows,
    render: (row) => {
      const id = policyId(ctx, row);
      return {
        id: `${id}_${row.roleDefinitionId}`,
        policyId: id,
        scopeId: row.scopeId,
        scopeType: row.scopeType,
        roleDefinitionId: row.roleDefinitionId,
      };
    },
    filterable: { scopeid: ["eq"], scopetype: ["eq"], roledefinitionid: ["eq"] },
    expand: { policy: (row, _e, item) => policyEntity(row, item) },
  };
}

function listPolicyAssignments(ctx: RequestContext): RouteResult {
  const terms = ctx.query.filter ? requiredEqualities(ctx.query.filter) : new Map();
  const scopeId = terms.get("scopeid");
  const scopeType = terms.get("scopetype");
  if (typeof scopeId !== "string" || typeof scopeType !== "string") {
    throw badRequest(
      "This request requires a $filter on scopeId and scopeType, for example $filter=scopeId eq '/' and scopeType eq 'DirectoryRole'.",
    );
  }
  let rows: PolicyAssignmentRow[];
  const type = scopeType.toLowerCase();
  if (type === "directory" || type === "directoryrole") {
    if (!isGranted(PERMISSIONS.rolePolicyDirectory, ctx.roles)) throw denied();
    if (scopeId !== "/") throw badRequest("For Microsoft Entra roles scopeId must be '/'.");
    const canonicalType = type === "directory" ? "Directory" : "DirectoryRole";
    rows = roleRows(ctx.directory).rows.map((r) => ({
      scopeId: "/",
      scopeType: canonicalType,
      roleDefinitionId: r.id,
    }));
  } else if (type === "group") {
    if (!isGranted(PERMISSIONS.rolePolicyGroup, ctx.roles)) throw denied();
    const group = ctx.directory.object(scopeId);
    rows =
      group?.kind === "group"
        ? ["member", "owner"].map((accessId) => ({
            scopeId: group.group.id,
            scopeType: "Group",
            roleDefinitionId: accessId,
          }))
        : [];
  } else {
    throw badRequest(`scopeType '${scopeType}' is not supported: use 'Directory', 'DirectoryRole' or 'Group'.`);
  }
  return page(ctx, policyAssignments(ctx, arrayTable(rows)));
}

function requireGroupOrPrincipal(ctx: RequestContext): void {
  const terms = ctx.query.filter ? requiredEqualities(ctx.query.filter) : new Map();
  if (typeof terms.get("groupid") !== "string" && typeof terms.get("principalid") !== "string") {
    throw badRequest(
      "This request requires the $filter (eq) query parameter to scope the request to a groupId or a principalId, for example $filter=groupId eq '{id}'.",
    );
  }
}

function groupEligibilityInstances(ctx: RequestContext): EntitySet<FixtureGroupEligibility> {
  return {
    typeName: "microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance",
    contextPath: "identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
    rows: ctx.directory.pimGroupEligibilities,
    include: isCurrent(ctx.now),
    render: groupEligibilityInstanceEntity,
    filterable: {
      groupid: ["eq"],
      principalid: ["eq"],
      accessid: ["eq"],
      membertype: ["eq"],
      eligibilityscheduleid: ["eq", "ne"],
    },
    expand: {
      principal: principalExpander(ctx),
      group: (row, _e, item) => {
        const g = ctx.directory.object(row.groupId);
        return nested(g ? directoryObjectEntity(g) : null, item, "microsoft.graph.group");
      },
    },
  };
}

function groupAssignmentInstances(ctx: RequestContext): EntitySet<FixtureGroupAssignment> {
  return {
    typeName: "microsoft.graph.privilegedAccessGroupAssignmentScheduleInstance",
    contextPath: "identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
    rows: ctx.directory.pimGroupAssignments,
    include: isCurrent(ctx.now),
    render: groupAssignmentInstanceEntity,
    filterable: {
      groupid: ["eq"],
      principalid: ["eq"],
      accessid: ["eq"],
      assignmenttype: ["eq"],
      membertype: ["eq"],
      assignmentscheduleid: ["eq", "ne"],
    },
    expand: {
      principal: principalExpander(ctx),
      group: (row, _e, item) => {
        const g = ctx.directory.object(row.groupId);
        return nested(g ? directoryObjectEntity(g) : null, item, "microsoft.graph.group");
      },
    },
  };
}

function users(ctx: RequestContext): EntitySet<FixtureUser> {
  return {
    typeName: "microsoft.graph.user",
    contextPath: "users",
    rows: ctx.directory.users,
    render: userEntity,
    defaultKeys: USER_DEFAULT_KEYS,
    filterable: {
      id: ["eq", "in"],
      userprincipalname: ["eq", "ne", "in", "startswith"],
      displayname: ["eq", "in", "startswith"],
      mail: ["eq", "in", "startswith"],
      usertype: ["eq", "ne", "in"],
      accountenabled: ["eq", "ne"],
      onpremisessyncenabled: ["eq", "ne", "null"],
      "signinactivity/lastsignindatetime": ["eq", "ne", "ge", "le"],
    },
    expand: {},
  };
}

function wantsSignInActivity(query: ODataQuery): boolean {
  return (
    (query.select ?? []).some((s) => s.toLowerCase() === "signinactivity") ||
    (query.filterText ?? "").toLowerCase().includes("signinactivity")
  );
}

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

export function denied(): GraphError {
  return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

function auditSet(ctx: RequestContext): EntitySet<FixtureDirectoryAudit> {
  return {
    typeName: "microsoft.graph.directoryAudit",
    contextPath: "auditLogs/directoryAudits",
    rows: ctx.directory.directoryAudits,
    render: (row) => {
      const initiator = row.initiatedByUserId ? ctx.directory.object(row.initiatedByUserId) : undefined;
      return directoryAuditEntity(row, initiator?.kind === "user" ? initiator.user : undefined);
    },
    filterable: {
      activitydatetime: ["eq", "ge", "le", "gt", "lt"],
      activitydisplayname: ["eq", "startswith"],
      category: ["eq"],
      correlationid: ["eq"],
      id: ["eq"],
      loggedbyservice: ["eq"],
      "initiatedby/user/id": ["eq"],
      "initiatedby/user/displayname": ["eq"],
      "initiatedby/user/userprincipalname": ["eq", "startswith"],
      "initiatedby/app/appid": ["eq"],
      "initiatedby/app/displayname": ["eq"],
    },
    expand: {},
  };
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
  permissions,
  cost,
  reports,
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
    (ctx) => page(ctx, eligibilityInstances(ctx)),
  ),
  route(
    "roleManagement/directory/roleAssignmentScheduleInstances",
    "GET",
    "roleManagement/directory/roleAssignmentScheduleInstances",
    PERMISSIONS.roleAssignment,
    1,
    (ctx) => page(ctx, assignmentInstances(ctx)),
  ),
  route(
    "roleManagement/directory/roleEligibilitySchedules",
    "GET",
    "roleManagement/directory/roleEligibilitySchedules",
    PERMISSIONS.roleEligibility,
    1,
    (ctx) => page(ctx, eligibilitySchedules(ctx)),
  ),
  route(
    "roleManagement/directory/roleAssignmentSchedules",
    "GET",
    "roleManagement/directory/roleAssignmentSchedules",
    PERMISSIONS.roleAssignment,
    1,
    (ctx) => page(ctx, assignmentSchedules(ctx)),
  ),
  route(
    "roleManagement/directory/roleAssignmentScheduleRequests",
    "GET",
    "roleManagement/directory/roleAssignmentScheduleRequests",
    PERMISSIONS.roleAssignment,
    1,
    (ctx) => page(ctx, scheduleRequests(ctx)),
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
  route("users", "GET", "users", PERMISSIONS.users, 2, (ctx) => {
    checkSignInActivity(ctx);
    return page(ctx, users(ctx), wantsSignInActivity(ctx.query) ? 120 : 999);
  }),
  route("users/{id}", "GET", "users/{id}", PERMISSIONS.users, 1, (ctx) => {
    checkSignInActivity(ctx);
    const object = objectOr404(ctx, decodeURIComponent(ctx.params[0]!), "user");
    return single(ctx, users(ctx), object.user);
  }),
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

export function findRoute(
  method: string,
  path: string,
): { route: Route; params: string[] } | { methodNotAllowed: true } | undefined {
  let pathMatched = false;
  for (const candidate of ROUTES) {
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
