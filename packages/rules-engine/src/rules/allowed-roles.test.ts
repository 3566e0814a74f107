import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluate/evaluate.js";
import { policyFrom } from "../test-utils/policy-files.js";
import { AT, assignment, group, tenant, user } from "../test-utils/tenant.js";

const options = { at: AT, toolVersion: "1.2.3" };
const people = [user("alice"), user("bob"), user("bg-01"), user("helen"), user("pat")];

describe("allowed-roles", () => {
  it("lets members of a group hold only the allowed roles, whether directly or inherited", async () => {
    const policies = await policyFrom(`rules:
  - id: helpdesk-roles
    type: allowed-roles
    where: {principals: {memberOf: [Helpdesk Team]}}
    allow: [Helpdesk Administrator, Password Administrator]
`);
    const snapshot = tenant({
      principals: [...people, group("Helpdesk Team", ["user-helen", "user-pat"])],
      assignments: [
        assignment("user-helen", "Helpdesk Administrator"),
        assignment("user-helen", "User Administrator"),
        assignment("user-pat", "Exchange Administrator", {
          memberType: "inherited",
          viaGroupId: "group-Helpdesk Team",
        }),
        assignment("user-alice", "User Administrator"),
      ],
    });
    const report = evaluate(snapshot, policies, options);
    expect(report.findings.map((f) => [f.subject.principalName, f.subject.roleName, f.subject.viaGroupName])).toEqual([
      ["helen@contoso.com", "User Administrator", null],
      ["pat@contoso.com", "Exchange Administrator", "Helpdesk Team"],
    ]);
    expect(report.findings[0]?.message).toBe(
      "helen@contoso.com holds User Administrator (eligible, permanent), which is not among the allowed roles (Helpdesk Administrator, Password Administrator).",
    );
  });
});
