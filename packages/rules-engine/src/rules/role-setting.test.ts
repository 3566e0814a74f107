import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { roleSetting, tenant } from "../test-utils/tenant.js";

describe("role-setting", () => {
  it("lists every requirement a role's PIM settings miss, one finding per role", async () => {
    const weak = roleSetting("Global Administrator", { requireMfa: false, maxDuration: "PT24H" });
    weak.notifications = [
      {
        ruleId: "Notification_Admin_EndUser_Assignment",
        caller: "EndUser",
        level: "Assignment",
        recipientType: "Admin",
        isDefaultRecipientsEnabled: true,
        recipients: [],
      },
    ];
    const report = await run(
      `rules:
  - id: r
    type: role-setting
    roles: [Global Administrator, Privileged Role Administrator, User Administrator]
    require:
      activationMaxDuration: PT8H
      activationMfa: true
      activationApproval: true
      notificationRecipients: [Notification_Admin_EndUser_Assignment]
`,
      tenant({
        roleSettings: [
          weak,
          {
            ...roleSetting("Privileged Role Administrator", { requireApproval: true, approvers: ["user-boss"] }),
            notifications: [
              {
                ruleId: "Notification_Admin_EndUser_Assignment",
                caller: "EndUser",
                level: "Assignment",
                recipientType: "Admin",
                isDefaultRecipientsEnabled: true,
                recipients: ["soc@contoso.com"],
              },
            ],
          },
        ],
      }),
    );
    expect(found(report)).toEqual([
      [
        "Global Administrator",
        "PIM settings of Global Administrator: activation may last 24 hours (at most 8 hours wanted); activation does not require MFA; activation does not require approval; notification Notification_Admin_EndUser_Assignment has no additional recipients.",
      ],
      ["User Administrator", "PIM settings of User Administrator: no PIM settings were read for this role."],
    ]);
  });
});
