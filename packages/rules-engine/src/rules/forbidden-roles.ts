import { roleMatcher } from "../evaluate/selectors.js";
import { describeAssignment, describeWhere, flatten } from "../evaluate/subject.js";
import type { RoleSelectorSpec } from "../policy.js";
import { roleSelectorRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

export const forbiddenRoles: RuleType = {
  type: "forbidden-roles",
  doc: "The selected principals must not hold any role in `forbid`.",
  title: "Forbidden role held",
  selects: "assignments",
  properties: { forbid: { ...roleSelectorRef, description: "The roles the selected principals must not hold." } },
  required: ["forbid"],
  needs: () => ["assignments", "roleDefinitions"],
  evaluate(rule, context) {
    const forbidden = roleMatcher(rule.spec["forbid"] as RoleSelectorSpec, context.index);
    const selection = describeWhere(rule.where);
    const found: RuleCandidate[] = [];
    for (const assignment of context.assignments(forbidden)) {
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(`${describeAssignment(assignment, subject)}, a role forbidden for ${selection}.`),
        facts: { start: assignment.start, end: assignment.end ?? "permanent" },
      });
    }
    return found;
  },
};
