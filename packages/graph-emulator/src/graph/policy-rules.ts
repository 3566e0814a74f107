// The 17 rules of a roleManagementPolicy, in the order and shape of the documentation example
// (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/policyroot-list-rolemanagementpolicyassignments.md, Example 2).
import type { FixturePimSetting } from "../tenant/fixture.js";

type Caller = "Admin" | "EndUser";
type Level = "Eligibility" | "Assignment";

function target(caller: Caller, level: Level) {
  return { caller, operations: ["all"], level, inheritableSettings: [], enforcedSettings: [] };
}

function notifications(setting: FixturePimSetting, caller: Caller, level: Level) {
  const callerPart = caller === "Admin" ? "Admin" : "EndUser";
  return (["Admin", "Requestor", "Approver"] as const).map((recipientType) => {
    const id = `Notification_${recipientType}_${callerPart}_${level}`;
    return {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
      id,
      notificationType: "Email",
      recipientType,
      notificationLevel: "All",
      isDefaultRecipientsEnabled: true,
      notificationRecipients: [...(setting.notificationRecipients[id] ?? [])],
      target: target(caller, level),
    };
  });
}

function approver(id: string, isGroup: boolean) {
  return isGroup
    ? { "@odata.type": "#microsoft.graph.groupMembers", groupId: id, description: null }
    : { "@odata.type": "#microsoft.graph.singleUser", userId: id, description: null };
}

export function policyRules(setting: FixturePimSetting, isGroup: (id: string) => boolean): Record<string, unknown>[] {
  const activeEnabled = [
    ...(setting.activeRequireMfa ? ["MultiFactorAuthentication"] : []),
    ...(setting.activeRequireJustification ? ["Justification"] : []),
  ];
  const activationEnabled = [
    ...(setting.requireMfa ? ["MultiFactorAuthentication"] : []),
    ...(setting.requireJustification ? ["Justification"] : []),
    ...(setting.requireTicket ? ["Ticketing"] : []),
  ];
  return [
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_Admin_Eligibility",
      isExpirationRequired: setting.eligibleExpirationRequired,
      maximumDuration: setting.eligibleMaxDuration,
      target: target("Admin", "Eligibility"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_Admin_Eligibility",
      enabledRules: [],
      target: target("Admin", "Eligibility"),
    },
    ...notifications(setting, "Admin", "Eligibility"),
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_Admin_Assignment",
      isExpirationRequired: setting.activeExpirationRequired,
      maximumDuration: setting.activeMaxDuration,
      target: target("Admin", "Assignment"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_Admin_Assignment",
      enabledRules: activeEnabled,
      target: target("Admin", "Assignment"),
    },
    ...notifications(setting, "Admin", "Assignment"),
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_EndUser_Assignment",
      isExpirationRequired: true,
      maximumDuration: setting.activationMaxDuration,
      target: target("EndUser", "Assignment"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_EndUser_Assignment",
      enabledRules: activationEnabled,
      target: target("EndUser", "Assignment"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
      id: "Approval_EndUser_Assignment",
      target: target("EndUser", "Assignment"),
      setting: {
        isApprovalRequired: setting.requireApproval,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: "SingleStage",
        approvalStages: [
          {
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: setting.approvers.map((id) => approver(id, isGroup(id))),
            escalationApprovers: [],
          },
        ],
      },
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule",
      id: "AuthenticationContext_EndUser_Assignment",
      isEnabled: (setting.authenticationContext ?? null) !== null,
      claimValue: setting.authenticationContext ?? null,
      target: target("EndUser", "Assignment"),
    },
    ...notifications(setting, "EndUser", "Assignment"),
  ];
}
