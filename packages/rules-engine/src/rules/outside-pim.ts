import { describeAssignment, flatten } from "../evaluate/subject.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

export const outsidePim: RuleType = {
  type: "outside-pim",
  doc: "Active assignments must be made through PIM; one created outside PIM (no schedule, no start) is a finding.",
  title: "Assignment made outside PIM",
  selects: "assignments",
  properties: {},
  required: [],
  // createdOutsidePim comes from the schedules (createdUsing) and from roleAssignments without a schedule.
  needs: () => ["assignments", "directAssignments", "schedules"],
  evaluate(_rule, context) {
    const found: RuleCandidate[] = [];
    for (const assignment of context.assignments()) {
      if (assignment.state !== "active" || assignment.createdOutsidePim !== true) continue;
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(
          `${describeAssignment(assignment, subject)}, granted outside PIM, so no schedule, approval or expiry governs it.`,
        ),
        facts: { start: assignment.start, end: assignment.end ?? "permanent", createdOutsidePim: true },
      });
    }
    return found;
  },
};
