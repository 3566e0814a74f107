import { stableJson } from "@pim-audit/model";
import { describe, expect, test } from "vitest";
import { fixtureDirectory } from "./directory.js";
import { generatedDirectory, generateTenant } from "./generate.js";

const now = new Date("2026-11-27T10:30:00Z");

describe("generateTenant", () => {
  test("same seed, same tenant byte for byte; another seed, another tenant", () => {
    const options = { seed: 7, now, users: 200 };
    expect(stableJson(generateTenant(options))).toBe(stableJson(generateTenant(options)));
    expect(stableJson(generateTenant({ ...options, seed: 8 }))).not.toBe(stableJson(generateTenant(options)));
  });

  test("the knobs set the counts", () => {
    const tenant = generateTenant({
      now,
      users: 100,
      groups: 10,
      adminShare: 0.5,
      eligiblePerPerson: 3,
      activePerPerson: 2,
      roleAssignableGroups: 4,
      pimGroups: 2,
      servicePrincipals: 5,
      customRoles: 3,
      administrativeUnits: 2,
      activationHistory: 1,
    });
    expect(tenant.users).toHaveLength(100);
    expect(tenant.groups).toHaveLength(10);
    expect(tenant.groups.filter((g) => g.isAssignableToRole)).toHaveLength(4);
    expect(tenant.roleEligibilitySchedules).toHaveLength(150);
    expect(tenant.roleAssignmentSchedules).toHaveLength(100 + 4 + 5);
    expect(tenant.customRoles).toHaveLength(3);
    expect(tenant.pimGroupEligibilities).toHaveLength(6);
    expect(tenant.roleAssignmentScheduleRequests).toHaveLength(150);
    expect(tenant.directoryAudits).toHaveLength(150);
    expect(tenant.users.some((u) => u.userType === "Guest")).toBe(true);
    expect(tenant.users.some((u) => !u.accountEnabled)).toBe(true);
    expect(tenant.users.some((u) => u.onPremisesSyncEnabled === true)).toBe(true);
    expect(tenant.roleAssignmentSchedules.some((a) => a.createdUsing === null)).toBe(true);
    expect(tenant.roleAssignmentSchedules.some((a) => a.assignmentType === "Activated")).toBe(true);
    expect(tenant.roleEligibilitySchedules.some((e) => e.directoryScopeId.startsWith("/administrativeUnits/"))).toBe(
      true,
    );
  });

  test("groups nest to the requested depth", () => {
    const tenant = generateTenant({ now, users: 60, groups: 6, nestingDepth: 2 });
    const directory = fixtureDirectory(tenant);
    const groupIds = new Set(tenant.groups.map((g) => g.id));
    const nestedIn = (id: string) => tenant.groups.find((g) => g.members.includes(id));
    const depths = tenant.groups.map((g) => {
      let depth = 0;
      for (let parent = nestedIn(g.id); parent; parent = nestedIn(parent.id)) depth++;
      return depth;
    });
    expect(Math.max(...depths)).toBe(2);
    expect(tenant.groups[0]!.members.filter((m) => groupIds.has(m))).toHaveLength(1);
    expect(directory.object(tenant.groups[0]!.id)?.kind).toBe("group");
  });

  test("every reference resolves, through ids that lead back to their rows", () => {
    const tenant = generateTenant({ now, users: 300, seed: 3 });
    const directory = generatedDirectory({ now, users: 300, seed: 3 });
    for (const a of [...tenant.roleAssignmentSchedules, ...tenant.roleEligibilitySchedules]) {
      expect(directory.object(a.principalId), a.principalId).toBeDefined();
    }
    for (const a of tenant.roleAssignmentSchedules) {
      expect(directory.assignmentSchedule(a.id)).toEqual(a);
      if (a.activatedUsing) expect(directory.eligibilitySchedule(a.activatedUsing)?.principalId).toBe(a.principalId);
    }
    const someone = tenant.users[42]!;
    expect(directory.object(someone.userPrincipalName)).toEqual({ kind: "user", user: someone });
    expect(directory.object("00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  test("a million assignments are served from rows computed on demand", () => {
    const before = process.memoryUsage().heapUsed;
    const directory = generatedDirectory({
      now,
      users: 100_000,
      adminShare: 1,
      eligiblePerPerson: 5,
      activePerPerson: 5,
      activationHistory: 0.01,
    });
    const total = directory.roleEligibilitySchedules.size + directory.roleAssignmentSchedules.size;
    expect(total).toBeGreaterThanOrEqual(1_000_000);
    const last = directory.roleEligibilitySchedules.at(directory.roleEligibilitySchedules.size - 1);
    expect(directory.object(last.principalId)?.kind).toBe("user");
    expect(directory.roleEligibilitySchedules.at(123_456)).toEqual(directory.roleEligibilitySchedules.at(123_456));
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });
});
