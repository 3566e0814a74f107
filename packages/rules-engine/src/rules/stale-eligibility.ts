import { describeDuration, parseDuration, utc } from "../duration.js";
import { assignmentFacts, describeAssignment } from "../evaluate/subject.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleType } from "./rule-type.js";

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
    const days = parseDuration(withinText).shiftTo("days").days;
    if (snapshot.activityDays === null || snapshot.activityDays >= days) return undefined;
    return `the snapshot's activation history reaches back ${snapshot.activityDays} days, less than the ${describeDuration(withinText)} this rule looks back; it was not evaluated, which is not a pass.`;
  },
  evaluate(rule, context) {
    const withinText = rule.spec["within"] as string;
    const since = context.at.minus(parseDuration(withinText));
    return context.assignments().flatMap((assignment) => {
      if (assignment.state !== "eligible") return [];
      if (assignment.start !== null && utc(assignment.start) > since) return [];
      const activations = context.index.activationsOf(assignment.principalId, assignment.roleId);
      const last = activations.reduce<string | null>((latest, a) => {
        const at = utc(a.activatedAt);
        return at <= context.at && (latest === null || a.activatedAt > latest) ? a.activatedAt : latest;
      }, null);
      if (last !== null && utc(last) >= since) return [];
      return [
        {
          subject: context.assignmentSubject(assignment),
          message: `${describeAssignment(assignment, context.index)} and has not activated it in the last ${describeDuration(withinText)} (last activation: ${last ?? "none on record"}).`,
          facts: { ...assignmentFacts(assignment), lastActivation: last, within: withinText },
        },
      ];
    });
  },
};
