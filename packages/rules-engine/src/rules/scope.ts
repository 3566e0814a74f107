import { scopeMatcher } from "../evaluate/selectors.js";
import { assignmentFacts, describeAssignment } from "../evaluate/subject.js";
import type { RuleType } from "./rule-type.js";

export const scope: RuleType = {
  type: "scope",
  doc: "The selected assignments must be scoped to a directoryScopeId matching `allowedScopes` (globs), e.g. an administrative unit instead of the whole tenant (`/`).",
  title: "Assignment scoped too widely",
  selects: "assignments",
  properties: {
    allowedScopes: {
      type: "array",
      minItems: 1,
      items: { type: "string", minLength: 1 },
      description: "directoryScopeId globs, e.g. /administrativeUnits/*.",
    },
  },
  required: ["allowedScopes"],
  needs: () => ["assignments", "ids"],
  evaluate(rule, context) {
    const allowed = rule.spec["allowedScopes"] as string[];
    const inScope = scopeMatcher(allowed);
    return context
      .assignments()
      .filter((assignment) => !inScope(assignment.directoryScopeId))
      .map((assignment) => ({
        subject: context.assignmentSubject(assignment),
        message: `${describeAssignment(assignment, context.index)} at scope ${assignment.directoryScopeId}; it must be scoped to ${allowed.join(" or ")}.`,
        facts: { ...assignmentFacts(assignment), allowedScopes: allowed.join(", ") },
      }));
  },
};
