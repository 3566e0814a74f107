// A synthetic tenant of any size for benchmarks: users spread over every built-in role, some via groups.
import type { Assignment, Principal, Snapshot } from "@pim-audit/model";
import { builtInRoles } from "@pim-audit/model";
import { tenant, user } from "./tenant.js";

export function largeTenant(assignmentCount: number): Snapshot {
  const roles = builtInRoles();
  const userCount = Math.max(1, Math.floor(assignmentCount / 20));
  const principals: Principal[] = [];
  for (let i = 0; i < userCount; i++) {
    principals.push(user(`user${i}`, { userType: i % 50 === 0 ? "Guest" : "Member" }));
  }
  const teams = Array.from({ length: 20 }, (_, g) => ({
    ...user(`team${g}`),
    id: `group-team${g}`,
    type: "group" as const,
    userPrincipalName: null,
    members: principals.filter((_, i) => i % 20 === g).map((p) => p.id),
  }));
  const assignments: Assignment[] = [];
  for (let i = 0; i < assignmentCount; i++) {
    const role = roles[i % roles.length]!;
    const principal = principals[(i * 7919) % userCount]!;
    assignments.push({
      id: `a${i}`,
      state: i % 3 === 0 ? "active" : "eligible",
      activeKind: i % 3 === 0 ? "assigned" : null,
      roleId: role.templateId,
      principalId: principal.id,
      directoryScopeId: i % 10 === 0 ? `/administrativeUnits/au${i % 7}` : "/",
      appScopeId: null,
      memberType: i % 5 === 0 ? "inherited" : "direct",
      viaGroupId: i % 5 === 0 ? `group-team${i % 20}` : null,
      start: "2026-01-01T00:00:00Z",
      end: i % 4 === 0 ? null : "2027-01-01T00:00:00Z",
      origin: "directoryRole",
      createdOutsidePim: false,
      expirationType: null,
      scheduleId: null,
      activatedFromEligibilityId: null,
    });
  }
  return tenant({ principals: [...principals, ...teams], assignments });
}
