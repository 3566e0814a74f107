// roleManagementPolicyAssignments with policy($expand=rules) -> RoleSetting (scopeType DirectoryRole) or
// GroupSetting (scopeType Group, member or owner), from the 17 policy rules, whose ids are the same for both
// (microsoft-graph-docs-contrib api-reference/v1.0/api/policyroot-list-rolemanagementpolicyassignments.md).
import type { GroupSetting, NotificationSetting, PimSetting, RoleSetting } from "@pim-audit/model";
import { arr, bool, type GraphObject, obj, str } from "./fields.js";

function rulesById(policy: GraphObject | null): Map<string, GraphObject> {
  const rules = new Map<string, GraphObject>();
  for (const r of arr(policy, "rules")) {
    if (r !== null && typeof r === "object") {
      const id = str(r as GraphObject, "id");
      if (id !== null) rules.set(id, r as GraphObject);
    }
  }
  return rules;
}

function enabled(rule: GraphObject | undefined, name: string): boolean {
  return arr(rule, "enabledRules").some((v) => typeof v === "string" && v.toLowerCase() === name.toLowerCase());
}

function approverIds(rule: GraphObject | undefined): string[] {
  const ids = new Set<string>();
  for (const stage of arr(obj(rule, "setting"), "approvalStages")) {
    for (const key of ["primaryApprovers", "escalationApprovers"]) {
      for (const approver of arr(stage as GraphObject, key)) {
        const a = approver as GraphObject;
        const id = str(a, "userId") ?? str(a, "groupId") ?? str(a, "id");
        if (id !== null) ids.add(id);
      }
    }
  }
  return [...ids].sort();
}

function notification(ruleId: string, rule: GraphObject): NotificationSetting | null {
  const target = obj(rule, "target");
  const caller = str(target, "caller");
  const level = str(target, "level");
  const recipientType = str(rule, "recipientType");
  if (
    (caller !== "Admin" && caller !== "EndUser") ||
    (level !== "Eligibility" && level !== "Assignment") ||
    (recipientType !== "Admin" && recipientType !== "Requestor" && recipientType !== "Approver")
  ) {
    return null;
  }
  return {
    ruleId,
    caller,
    level,
    recipientType,
    isDefaultRecipientsEnabled: bool(rule, "isDefaultRecipientsEnabled") ?? true,
    recipients: arr(rule, "notificationRecipients")
      .filter((r): r is string => typeof r === "string")
      .sort(),
  };
}

/** The claim value (c1..c99) when AuthenticationContext_EndUser_Assignment is enabled, else null. */
function authenticationContext(rule: GraphObject | undefined): string | null {
  if (bool(rule, "isEnabled") !== true) return null;
  const claim = str(rule, "claimValue");
  return claim === null || claim.trim() === "" ? null : claim;
}

function normalisePimSetting(policyId: string, policy: GraphObject): PimSetting {
  const rules = rulesById(policy);
  const activationExpiry = rules.get("Expiration_EndUser_Assignment");
  const activationEnablement = rules.get("Enablement_EndUser_Assignment");
  const approval = rules.get("Approval_EndUser_Assignment");
  const context = authenticationContext(rules.get("AuthenticationContext_EndUser_Assignment"));
  const eligibleExpiry = rules.get("Expiration_Admin_Eligibility");
  const activeExpiry = rules.get("Expiration_Admin_Assignment");
  const activeEnablement = rules.get("Enablement_Admin_Assignment");
  const notifications: NotificationSetting[] = [];
  for (const [id, rule] of rules) {
    if (!id.startsWith("Notification_")) continue;
    const n = notification(id, rule);
    if (n) notifications.push(n);
  }
  return {
    policyId,
    activation: {
      maxDuration: str(activationExpiry, "maximumDuration"),
      requireMfa: enabled(activationEnablement, "MultiFactorAuthentication"),
      requireAuthenticationContext: context !== null,
      authenticationContext: context,
      requireJustification: enabled(activationEnablement, "Justification"),
      requireTicket: enabled(activationEnablement, "Ticketing"),
      requireApproval: bool(obj(approval, "setting"), "isApprovalRequired") ?? false,
      approvers: approverIds(approval),
    },
    eligibleAssignment: {
      expirationRequired: bool(eligibleExpiry, "isExpirationRequired") ?? false,
      maxDuration: str(eligibleExpiry, "maximumDuration"),
    },
    activeAssignment: {
      expirationRequired: bool(activeExpiry, "isExpirationRequired") ?? false,
      maxDuration: str(activeExpiry, "maximumDuration"),
      requireMfa: enabled(activeEnablement, "MultiFactorAuthentication"),
      requireJustification: enabled(activeEnablement, "Justification"),
    },
    notifications: notifications.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)),
  };
}

function policyOf(assignment: GraphObject): { policyId: string; policy: GraphObject } | null {
  const policy = obj(assignment, "policy");
  const policyId = str(assignment, "policyId") ?? str(policy, "id");
  return policyId === null || policy === null ? null : { policyId, policy };
}

export function normaliseRoleSetting(assignment: GraphObject): RoleSetting | null {
  const roleId = str(assignment, "roleDefinitionId");
  const found = policyOf(assignment);
  if (roleId === null || found === null) return null;
  return { roleId, ...normalisePimSetting(found.policyId, found.policy) };
}

/** A scopeType Group assignment: scopeId is the group, roleDefinitionId `member` or `owner`. */
export function normaliseGroupSetting(assignment: GraphObject): GroupSetting | null {
  const groupId = str(assignment, "scopeId");
  const accessId = str(assignment, "roleDefinitionId")?.toLowerCase();
  const found = policyOf(assignment);
  if (str(assignment, "scopeType")?.toLowerCase() !== "group" || groupId === null || found === null) return null;
  if (accessId !== "member" && accessId !== "owner") return null;
  return { groupId, accessId, ...normalisePimSetting(found.policyId, found.policy) };
}
