import { applySelect, type EntitySet } from "../odata/collection.js";
import type { ExpandItem } from "../odata/query.js";
import { arrayTable, type Directory, type Table } from "../tenant/directory.js";
import type {
  FixtureAssignmentSchedule,
  FixtureDirectoryAudit,
  FixtureEligibilitySchedule,
  FixtureGroupAssignment,
  FixtureGroupEligibility,
  FixtureScheduleRequest,
  FixtureUser,
} from "../tenant/fixture.js";
import type { RequestContext } from "./context.js";
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
  type RoleDefinitionRow,
  roleAssignmentEntity,
  roleDefinitionEntity,
  scheduleRequestEntity,
  USER_DEFAULT_KEYS,
  userEntity,
} from "./entities.js";

const roleRowsCache = new WeakMap<Directory, { rows: RoleDefinitionRow[]; byId: Map<string, RoleDefinitionRow> }>();

export function roleRows(directory: Directory) {
  let cached = roleRowsCache.get(directory);
  if (!cached) {
    const rows = [...builtInRoleRows()];
    for (let i = 0; i < directory.customRoles.size; i++) rows.push(customRoleRow(directory.customRoles.at(i)));
    cached = { rows, byId: new Map(rows.map((r) => [r.id.toLowerCase(), r])) };
    roleRowsCache.set(directory, cached);
  }
  return cached;
}

function nested(entity: Entity | null, item: ExpandItem, typeName: string): Entity | null {
  return entity === null ? null : applySelect(entity, item.select, typeName);
}

export function principalExpander(ctx: RequestContext) {
  return (row: { principalId: string }, _e: Entity, item: ExpandItem) => {
    const object = ctx.directory.object(row.principalId);
    return nested(object ? directoryObjectEntity(object) : null, item, "microsoft.graph.directoryObject");
  };
}

export function roleDefinitionExpander(ctx: RequestContext) {
  return (row: { roleDefinitionId: string }, _e: Entity, item: ExpandItem) => {
    const role = roleRows(ctx.directory).byId.get(row.roleDefinitionId.toLowerCase());
    return nested(role ? roleDefinitionEntity(role) : null, item, "microsoft.graph.unifiedRoleDefinition");
  };
}

export function directoryScopeExpander(ctx: RequestContext) {
  return (row: { directoryScopeId: string }, _e: Entity, item: ExpandItem) => {
    const match = /^\/administrativeUnits\/(.+)$/i.exec(row.directoryScopeId);
    const unit = match ? ctx.directory.administrativeUnit(match[1]!) : undefined;
    return nested(unit ? administrativeUnitEntity(unit) : null, item, "microsoft.graph.directoryObject");
  };
}

// Rows share a few thousand instants (a generated tenant formats each once): parse each once.
const parsedTimes = new Map<string, number>();
const PARSED_TIMES_KEPT = 100_000;

function parseTime(text: string): number {
  let time = parsedTimes.get(text);
  if (time === undefined) {
    time = Date.parse(text);
    if (parsedTimes.size >= PARSED_TIMES_KEPT) parsedTimes.clear();
    parsedTimes.set(text, time);
  }
  return time;
}

const isCurrent = (now: Date) => {
  const time = now.getTime();
  return (row: { startDateTime: string | null; endDateTime: string | null }) =>
    (row.startDateTime === null || parseTime(row.startDateTime) <= time) &&
    (row.endDateTime === null || parseTime(row.endDateTime) > time);
};

const INSTANCE_FILTERS = {
  principalid: ["eq", "ne"],
  roledefinitionid: ["eq", "ne"],
  membertype: ["eq", "ne"],
  directoryscopeid: ["eq", "ne", "null"],
  appscopeid: ["eq", "ne", "null"],
} as const;

export function eligibilityInstances(ctx: RequestContext): EntitySet<FixtureEligibilitySchedule> {
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

export function assignmentInstances(ctx: RequestContext): EntitySet<FixtureAssignmentSchedule> {
  return {
    typeName: "microsoft.graph.unifiedRoleAssignmentScheduleInstance",
    contextPath: "roleManagement/directory/roleAssignmentScheduleInstances",
    rows: ctx.directory.roleAssignmentSchedules,
    include: isCurrent(ctx.now),
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
export function roleAssignments(ctx: RequestContext): EntitySet<FixtureAssignmentSchedule> {
  return {
    typeName: "microsoft.graph.unifiedRoleAssignment",
    contextPath: "roleManagement/directory/roleAssignments",
    rows: ctx.directory.roleAssignmentSchedules,
    include: isCurrent(ctx.now),
    render: roleAssignmentEntity,
    // unifiedroleassignment.md (v1.0): $filter (eq, in) on these four.
    filterable: {
      principalid: ["eq", "in"],
      roledefinitionid: ["eq", "in"],
      directoryscopeid: ["eq", "in"],
      appscopeid: ["eq", "in"],
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

export function eligibilitySchedules(ctx: RequestContext): EntitySet<FixtureEligibilitySchedule> {
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

export function assignmentSchedules(ctx: RequestContext): EntitySet<FixtureAssignmentSchedule> {
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

export function scheduleRequests(ctx: RequestContext): EntitySet<FixtureScheduleRequest> {
  return {
    typeName: "microsoft.graph.unifiedRoleAssignmentScheduleRequest",
    contextPath: "roleManagement/directory/roleAssignmentScheduleRequests",
    rows: ctx.directory.roleAssignmentScheduleRequests,
    render: scheduleRequestEntity,
    // unifiedroleassignmentschedulerequest.md (v1.0) documents no $filter on action or createdDateTime.
    filterable: {
      id: ["eq", "ne"],
      principalid: ["eq", "ne"],
      roledefinitionid: ["eq", "ne"],
      directoryscopeid: ["eq", "ne", "null"],
      appscopeid: ["eq", "ne", "null"],
      status: ["eq", "ne"],
      targetscheduleid: ["eq", "ne"],
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

export function roleDefinitions(ctx: RequestContext): EntitySet<RoleDefinitionRow> {
  return {
    typeName: "microsoft.graph.unifiedRoleDefinition",
    contextPath: "roleManagement/directory/roleDefinitions",
    rows: arrayTable(roleRows(ctx.directory).rows),
    render: roleDefinitionEntity,
    // unifiedroledefinition.md (v1.0): $filter (eq, in) on id, displayName and isBuiltIn only; no isPrivileged (beta).
    filterable: {
      id: ["eq", "in"],
      displayname: ["eq", "in"],
      isbuiltin: ["eq", "in"],
    },
    expand: { inheritsPermissionsFrom: () => [] },
  };
}

export function groupEligibilityInstances(ctx: RequestContext): EntitySet<FixtureGroupEligibility> {
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

export function groupAssignmentInstances(ctx: RequestContext): EntitySet<FixtureGroupAssignment> {
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

export function users(ctx: RequestContext): EntitySet<FixtureUser> {
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

/**
 * Days Microsoft Entra keeps audit logs: seven without a premium licence, 30 with P1 or P2 (Microsoft Entra data
 * retention, https://learn.microsoft.com/entra/identity/monitoring-health/reference-reports-data-retention).
 */
export function auditRetentionDays(premiumLicence: boolean): number {
  return premiumLicence ? 30 : 7;
}

/** The records still kept at `now`: a prefix of the table, which lists them newest first. */
function retainedAudits(rows: Table<FixtureDirectoryAudit>, now: Date, days: number): Table<FixtureDirectoryAudit> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  let low = 0;
  let high = rows.size;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (rows.at(mid).activityDateTime >= cutoff) low = mid + 1;
    else high = mid;
  }
  return { size: low, at: (index) => rows.at(index) };
}

export function auditSet(ctx: RequestContext): EntitySet<FixtureDirectoryAudit> {
  return {
    typeName: "microsoft.graph.directoryAudit",
    contextPath: "auditLogs/directoryAudits",
    orderBy: { property: "activityDateTime", natural: "desc" },
    rows: retainedAudits(
      ctx.directory.directoryAudits,
      ctx.now,
      auditRetentionDays(ctx.directory.tenant.premiumLicence),
    ),
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
