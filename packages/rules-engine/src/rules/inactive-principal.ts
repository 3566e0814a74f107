import { describeDuration, instant, parseDuration } from "../duration.js";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

export const inactivePrincipal: RuleType = {
  type: "inactive-principal",
  doc: "Users holding the selected assignments must have signed in within `within` (never signed in counts as inactive).",
  title: "Role held by an inactive user",
  selects: "assignments",
  properties: { within: { ...durationRef, description: "How recently the holder must have signed in, e.g. P90D." } },
  required: ["within"],
  needs: () => ["assignments", "principals", "signInActivity"],
  evaluate(rule, context) {
    const withinText = rule.spec["within"] as string;
    const words = describeDuration(withinText);
    const since = context.at.minus(parseDuration(withinText)).toMillis();
    const found: RuleCandidate[] = [];
    for (const assignment of context.assignments()) {
      const principal = context.index.principalsById.get(assignment.principalId);
      if (principal?.type !== "user") continue;
      const last = principal.lastSignInDateTime;
      if (last !== null && instant(last) >= since) continue;
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(
          `${describeAssignment(assignment, subject)} but has not signed in for ${words} (last sign-in: ${last ?? "never"}).`,
        ),
        facts: { start: assignment.start, end: assignment.end ?? "permanent", lastSignIn: last, within: withinText },
      });
    }
    return found;
  },
};
