import type { Activation, Assignment } from "@pim-audit/model";
import { describeDuration, instant, parseDuration, utc, wholeDays } from "../duration.js";
import type { SnapshotIndex } from "../evaluate/snapshot-index.js";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import { durationRef } from "../schema/fragments.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

/**
 * What counts as using the eligibility: activating the role, and for an eligibility held through PIM for Groups,
 * activating that group membership (or ownership), which is what such a member activates.
 */
function activationsOf(index: SnapshotIndex, assignment: Assignment): readonly Activation[] {
  const ofRole = index.activationsOf(assignment.principalId, assignment.roleId);
  if (assignment.viaGroupId === null || assignment.origin === "directoryRole") return ofRole;
  const accessId = assignment.origin === "pimGroupOwner" ? "owner" : "member";
  const ofGroup = index.groupActivationsOf(assignment.principalId, assignment.viaGroupId, accessId);
  return ofRole.length === 0 ? ofGroup : [...ofRole, ...ofGroup];
}

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
    const needsFrom = collected.minus(parseDuration(withinText));
    const { coversFrom, source } = snapshot.activationHistory;
    if (coversFrom !== null) {
      const covered = utc(coversFrom);
      if (covered <= needsFrom) return undefined;
      const from = source === null ? "" : ` (${source})`;
      return `the snapshot's activation history${from} covers only from ${coversFrom}, ${wholeDays(covered, collected)} days before it was collected, less than the ${describeDuration(withinText)} this rule looks back; it was not evaluated, which is not a pass.`;
    }
    // A snapshot that does not record its window (written by an older version): the days it asked for.
    const days = collected.diff(needsFrom, "days").days;
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
      for (const activation of activationsOf(context.index, assignment)) {
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
