import { describe, expect, it } from "vitest";
import { graphExampleValue } from "../../test-utils/graph-examples.js";
import { indexSchedules, memberTypeOf, normaliseDirectoryAssignments } from "./assignments.js";

const schedules = indexSchedules([
  ...graphExampleValue("03a-roleEligibilitySchedules-list"),
  ...graphExampleValue("03b-roleAssignmentSchedules-list"),
]);
const ctx = { schedules };

describe("normaliseDirectoryAssignments on the documented examples", () => {
  it("reads an eligibility instance with its schedule's expiration type", () => {
    const [row] = normaliseDirectoryAssignments({
      eligibilityInstances: graphExampleValue("01-roleEligibilityScheduleInstances-list"),
      assignmentInstances: [],
      roleAssignments: null,
      ctx,
    });
    expect(row).toEqual({
      id: "8MYkhImhnkm70CbBdTyW1BbHHAdHgZdDpbqyEFlRzAs-1-e",
      state: "eligible",
      activeKind: null,
      roleId: "8424c6f0-a189-499e-bbd0-26c1753c96d4",
      principalId: "071cc716-8147-4397-a5ba-b2105951cc0b",
      directoryScopeId: "/",
      appScopeId: null,
      memberType: "direct",
      viaGroupId: null,
      start: "2022-04-12T14:44:50.287Z",
      end: "2024-04-10T00:00:00.000Z",
      origin: "directoryRole",
      createdOutsidePim: false,
      expirationType: "afterDateTime",
      scheduleId: "77f71919-62f3-4d0c-9f88-0a0391b665cd",
      activatedFromEligibilityId: null,
    });
  });

  it("marks a permanent active assignment whose schedule has no createdUsing as made outside PIM", () => {
    const rows = normaliseDirectoryAssignments({
      eligibilityInstances: [],
      assignmentInstances: graphExampleValue("02-roleAssignmentScheduleInstances-list"),
      roleAssignments: null,
      ctx,
    });
    const outside = rows.find((r) => r.id === "lAPpYvVpN0KRkAEhdxReEAWz5Gtet_xOv8wxvTtTpfg-1");
    expect(outside).toMatchObject({
      state: "active",
      activeKind: "assigned",
      start: null,
      end: null,
      createdOutsidePim: true,
      expirationType: "noExpiration",
    });
    // No schedule in hand for the second one, but a null start still means outside PIM.
    expect(rows.find((r) => r.id.startsWith("lAPpYvVpN0KRkAEhdxReEBLS"))?.createdOutsidePim).toBe(true);
  });

  it("links an activation to the eligibility it came from and keeps schedule-less role assignments", () => {
    const eligibility = graphExampleValue("01-roleEligibilityScheduleInstances-list")[0]!;
    const activation = {
      ...eligibility,
      id: "activation-1",
      assignmentType: "Activated",
      roleAssignmentScheduleId: "activation-schedule",
      startDateTime: "2026-11-27T08:00:00Z",
      endDateTime: "2026-11-27T16:00:00Z",
    };
    const roleAssignments = [
      {
        id: "ra-covered",
        principalId: eligibility["principalId"],
        roleDefinitionId: eligibility["roleDefinitionId"],
        directoryScopeId: "/",
      },
      {
        id: "ra-outside",
        principalId: "p-2",
        roleDefinitionId: "62e90394-69f5-4237-9190-012177145e10",
        directoryScopeId: "/",
      },
    ];
    const rows = normaliseDirectoryAssignments({
      eligibilityInstances: [eligibility],
      assignmentInstances: [activation],
      roleAssignments,
      ctx,
    });
    expect(rows.find((r) => r.id === "activation-1")).toMatchObject({
      activeKind: "activated",
      activatedFromEligibilityId: "77f71919-62f3-4d0c-9f88-0a0391b665cd",
      createdOutsidePim: false,
    });
    expect(rows.map((r) => r.id).sort()).toEqual([
      "8MYkhImhnkm70CbBdTyW1BbHHAdHgZdDpbqyEFlRzAs-1-e",
      "activation-1",
      "ra-outside",
    ]);
    expect(rows.find((r) => r.id === "ra-outside")).toMatchObject({
      state: "active",
      createdOutsidePim: true,
      end: null,
    });
  });

  it("keeps Graph's memberType as Graph sent it: a group assigned itself is Direct", () => {
    expect(memberTypeOf("Direct")).toBe("direct");
    expect(memberTypeOf("Group")).toBe("group");
    expect(memberTypeOf("Inherited")).toBe("inherited");
    expect(memberTypeOf(null)).toBe("direct");
  });
});
