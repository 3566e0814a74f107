// roleManagementPolicyAssignments with policy($expand=rules) -> RoleSetting, from the 17 policy rules
// (rule ids as in shared/graph-reference/05b-roleManagementPolicyAssignments-expand-policy-rules.json).
import type { NotificationSetting, RoleSetting } from "@pim-audit/model";
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

export function normaliseRoleSetting(assignment: GraphObject): RoleSetting | null {
  const roleId = str(assignment, "roleDefinitionId");
  const policy = obj(assignment, "policy");
  const policyId = str(assignment, "policyId") ?? str(policy, "id");
  if (roleId === null || policyId === null || policy === null) return null;
  const rules = rulesById(policy);
  const activationExpiry = rules.get("Expiration_EndUser_Assignment");
  const activationEnablement = rules.get("Enablement_EndUser_Assignment");
  const approval = rules.get("Approval_EndUser_Assignment");
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
    roleId,
    policyId,
    activation: {
      maxDuration: str(activationExpiry, "maximumDuration"),
      requireMfa: enabled(activationEnablement, "MultiFactorAuthentication"),
      requireAuthenticationContext: false,
      authenticationContext: null,
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
