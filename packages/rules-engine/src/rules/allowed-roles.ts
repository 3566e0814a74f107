import { roleMatcher } from "../evaluate/selectors.js";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import type { RoleSelectorSpec } from "../policy.js";
import { roleSelectorRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

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
    const list = names.join(", ");
    const found: RuleCandidate[] = [];
    for (const assignment of context.assignments()) {
      if (allowed.has(assignment.roleId)) continue;
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(
          `${describeAssignment(assignment, subject)}, which is not among the allowed roles (${list || "none"}).`,
        ),
        facts: { start: assignment.start, end: assignment.end ?? "permanent", allowed: list },
      });
    }
    return found;
  },
};
