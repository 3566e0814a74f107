import { roleMatcher } from "../evaluate/selectors.js";
import { assignmentFacts, describeAssignment, describeWhere } from "../evaluate/subject.js";
import type { RoleSelectorSpec } from "../policy.js";
import { roleSelectorRef } from "../schema/fragments.js";
import type { RuleType } from "./rule-type.js";

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
    return context
      .assignments()
      .filter((assignment) => forbidden.has(assignment.roleId))
      .map((assignment) => ({
        subject: context.assignmentSubject(assignment),
        message: `${describeAssignment(assignment, context.index)}, a role forbidden for ${describeWhere(rule.where)}.`,
        facts: assignmentFacts(assignment),
      }));
  },
};
