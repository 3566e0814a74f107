import { roleMatcher } from "../evaluate/selectors.js";
import { assignmentFacts, describeAssignment } from "../evaluate/subject.js";
import type { RoleSelectorSpec } from "../policy.js";
import { roleSelectorRef } from "../schema/fragments.js";
import type { RuleType } from "./rule-type.js";

export const allowedRoles: RuleType = {
  type: "allowed-roles",
  doc: "The selected principals may hold only the roles in `allow`; any other role is a finding.",
  title: "Role outside the allowed list",
  selects: "assignments",
  properties: { allow: { ...roleSelectorRef, description: "The roles the selected principals may hold." } },
  required: ["allow"],
  needs: () => ["assignments", "roleDefinitions"],
  evaluate(rule, context) {
    const allowed = roleMatcher(rule.spec["allow"] as RoleSelectorSpec, context.index);
    const names = [...allowed].map((id) => context.index.roleName(id)).sort();
    return context
      .assignments()
      .filter((assignment) => !allowed.has(assignment.roleId))
      .map((assignment) => ({
        subject: context.assignmentSubject(assignment),
        message: `${describeAssignment(assignment, context.index)}, which is not among the allowed roles (${names.join(", ") || "none"}).`,
        facts: { ...assignmentFacts(assignment), allowed: names.join(", ") },
      }));
  },
};
