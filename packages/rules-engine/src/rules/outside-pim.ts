import { assignmentFacts, describeAssignment } from "../evaluate/subject.js";
import type { RuleType } from "./rule-type.js";

export const outsidePim: RuleType = {
  type: "outside-pim",
  doc: "Active assignments must be made through PIM; one created outside PIM (no schedule, no start) is a finding.",
  title: "Assignment made outside PIM",
  selects: "assignments",
  properties: {},
  required: [],
  needs: () => ["assignments", "directAssignments"],
  evaluate(_rule, context) {
    return context
      .assignments()
      .filter((assignment) => assignment.state === "active" && assignment.createdOutsidePim === true)
      .map((assignment) => ({
        subject: context.assignmentSubject(assignment),
        message: `${describeAssignment(assignment, context.index)}, granted outside PIM, so no schedule, approval or expiry governs it.`,
        facts: { ...assignmentFacts(assignment), createdOutsidePim: true },
      }));
  },
};
