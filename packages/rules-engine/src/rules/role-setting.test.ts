import type { GroupSetting } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { found, run } from "../test-utils/run.js";
import { active, assignment, group, roleSetting, tenant, user } from "../test-utils/tenant.js";

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

  it("takes an authentication context required on activation as MFA, and asks for one when told to", async () => {
    const withContext = roleSetting("Security Administrator", {
      requireMfa: false,
      requireAuthenticationContext: true,
      authenticationContext: "c1",
    });
    const report = await run(
      `rules:
  - id: mfa
    type: role-setting
    roles: [Security Administrator, Global Administrator]
    require: { activationMfa: true }
  - id: any-context
    type: role-setting
    roles: [Security Administrator, Global Administrator]
    require: { activationAuthenticationContext: true }
  - id: context-c2
    type: role-setting
    roles: [Security Administrator]
    require: { activationAuthenticationContext: c2 }
`,
      tenant({ roleSettings: [withContext, roleSetting("Global Administrator")] }),
    );
    expect(found(report)).toEqual([
      [
        "Global Administrator",
        "PIM settings of Global Administrator: activation does not require an authentication context.",
      ],
      [
        "Security Administrator",
        "PIM settings of Security Administrator: activation requires authentication context c1, not c2.",
      ],
    ]);
  });

  it("judges PIM for Groups holders by the group's member or owner policy, naming the group", async () => {
    const admins = group("Tier0 Admins", []);
    const lynne = user("lynne");
    const megan = user("megan");
    const groupRow = active(admins.id, "Global Administrator");
    const viaGroup = { memberType: "group" as const, viaGroupId: admins.id };
    const groupSetting = (accessId: GroupSetting["accessId"], change: Partial<GroupSetting["activation"]>) => {
      const { roleId: _, ...rest } = roleSetting("Global Administrator", change);
      return { ...rest, groupId: admins.id, accessId, policyId: `Group_${admins.id}_${accessId}` };
    };
    const report = await run(
      `rules:
  - id: r
    type: role-setting
    roles: [Global Administrator]
    require: { activationMfa: true, activationApproval: true }
`,
      tenant({
        principals: [admins, lynne, megan],
        assignments: [
          groupRow,
          assignment(lynne.id, "Global Administrator", { ...viaGroup, origin: "pimGroupMember" }),
          assignment(megan.id, "Global Administrator", { ...viaGroup, origin: "pimGroupOwner" }),
        ],
        roleSettings: [roleSetting("Global Administrator", { requireApproval: true, approvers: ["user-boss"] })],
        groupSettings: [
          groupSetting("member", { requireApproval: false }),
          groupSetting("owner", { requireMfa: false, requireApproval: true, approvers: ["user-boss"] }),
        ],
      }),
    );
    expect(report.findings.map((f) => [f.subject.principalName, f.subject.roleName, f.message])).toEqual([
      [
        "Tier0 Admins",
        "Global Administrator",
        "PIM for Groups settings of group Tier0 Admins, through which members and owners hold Global Administrator: member: activation does not require approval; owner: activation does not require MFA.",
      ],
    ]);
    expect(report.findings[0]?.facts).toMatchObject({
      groupId: admins.id,
      policyId: `Group_${admins.id}_member, Group_${admins.id}_owner`,
    });
  });

  it("reports a PIM for Groups holder's group whose settings were not read", async () => {
    const admins = group("Tier0 Admins", []);
    const report = await run(
      `rules:
  - id: r
    type: role-setting
    roles: [Global Administrator]
    require: { activationMfa: true }
`,
      tenant({
        principals: [admins, user("lynne")],
        assignments: [
          active(admins.id, "Global Administrator"),
          assignment("user-lynne", "Global Administrator", {
            memberType: "group",
            viaGroupId: admins.id,
            origin: "pimGroupMember",
          }),
        ],
        roleSettings: [roleSetting("Global Administrator")],
      }),
    );
    expect(found(report)).toEqual([
      [
        "Tier0 Admins",
        "PIM for Groups settings of group Tier0 Admins, through which members hold Global Administrator: member: no PIM for Groups settings were read.",
      ],
    ]);
  });
});
