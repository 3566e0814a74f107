import { describeDuration, durationAdder, instant, parseDuration } from "../duration.js";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

export const maxDuration: RuleType = {
  type: "max-duration",
  doc: "Assignments may last at most `max` (ISO 8601) from start to end; a permanent assignment always exceeds it.",
  title: "Assignment lasts longer than allowed",
  selects: "assignments",
  properties: {
    max: { ...durationRef, description: "Longest allowed span from start to end, e.g. P0D, PT8H, P90D." },
  },
  required: ["max"],
  needs: () => ["assignments"],
  evaluate(rule, context) {
    const maxText = rule.spec["max"] as string;
    const words = describeDuration(maxText);
    const plusMax = durationAdder(parseDuration(maxText));
    const now = context.at.toMillis();
    const found: RuleCandidate[] = [];
    for (const assignment of context.assignments()) {
      const start = assignment.start === null ? now : instant(assignment.start);
      if (assignment.end !== null && instant(assignment.end) <= plusMax(start)) continue;
      const span =
        assignment.end === null ? "" : ` from ${assignment.start ?? "an unknown start"} until ${assignment.end}`;
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(`${describeAssignment(assignment, subject)}${span}; at most ${words} is allowed.`),
        facts: {
          start: assignment.start,
          end: assignment.end ?? "permanent",
          max: maxText,
          permanent: assignment.end === null,
        },
      });
    }
    return found;
  },
};
