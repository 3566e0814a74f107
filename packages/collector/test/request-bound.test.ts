// The request bound (README "Requests"): a generated tenant with a few thousand assignments is collected in
// at most 1.1 times the lower bound, counted from the emulator's request log.
import { generateTenant, startEmulator } from "@pim-audit/graph-emulator";
import { builtInRoles } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { BATCH_SIZE } from "../src/graph/batch.js";
import { collectFrom, DEMO_NOW, httpRequests } from "../src/test-utils/emulator.js";

const PAGE_SIZE = 100;
const pages = (items: number) => Math.max(1, Math.ceil(items / PAGE_SIZE));
const batches = (lookups: number) => Math.ceil(lookups / BATCH_SIZE);

describe("requests needed for a generated tenant", () => {
  it("stay within 1.1 times the lower bound", async () => {
    const tenant = generateTenant({ seed: 4, now: DEMO_NOW, users: 6000, adminShare: 0.2 });
    const current = (s: { startDateTime: string | null; endDateTime: string | null }) =>
      (s.startDateTime === null || Date.parse(s.startDateTime) <= DEMO_NOW.getTime()) &&
      (s.endDateTime === null || Date.parse(s.endDateTime) > DEMO_NOW.getTime());
    const roleCount = builtInRoles().length + tenant.customRoles.length;
    // Sign-ins at 100 times the documented reports limits, so that the test does not wait out a minute's pace.
    const emulator = await startEmulator({ tenant, now: DEMO_NOW, pageSize: PAGE_SIZE, throttle: { scale: 100 } });
    try {
      const { snapshot } = await collectFrom(emulator, { signInRequestsPerMinute: 1000 });
      const groupIds = new Set(snapshot.principals.filter((p) => p.type === "group").map((p) => p.id));
      const groups = new Set(
        snapshot.assignments
          .filter((a) => a.memberType === "direct" && groupIds.has(a.principalId))
          .map((a) => a.principalId),
      );
      const lists =
        pages(roleCount) + // roleDefinitions
        pages(tenant.roleEligibilitySchedules.filter(current).length) + // eligibility instances
        pages(tenant.roleAssignmentSchedules.filter(current).length) + // assignment instances
        pages(tenant.roleEligibilitySchedules.length) + // eligibility schedules
        pages(tenant.roleAssignmentSchedules.length) + // assignment schedules
        pages(roleCount) + // role management policy assignments
        pages(tenant.roleAssignmentScheduleRequests.length) + // activation history: every request (no $filter in v1.0)
        pages(tenant.roleAssignmentSchedules.filter(current).length); // roleAssignments (those in force now)
      // Per role-holding group: transitive members, PIM for Groups eligibility and assignment, PIM for Groups settings.
      const lookups = batches(groups.size * 4) + batches(snapshot.principals.length);
      // The tenant's user count, then the cheaper of its users 500 a page and one read per user who holds something.
      const holders = snapshot.principals.filter((p) => p.type === "user").length;
      const signIns = 1 + Math.min(Math.ceil(tenant.users.length / 500), holders);
      const bound = lists + lookups + signIns;
      const measured = httpRequests(emulator);
      console.log(
        `assignments=${snapshot.assignments.length} principals=${snapshot.principals.length} groups=${groups.size} ` +
          `bound=${bound} (lists ${lists} + lookups ${lookups} + sign-ins ${signIns}) measured=${measured} ratio=${(measured / bound).toFixed(3)}`,
      );
      expect(snapshot.assignments.length).toBeGreaterThan(2000);
      // Every piece is there on the generated tenant too.
      expect(snapshot.roleSettings).toHaveLength(roleCount);
      expect(snapshot.activations.length).toBeGreaterThan(0);
      expect(snapshot.assignments.some((a) => a.memberType === "group" && a.viaGroupId !== null)).toBe(true);
      expect(
        snapshot.assignments.some((a) => a.activeKind === "activated" && a.activatedFromEligibilityId !== null),
      ).toBe(true);
      expect(new Set(snapshot.principals.map((p) => p.type))).toEqual(new Set(["user", "group", "servicePrincipal"]));
      expect(snapshot.principals.filter((p) => p.type === "user").every((p) => p.userType !== null)).toBe(true);
      expect(measured).toBeLessThanOrEqual(Math.floor(bound * 1.1));
      // Lookups go out while the longest lists still page, in the slots their page-after-page chains leave free.
      const log = emulator.requestLog();
      const firstUserLookup = log.findIndex((e) => e.inBatch === true && /\/users\//.test(e.path));
      const lastEligibilityPage = log.findLastIndex(
        (e) => e.inBatch !== true && e.route.endsWith("roleEligibilityScheduleInstances"),
      );
      expect(firstUserLookup).toBeGreaterThan(-1);
      expect(firstUserLookup).toBeLessThan(lastEligibilityPage);
    } finally {
      await emulator.stop();
    }
  });
});
