import { describe, expect, it } from "vitest";
import { graphExampleValue } from "../../test-utils/graph-examples.js";
import { normaliseGroupSetting, normaliseRoleSetting } from "./role-settings.js";

describe("normaliseRoleSetting", () => {
  it("reads the 17 documented rules of the Global Administrator policy", () => {
    const [assignment] = graphExampleValue("05b-roleManagementPolicyAssignments-expand-policy-rules");
    const setting = normaliseRoleSetting(assignment!);
    expect(setting).toMatchObject({
      roleId: "62e90394-69f5-4237-9190-012177145e10",
      policyId: "DirectoryRole_cab01047-8ad9-4792-8e42-569340767f1b_70c808b5-0d35-4863-a0ba-07888e99d448",
      activation: {
        maxDuration: "PT8H",
        requireMfa: true,
        requireJustification: true,
        requireTicket: false,
        requireApproval: false,
        approvers: [],
      },
      eligibleAssignment: { expirationRequired: false, maxDuration: "P365D" },
      activeAssignment: {
        expirationRequired: false,
        maxDuration: "P180D",
        requireMfa: false,
        requireJustification: true,
      },
    });
    expect(setting?.notifications).toHaveLength(9);
    expect(setting?.notifications[0]).toEqual({
      ruleId: "Notification_Admin_Admin_Assignment",
      caller: "Admin",
      level: "Assignment",
      recipientType: "Admin",
      isDefaultRecipientsEnabled: true,
      recipients: [],
    });
  });

  it("collects approvers from every approval stage", () => {
    const [assignment] = graphExampleValue("05b-roleManagementPolicyAssignments-expand-policy-rules");
    const policy = structuredClone(assignment!["policy"]) as { rules: Record<string, unknown>[] };
    const approval = policy.rules.find((r) => r["id"] === "Approval_EndUser_Assignment")!;
    approval["setting"] = {
      isApprovalRequired: true,
      approvalStages: [
        {
          primaryApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: "u-2" }],
          escalationApprovers: [],
        },
        {
          primaryApprovers: [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: "g-1" }],
          escalationApprovers: [],
        },
      ],
    };
    const setting = normaliseRoleSetting({ ...assignment!, policy });
    expect(setting?.activation.requireApproval).toBe(true);
    expect(setting?.activation.approvers).toEqual(["g-1", "u-2"]);
  });

  it("reads an enabled authentication context rule as a requirement with its claim value", () => {
    const [assignment] = graphExampleValue("05b-roleManagementPolicyAssignments-expand-policy-rules");
    expect(normaliseRoleSetting(assignment!)?.activation).toMatchObject({
      requireAuthenticationContext: false,
      authenticationContext: null,
    });
    const policy = structuredClone(assignment!["policy"]) as { rules: Record<string, unknown>[] };
    const context = policy.rules.find((r) => r["id"] === "AuthenticationContext_EndUser_Assignment")!;
    const enablement = policy.rules.find((r) => r["id"] === "Enablement_EndUser_Assignment")!;
    // The admin center's "On activation, require: Microsoft Entra Conditional Access authentication context".
    context["isEnabled"] = true;
    context["claimValue"] = "c1";
    enablement["enabledRules"] = ["Justification"];
    const setting = normaliseRoleSetting({ ...assignment!, policy });
    expect(setting?.activation).toMatchObject({
      requireMfa: false,
      requireAuthenticationContext: true,
      authenticationContext: "c1",
    });
    // A claim value left behind by a rule that is switched off requires nothing.
    context["isEnabled"] = false;
    expect(normaliseRoleSetting({ ...assignment!, policy })?.activation.requireAuthenticationContext).toBe(false);
  });

  it("reads a PIM for Groups policy assignment as the group's member or owner setting", () => {
    const [member, owner] = graphExampleValue("05c-roleManagementPolicyAssignments-group");
    const [withRules] = graphExampleValue("05b-roleManagementPolicyAssignments-expand-policy-rules");
    const policy = withRules!["policy"];
    expect(normaliseGroupSetting({ ...member!, policy })).toMatchObject({
      groupId: "60bba733-f09d-49b7-8445-32369aa066b3",
      accessId: "member",
      policyId: "Group_60bba733-f09d-49b7-8445-32369aa066b3_f21b26d9-9ff9-4af1-b1d4-bddf28591369",
      activation: { requireMfa: true, requireApproval: false },
    });
    expect(normaliseGroupSetting({ ...owner!, policy })?.accessId).toBe("owner");
    // A directory role policy is not a group's.
    expect(normaliseGroupSetting(withRules!)).toBeNull();
  });
});
