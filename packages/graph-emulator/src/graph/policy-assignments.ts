// policies/roleManagementPolicyAssignments: one policy per role (or per PIM for Groups group and access),
// scoped by the required $filter, with the 17 rules under $expand=policy($expand=rules).
import { badRequest } from "../http/graph-error.js";
import { isGranted, PERMISSIONS } from "../http/permissions.js";
import { guid } from "../ids.js";
import { applySelect, type EntitySet } from "../odata/collection.js";
import { requiredEqualities } from "../odata/filter.js";
import type { ExpandItem } from "../odata/query.js";
import { arrayTable, type Table } from "../tenant/directory.js";
import { defaultPimSetting, defaultRoleSetting } from "../tenant/role-settings.js";
import { denied, page, type RequestContext, type RouteResult } from "./context.js";
import type { Entity } from "./entities.js";
import { roleRows } from "./entity-sets.js";
import { policyRules } from "./policy-rules.js";

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
        row.scopeType === "Group"
          ? (ctx.directory.groupSetting(row.scopeId, row.roleDefinitionId) ?? defaultPimSetting())
          : (ctx.directory.roleSetting(row.roleDefinitionId) ?? defaultRoleSetting(row.roleDefinitionId));
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

export function listPolicyAssignments(ctx: RequestContext): RouteResult {
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
