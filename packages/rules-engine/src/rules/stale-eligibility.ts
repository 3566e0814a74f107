import { describeDuration, instant, parseDuration, utc } from "../duration.js";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

export const staleEligibility: RuleType = {
  type: "stale-eligibility",
  doc: "Eligible assignments older than `within` must have been activated within `within` before the evaluation time.",
  title: "Eligibility not used",
  selects: "assignments",
  properties: {
    within: { ...durationRef, description: "How recently an eligibility must have been activated, e.g. P90D." },
  },
  required: ["within"],
  needs: () => ["assignments", "activationHistory"],
  unjudgeable(rule, snapshot) {
    const withinText = rule.spec["within"] as string;
    const collected = utc(snapshot.collectedAt);
    const days = collected.diff(collected.minus(parseDuration(withinText)), "days").days;
    if (snapshot.activityDays === null || snapshot.activityDays >= days) return undefined;
    return `the snapshot's activation history reaches back ${snapshot.activityDays} days, less than the ${describeDuration(withinText)} this rule looks back; it was not evaluated, which is not a pass.`;
  },
  evaluate(rule, context) {
    const withinText = rule.spec["within"] as string;
    const now = context.at.toMillis();
    const since = context.at.minus(parseDuration(withinText)).toMillis();
    const words = describeDuration(withinText);
    const found: RuleCandidate[] = [];
    for (const assignment of context.assignments()) {
      if (assignment.state !== "eligible") continue;
      if (assignment.start !== null && instant(assignment.start) > since) continue;
      let last: string | null = null;
      let lastAt = Number.NEGATIVE_INFINITY;
      for (const activation of context.index.activationsOf(assignment.principalId, assignment.roleId)) {
        const at = instant(activation.activatedAt);
        if (at > now || at <= lastAt) continue;
        last = activation.activatedAt;
        lastAt = at;
      }
      if (last !== null && lastAt >= since) continue;
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(
          `${describeAssignment(assignment, subject)} and has not activated it in the last ${words} (last activation: ${last ?? "none on record"}).`,
        ),
        facts: {
          start: assignment.start,
          end: assignment.end ?? "permanent",
          lastActivation: last,
          within: withinText,
        },
      });
    }
    return found;
  },
};
