import type { Principal } from "@pim-audit/model";
import { describeAssignment, flatten } from "../evaluate/subject.js";
import type { RuleCandidate, RuleType } from "./rule-type.js";

const ATTRIBUTES = {
  guest: (p: Principal) => p.type === "user" && p.userType?.toLowerCase() === "guest",
  disabled: (p: Principal) => p.accountEnabled === false,
  onPremisesSynced: (p: Principal) => p.onPremisesSyncEnabled === true,
  servicePrincipal: (p: Principal) => p.type === "servicePrincipal",
  group: (p: Principal) => p.type === "group",
} as const;
type Attribute = keyof typeof ATTRIBUTES;

const WORDS: Record<Attribute, string> = {
  guest: "a guest",
  disabled: "a disabled account",
  onPremisesSynced: "synchronised from on-premises",
  servicePrincipal: "a service principal",
  group: "a group",
};

export const principalAttribute: RuleType = {
  type: "principal-attribute",
  doc: "The selected assignments must not be held by principals with any attribute in `deny` (guest, disabled, onPremisesSynced, servicePrincipal, group).",
  title: "Role held by a principal of a denied kind",
  selects: "assignments",
  properties: {
    deny: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { enum: Object.keys(ATTRIBUTES) },
      description: "Principal attributes that must not hold the selected assignments.",
    },
  },
  required: ["deny"],
  needs: () => ["assignments", "principals"],
  evaluate(rule, context) {
    const deny = rule.spec["deny"] as Attribute[];
    // Few principals have a denied attribute: finding them once leaves each assignment a lookup in a small table.
    const denied = new Map<string, { principal: Principal; words: string; attributes: string }>();
    for (const [id, principal] of context.index.principalsById) {
      let present: Attribute[] | undefined;
      for (const attribute of deny) {
        if (!ATTRIBUTES[attribute](principal)) continue;
        present ??= [];
        present.push(attribute);
      }
      if (present === undefined) continue;
      denied.set(id, { principal, words: present.map((a) => WORDS[a]).join(" and "), attributes: present.join(", ") });
    }
    const found: RuleCandidate[] = [];
    if (denied.size === 0) return found;
    for (const assignment of context.assignments()) {
      const holder = denied.get(assignment.principalId);
      if (holder === undefined) continue;
      const { principal, words, attributes } = holder;
      const subject = context.assignmentSubject(assignment);
      found.push({
        subject,
        message: flatten(`${describeAssignment(assignment, subject)} and is ${words}.`),
        facts: {
          start: assignment.start,
          end: assignment.end ?? "permanent",
          attributes,
          userType: principal.userType,
        },
      });
    }
    return found;
  },
};
