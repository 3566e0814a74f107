// PIM settings: the role's own policy, and for those who get the role by activating membership or ownership
// of a role-holding group (PIM for Groups), that group's member or owner policy, which governs their activation.
import type { Assignment, FindingSubject, GroupAccessId, PimSetting, RoleDefinition } from "@pim-audit/model";
import type { DateTime } from "luxon";
import { describeDuration, parseDuration } from "../duration.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleContext, RuleType } from "./rule-type.js";

interface Requirements {
  activationMaxDuration?: string;
  activationMfa?: boolean;
  /** true: any authentication context; a claim value (c1..c99): that one. */
  activationAuthenticationContext?: boolean | string;
  activationJustification?: boolean;
  activationTicket?: boolean;
  activationApproval?: boolean;
  eligibleExpiration?: boolean;
  eligibleMaxDuration?: string;
  activeExpiration?: boolean;
  activeMaxDuration?: string;
  activeMfa?: boolean;
  activeJustification?: boolean;
  notificationRecipients?: string[];
}

const flag = (description: string) => ({ type: "boolean", description });

/** Longer than allowed, with calendar-correct comparison from the evaluation time; no limit is longer than any. */
function exceeds(actual: string | null, allowed: string, at: DateTime): boolean {
  if (actual === null) return true;
  return at.plus(parseDuration(actual)) > at.plus(parseDuration(allowed));
}

function authenticationContextProblem(
  activation: PimSetting["activation"],
  wanted: boolean | string | undefined,
): string | null {
  if (wanted === undefined || wanted === false) return null;
  const which = wanted === true ? "an authentication context" : `authentication context ${wanted}`;
  if (!activation.requireAuthenticationContext) return `activation does not require ${which}`;
  if (wanted !== true && activation.authenticationContext !== wanted)
    return `activation requires authentication context ${activation.authenticationContext ?? "(none named)"}, not ${wanted}`;
  return null;
}

function problems(setting: PimSetting, want: Requirements, at: DateTime): string[] {
  const found: string[] = [];
  const need = (wanted: boolean | undefined, actual: boolean, text: string) => {
    if (wanted === true && !actual) found.push(text);
  };
  const { activation, eligibleAssignment, activeAssignment } = setting;
  if (want.activationMaxDuration !== undefined && exceeds(activation.maxDuration, want.activationMaxDuration, at))
    found.push(
      `activation may last ${activation.maxDuration === null ? "without limit" : describeDuration(activation.maxDuration)} (at most ${describeDuration(want.activationMaxDuration)} wanted)`,
    );
  // The admin center offers an authentication context as the stronger alternative to Azure MFA on activation.
  need(
    want.activationMfa,
    activation.requireMfa || activation.requireAuthenticationContext,
    "activation does not require MFA",
  );
  const context = authenticationContextProblem(activation, want.activationAuthenticationContext);
  if (context !== null) found.push(context);
  need(want.activationJustification, activation.requireJustification, "activation does not require a justification");
  need(want.activationTicket, activation.requireTicket, "activation does not require ticket information");
  need(
    want.activationApproval,
    activation.requireApproval && activation.approvers.length > 0,
    "activation does not require approval",
  );
  need(want.eligibleExpiration, eligibleAssignment.expirationRequired, "eligible assignments may be permanent");
  if (want.eligibleMaxDuration !== undefined && exceeds(eligibleAssignment.maxDuration, want.eligibleMaxDuration, at))
    found.push(`eligible assignments may last longer than ${describeDuration(want.eligibleMaxDuration)}`);
  need(want.activeExpiration, activeAssignment.expirationRequired, "active assignments may be permanent");
  if (want.activeMaxDuration !== undefined && exceeds(activeAssignment.maxDuration, want.activeMaxDuration, at))
    found.push(`active assignments may last longer than ${describeDuration(want.activeMaxDuration)}`);
  need(want.activeMfa, activeAssignment.requireMfa, "active assignment does not require MFA");
  need(
    want.activeJustification,
    activeAssignment.requireJustification,
    "active assignment does not require a justification",
  );
  for (const ruleId of want.notificationRecipients ?? []) {
    const notification = setting.notifications.find((n) => n.ruleId === ruleId);
    if (!notification || notification.recipients.length === 0)
      found.push(`notification ${ruleId} has no additional recipients`);
  }
  return found;
}

const ACCESS_OF: Partial<Record<Assignment["origin"], GroupAccessId>> = {
  pimGroupMember: "member",
  pimGroupOwner: "owner",
};

/** Groups whose PIM for Groups members or owners hold the role, with the accesses they hold it by, sorted. */
function pimGroupsHolding(role: RoleDefinition, context: RuleContext): [string, GroupAccessId[]][] {
  const groups = new Map<string, Set<GroupAccessId>>();
  for (const a of context.index.assignmentsByRole.get(role.id) ?? []) {
    const accessId = ACCESS_OF[a.origin];
    if (accessId === undefined || a.viaGroupId === null) continue;
    const accesses = groups.get(a.viaGroupId) ?? new Set();
    accesses.add(accessId);
    groups.set(a.viaGroupId, accesses);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([groupId, accesses]) => [groupId, (["member", "owner"] as const).filter((x) => accesses.has(x))]);
}

function groupSubject(groupId: string, role: RoleDefinition, context: RuleContext): FindingSubject {
  return {
    ...context.roleSubject(role),
    principalId: groupId,
    principalName: context.index.principalName(groupId),
    principalType: "group",
  };
}

export const roleSetting: RuleType = {
  type: "role-setting",
  doc: "The PIM settings of the roles in `roles`, and the PIM for Groups settings of the groups whose members or owners hold them, must meet `require` (activation duration, MFA or authentication context, justification, ticket, approval, expiry, notification recipients).",
  title: "PIM role setting weaker than required",
  selects: "roles",
  properties: {
    require: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      description: "The settings each selected role must have.",
      properties: {
        activationMaxDuration: { ...durationRef, description: "Longest activation allowed, e.g. PT8H." },
        activationMfa: flag(
          "Activation requires Azure MFA; a Conditional Access authentication context required on activation also counts.",
        ),
        activationAuthenticationContext: {
          anyOf: [{ type: "boolean" }, { type: "string", pattern: "^c([1-9]|[1-9][0-9])$" }],
          description:
            "Activation requires a Conditional Access authentication context: true for any, or its claim value (c1..c99) for that one.",
        },
        activationJustification: flag("Activation requires a justification."),
        activationTicket: flag("Activation requires ticket information."),
        activationApproval: flag("Activation requires approval by at least one approver."),
        eligibleExpiration: flag("Eligible assignments must expire."),
        eligibleMaxDuration: { ...durationRef, description: "Longest eligible assignment allowed." },
        activeExpiration: flag("Active assignments must expire."),
        activeMaxDuration: { ...durationRef, description: "Longest active assignment allowed." },
        activeMfa: flag("Active assignment requires Azure MFA."),
        activeJustification: flag("Active assignment requires a justification."),
        notificationRecipients: {
          type: "array",
          items: { type: "string", pattern: "^Notification_" },
          description: "Notification rules (e.g. Notification_Admin_EndUser_Assignment) that must have recipients.",
        },
      },
    },
  },
  required: ["require"],
  // assignments and pimForGroups: who holds a role through PIM for Groups, and so which group settings apply.
  needs: () => ["roleDefinitions", "roleSettings", "assignments", "pimForGroups"],
  evaluate(rule, context) {
    const want = rule.spec["require"] as Requirements;
    const found: RuleCandidate[] = [];
    for (const role of context.roles()) {
      const setting = context.index.settingsByRole.get(role.id);
      const unmet = setting ? problems(setting, want, context.at) : ["no PIM settings were read for this role"];
      if (unmet.length > 0) {
        found.push({
          subject: context.roleSubject(role),
          message: `PIM settings of ${role.displayName}: ${unmet.join("; ")}.`,
          facts: { problems: unmet.join("; "), policyId: setting?.policyId ?? null },
        });
      }
      for (const [groupId, accesses] of pimGroupsHolding(role, context)) {
        const policyIds: string[] = [];
        const groupUnmet: string[] = [];
        for (const accessId of accesses) {
          const groupSetting = context.index.groupSetting(groupId, accessId);
          if (groupSetting) policyIds.push(groupSetting.policyId);
          const missed = groupSetting
            ? problems(groupSetting, want, context.at)
            : ["no PIM for Groups settings were read"];
          groupUnmet.push(...missed.map((p) => `${accessId}: ${p}`));
        }
        if (groupUnmet.length === 0) continue;
        const subject = groupSubject(groupId, role, context);
        found.push({
          subject,
          message: `PIM for Groups settings of group ${subject.principalName}, through which ${accesses.map((a) => `${a}s`).join(" and ")} hold ${role.displayName}: ${groupUnmet.join("; ")}.`,
          facts: {
            problems: groupUnmet.join("; "),
            policyId: policyIds.length === 0 ? null : policyIds.join(", "),
            groupId,
          },
        });
      }
    }
    return found;
  },
};
