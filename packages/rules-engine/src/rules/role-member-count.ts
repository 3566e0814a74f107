import type { Assignment } from "@pim-audit/model";
import type { RuleCandidate, RuleType } from "./rule-type.js";

export const roleMemberCount: RuleType = {
  type: "role-member-count",
  doc: "Each selected role must have between `min` and `max` distinct holders (people and service principals; a group counts through its members; deleted principals do not count).",
  title: "Role holder count out of bounds",
  selects: "assignments",
  properties: {
    min: { type: "integer", minimum: 0, description: "Fewest distinct holders allowed." },
    max: { type: "integer", minimum: 0, description: "Most distinct holders allowed." },
  },
  required: [],
  check(spec) {
    const min = spec["min"] as number | undefined;
    const max = spec["max"] as number | undefined;
    if (min === undefined && max === undefined)
      return [{ key: "type", message: "role-member-count needs min, max or both." }];
    if (min !== undefined && max !== undefined && min > max)
      return [{ key: "min", message: `min (${min}) is greater than max (${max}), so every role would fail.` }];
    return [];
  },
  // A count is only as good as its list of holders: roles held through PIM for Groups must be in it.
  needs: () => ["assignments", "roleDefinitions", "groupMembers", "pimForGroups"],
  evaluate(rule, context) {
    const min = rule.spec["min"] as number | undefined;
    const max = rule.spec["max"] as number | undefined;
    const byRole = new Map<string, Assignment[]>();
    for (const assignment of context.assignments()) {
      const list = byRole.get(assignment.roleId);
      if (list) list.push(assignment);
      else byRole.set(assignment.roleId, [assignment]);
    }
    const found: RuleCandidate[] = [];
    for (const role of context.roles()) {
      const holders = new Set<string>();
      for (const assignment of byRole.get(role.id) ?? []) {
        const principal = context.index.principalsById.get(assignment.principalId);
        // A group holding the role is counted through its expanded members (memberType group), when they are known.
        if (principal?.type === "group" && principal.members) continue;
        // A deleted principal holds nothing: PIM only keeps its schedules for a while.
        if (principal?.deleted) continue;
        holders.add(assignment.principalId);
      }
      const count = holders.size;
      const bounds = [min === undefined ? null : `at least ${min}`, max === undefined ? null : `at most ${max}`];
      if ((min === undefined || count >= min) && (max === undefined || count <= max)) continue;
      const sample = [...holders].map((id) => context.index.principalName(id)).sort();
      found.push({
        subject: context.roleSubject(role),
        message: `${role.displayName} has ${count} distinct holder${count === 1 ? "" : "s"}; the policy wants ${bounds.filter((b) => b !== null).join(" and ")}.${sample.length > 0 ? ` Holders: ${sample.slice(0, 20).join(", ")}${sample.length > 20 ? ", ..." : ""}.` : ""}`,
        facts: { count, min: min ?? null, max: max ?? null },
      });
    }
    return found;
  },
};
