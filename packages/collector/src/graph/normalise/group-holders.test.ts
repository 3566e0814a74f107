import type { Assignment } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { graphExampleValue } from "../../test-utils/graph-examples.js";
import { expandGroupHolders } from "./group-holders.js";

const GROUP = "2b5ed229-4072-478d-9504-a047ebd4b07d";
const groupRow: Assignment = {
  id: "group-ga",
  state: "active",
  activeKind: "assigned",
  roleId: "62e90394-69f5-4237-9190-012177145e10",
  principalId: GROUP,
  directoryScopeId: "/",
  appScopeId: null,
  memberType: "direct",
  viaGroupId: null,
  start: "2026-01-01T00:00:00.000Z",
  end: null,
  origin: "directoryRole",
  createdOutsidePim: false,
  expirationType: "noExpiration",
  scheduleId: "s-1",
  activatedFromEligibilityId: null,
};

describe("expandGroupHolders", () => {
  it("makes every transitive member a holder through the group (memberType group), keeps the group's own row Direct, and skips nested groups", () => {
    const rows = expandGroupHolders({
      assignments: [groupRow],
      principalType: (id) => (id === GROUP ? "group" : "user"),
      members: new Map([
        [
          GROUP,
          [
            { id: "u-1", type: "user" as const },
            { id: "g-nested", type: "group" as const },
            { id: "sp-1", type: "servicePrincipal" as const },
          ],
        ],
      ]),
      pimGroups: new Map(),
    });
    expect(rows.map((r) => [r.principalId, r.memberType, r.viaGroupId])).toEqual([
      [GROUP, "direct", null],
      ["u-1", "group", GROUP],
      ["sp-1", "group", GROUP],
    ]);
  });

  it("adds PIM for Groups eligible members and owners from the documented example, and lets the PIM row replace the plain member row", () => {
    const eligibility = graphExampleValue("06a-pimGroups-eligibilityScheduleInstances-list");
    const assignment = graphExampleValue("06b-pimGroups-assignmentScheduleInstances-list");
    // 6be4b305 is an active PIM member, so it is also a plain transitive member.
    const rows = expandGroupHolders({
      assignments: [groupRow],
      principalType: (id) => (id === GROUP ? "group" : "user"),
      members: new Map([[GROUP, [{ id: "6be4b305-b75e-4efc-bfcc-31bd3b53a5f8", type: "user" as const }]]]),
      pimGroups: new Map([[GROUP, { eligibility, assignment }]]),
    });
    const inherited = rows.filter((r) => r.memberType === "group");
    expect(inherited.map((r) => [r.principalId, r.state, r.origin]).sort()).toEqual([
      ["3cce9d87-3986-4f19-8335-7ed075408ca2", "eligible", "pimGroupMember"],
      ["56f2d212-e49c-42e3-8298-0188e5bef094", "active", "pimGroupMember"],
      ["56f2d212-e49c-42e3-8298-0188e5bef094", "eligible", "pimGroupOwner"],
      ["6be4b305-b75e-4efc-bfcc-31bd3b53a5f8", "active", "pimGroupMember"],
    ]);
    const timeBound = inherited.find((r) => r.principalId === "6be4b305-b75e-4efc-bfcc-31bd3b53a5f8");
    expect(timeBound).toMatchObject({
      end: "2024-03-27T15:47:19.653Z",
      activeKind: "assigned",
      createdOutsidePim: false,
    });
    // The membership with a null start was added outside PIM.
    expect(
      inherited.find((r) => r.principalId === "56f2d212-e49c-42e3-8298-0188e5bef094" && r.state === "active")
        ?.createdOutsidePim,
    ).toBe(true);
  });

  it("drops Graph's own Group row for a holder the expansion already names, and keeps an Inherited one", () => {
    const graphMemberRow: Assignment = {
      ...groupRow,
      id: "graph-group-row",
      principalId: "u-1",
      memberType: "group",
    };
    const other: Assignment = { ...groupRow, id: "graph-other", principalId: "u-9", memberType: "group" };
    // Inherited is Graph's word for a parent scope, not for a group: never taken for a duplicate.
    const fromScope: Assignment = { ...groupRow, id: "graph-scope", principalId: "u-1", memberType: "inherited" };
    const rows = expandGroupHolders({
      assignments: [groupRow, graphMemberRow, other, fromScope],
      principalType: (id) => (id === GROUP ? "group" : "user"),
      members: new Map([[GROUP, [{ id: "u-1", type: "user" as const }]]]),
      pimGroups: new Map(),
    });
    expect(rows.filter((r) => r.principalId === "u-1" && r.memberType === "group")).toHaveLength(1);
    expect(rows.find((r) => r.principalId === "u-1" && r.memberType === "group")?.viaGroupId).toBe(GROUP);
    expect(rows.some((r) => r.id === "graph-scope")).toBe(true);
    // A member row the expansion does not cover (membership unreadable) is kept.
    expect(rows.some((r) => r.id === "graph-other")).toBe(true);
  });
});

describe("expandGroupHolders at scale", () => {
  it("expands a group with more PIM members than the call stack allows spreading", () => {
    const eligibility = Array.from({ length: 200_000 }, (_, i) => ({
      id: `e-${i}`,
      principalId: `u-${i}`,
      accessId: "member",
      startDateTime: "2026-01-01T00:00:00Z",
    }));
    const rows = expandGroupHolders({
      assignments: [groupRow],
      principalType: (id) => (id === GROUP ? "group" : "user"),
      members: new Map([[GROUP, []]]),
      pimGroups: new Map([[GROUP, { eligibility, assignment: [] }]]),
    });
    expect(rows.length).toBe(200_001);
    expect(rows.at(-1)).toMatchObject({ principalId: "u-199999", memberType: "group", viaGroupId: GROUP });
  });
});
