import { describe, expect, it } from "vitest";
import type { SelectorSpec } from "../policy.js";
import { active, assignment, group, roleId, tenant, user } from "../test-utils/tenant.js";
import { compileSelector, roleMatcher, selectAssignments } from "./selectors.js";
import { SnapshotIndex } from "./snapshot-index.js";

const principals = [
  user("alice"),
  user("guest", { userType: "Guest", userPrincipalName: "guest_fabrikam.com#EXT#@contoso.onmicrosoft.com" }),
  { ...user("app"), type: "servicePrincipal" as const, userPrincipalName: null, displayName: "Sync App" },
  group("Tier0", ["user-alice", "group-Nested"]),
  group("Nested", ["user-guest"]),
];
const assignments = [
  assignment("user-alice", "Global Administrator"),
  active("user-guest", "User Administrator", {
    directoryScopeId: "/administrativeUnits/emea",
    end: "2027-01-01T00:00:00Z",
  }),
  active("user-app", "Application Administrator", {
    activeKind: "activated",
    memberType: "inherited",
    viaGroupId: "group-Tier0",
    origin: "pimGroupMember",
  }),
];
const index = new SnapshotIndex(tenant({ principals, assignments }));

function select(spec: SelectorSpec): string[] {
  const matches = compileSelector(spec, index);
  return assignments.filter(matches).map((a) => a.principalId);
}

describe("selectors", () => {
  it("match principals by UPN or id globs, any case", () => {
    expect(select({ principals: ["ALICE@contoso.com"] })).toEqual(["user-alice"]);
    expect(select({ principals: ["*#EXT#@*"] })).toEqual(["user-guest"]);
    expect(select({ principals: ["user-a*"] })).toEqual(["user-alice", "user-app"]);
  });

  it("match principals by type, userType and (transitive) group membership", () => {
    expect(select({ principals: { type: "servicePrincipal" } })).toEqual(["user-app"]);
    expect(select({ principals: { userType: "Guest" } })).toEqual(["user-guest"]);
    expect(select({ principals: { memberOf: ["nested"] } })).toEqual(["user-guest"]);
    expect(select({ principals: { memberOf: ["group-Tier0"], type: ["user"] } })).toEqual(["user-alice"]);
  });

  it("match assignments by state, activeKind, memberType, origin, scope and permanence", () => {
    expect(select({ state: "active" })).toEqual(["user-guest", "user-app"]);
    expect(select({ activeKind: "activated" })).toEqual(["user-app"]);
    expect(select({ memberType: ["inherited", "group"] })).toEqual(["user-app"]);
    expect(select({ origin: "pimGroupMember" })).toEqual(["user-app"]);
    expect(select({ scope: "/administrativeUnits/*" })).toEqual(["user-guest"]);
    expect(select({ scope: "/" })).toEqual(["user-alice", "user-app"]);
    expect(select({ permanent: false })).toEqual(["user-guest"]);
    expect(select({ state: "active", permanent: true })).toEqual(["user-app"]);
  });

  it("match roles by built-in name, template id, custom name and the privileged label", () => {
    const names = (spec: Parameters<typeof roleMatcher>[0]) =>
      [...roleMatcher(spec, index)].map((id) => index.roleName(id)).sort();
    expect(names(["global administrator", roleId("User Administrator")])).toEqual([
      "Global Administrator",
      "User Administrator",
    ]);
    expect(names({ names: ["Global Administrator", "Message Center Reader"], privileged: true })).toEqual([
      "Global Administrator",
    ]);
    expect(names({ customRoles: ["Contoso Tier 2"] })).toEqual([]);
    expect(names([])).toEqual([]);
    expect(roleMatcher({ privileged: true }, index).size).toBe(33);
  });

  it("select only the roles asked for, within what where and unless leave", () => {
    const within = new Set([roleId("User Administrator"), roleId("Application Administrator")]);
    const holders = (where: SelectorSpec, unless: SelectorSpec[] = []) =>
      selectAssignments(where, unless, index, within)
        .map((a) => a.principalId)
        .sort();
    expect(holders({})).toEqual(["user-app", "user-guest"]);
    expect(holders({ state: "active" }, [{ principals: ["user-app"] }])).toEqual(["user-guest"]);
    expect(holders({ roles: ["Global Administrator", "User Administrator"] })).toEqual(["user-guest"]);
    expect(selectAssignments({}, [], index).map((a) => a.principalId)).toEqual(assignments.map((a) => a.principalId));
  });
});
