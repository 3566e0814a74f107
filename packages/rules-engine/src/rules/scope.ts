import { scopeMatcher } from "../evaluate/selectors.js";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

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
    const wanted = allowed.join(" or ");
    const allowedScopes = allowed.join(", ");
    const found: RuleCandidate[] = [];
    for (const assignment of context.assignments()) {
      if (inScope(assignment.directoryScopeId)) continue;
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(
          `${describeAssignment(assignment, subject)} at scope ${assignment.directoryScopeId}; it must be scoped to ${wanted}.`,
        ),
        facts: { start: assignment.start, end: assignment.end ?? "permanent", allowedScopes },
      });
    }
    return found;
  },
};
