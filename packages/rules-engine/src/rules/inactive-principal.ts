import type { Principal } from "@pim-audit/model";
import { describeDuration, instant, parseDuration } from "../duration.js";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

/**
 * The sign-in to judge by: the last successful one. The other two record attempts "successful or not"
 * (signinactivity.md), so a dormant account under password spray would look active; they stand in only
 * where Graph keeps no successful sign-in (it does since December 2023, not backfilled).
 */
function lastSignIn(principal: Principal): { last: string | null; basis: "successful" | "attempt" } {
  if (principal.lastSuccessfulSignInDateTime !== null) {
    return { last: principal.lastSuccessfulSignInDateTime, basis: "successful" };
  }
  const attempts = [principal.lastSignInDateTime, principal.lastNonInteractiveSignInDateTime]
    .filter((t): t is string => t !== null)
    .sort((a, b) => instant(a) - instant(b));
  const latest = attempts.at(-1);
  return latest === undefined ? { last: null, basis: "successful" } : { last: latest, basis: "attempt" };
}

export const inactivePrincipal: RuleType = {
  type: "inactive-principal",
  doc: "Users holding the selected assignments must have signed in successfully within `within` (never counts as inactive; where Graph keeps no successful sign-in, the latest attempt is used and the finding says so).",
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
      const { last, basis } = lastSignIn(principal);
      if (last !== null && instant(last) >= since) continue;
      const subject = context.assignmentSubject(assignment);
      const seen =
        basis === "attempt"
          ? `last sign-in attempt, successful or not: ${last}; Graph keeps no successful sign-in for this user`
          : `last successful sign-in: ${last ?? "never"}`;
      found.push({
        subject,
        message: flatten(`${describeAssignment(assignment, subject)} but has not signed in for ${words} (${seen}).`),
        facts: {
          start: assignment.start,
          end: assignment.end ?? "permanent",
          lastSignIn: last,
          signInBasis: basis,
          lastSuccessfulSignIn: principal.lastSuccessfulSignInDateTime,
          lastSignInAttempt: principal.lastSignInDateTime,
          lastNonInteractiveSignInAttempt: principal.lastNonInteractiveSignInDateTime,
          within: withinText,
        },
      });
    }
    return found;
  },
};
