import type { RoleSetting } from "@pim-audit/model";
import type { DateTime } from "luxon";
import { describeDuration, parseDuration } from "../duration.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

interface Requirements {
  activationMaxDuration?: string;
  activationMfa?: boolean;
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

function problems(setting: RoleSetting, want: Requirements, at: DateTime): string[] {
  const found: string[] = [];
  const need = (wanted: boolean | undefined, actual: boolean, text: string) => {
    if (wanted === true && !actual) found.push(text);
  };
  const { activation, eligibleAssignment, activeAssignment } = setting;
  if (want.activationMaxDuration !== undefined && exceeds(activation.maxDuration, want.activationMaxDuration, at))
    found.push(
      `activation may last ${activation.maxDuration === null ? "without limit" : describeDuration(activation.maxDuration)} (at most ${describeDuration(want.activationMaxDuration)} wanted)`,
    );
  need(want.activationMfa, activation.requireMfa, "activation does not require MFA");
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

export const roleSetting: RuleType = {
  type: "role-setting",
  doc: "The PIM settings of the roles in `roles` must meet `require` (activation duration, MFA, justification, ticket, approval, expiry, notification recipients).",
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
        activationMfa: flag("Activation requires Azure MFA."),
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
  needs: () => ["roleDefinitions", "roleSettings"],
  evaluate(rule, context) {
    const want = rule.spec["require"] as Requirements;
    const found: RuleCandidate[] = [];
    for (const role of context.roles()) {
      const setting = context.index.settingsByRole.get(role.id);
      const unmet = setting ? problems(setting, want, context.at) : ["no PIM settings were read for this role"];
      if (unmet.length === 0) continue;
      found.push({
        subject: context.roleSubject(role),
        message: `PIM settings of ${role.displayName}: ${unmet.join("; ")}.`,
        facts: { problems: unmet.join("; "), policyId: setting?.policyId ?? null },
      });
    }
    return found;
  },
};
