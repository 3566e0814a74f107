import { describeDuration, instant, parseDuration } from "../duration.js";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

export const expiringSoon: RuleType = {
  type: "expiring-soon",
  doc: "A review reminder: assignments that end within `within` of the evaluation time.",
  title: "Assignment expires soon",
  selects: "assignments",
  properties: { within: { ...durationRef, description: "How far ahead to look, e.g. P14D." } },
  required: ["within"],
  needs: () => ["assignments"],
  evaluate(rule, context) {
    const withinText = rule.spec["within"] as string;
    const words = describeDuration(withinText);
    const now = context.at.toMillis();
    const until = context.at.plus(parseDuration(withinText)).toMillis();
    const found: RuleCandidate[] = [];
    for (const assignment of context.assignments()) {
      if (assignment.end === null) continue;
      const end = instant(assignment.end);
      if (end <= now || end > until) continue;
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(
          `${describeAssignment(assignment, subject)} until ${assignment.end}, within the next ${words}: renew or let it lapse on purpose.`,
        ),
        facts: { start: assignment.start, end: assignment.end ?? "permanent", within: withinText },
      });
    }
    return found;
  },
};
