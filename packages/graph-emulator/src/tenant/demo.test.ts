import { GLOBAL_ADMINISTRATOR_TEMPLATE_ID, roleByName, roleByTemplateId, stableJson } from "@pim-audit/model";
import { describe, expect, test } from "vitest";
import { demoTenant } from "./demo.js";
import { DEMO_PAYLOADS, demoPayload } from "./demo-payloads.js";

const now = new Date("2026-11-27T10:30:00Z");
const demo = demoTenant(now);
const userByUpn = (upn: string) => {
  const user = demo.users.find((u) => u.userPrincipalName === upn);
  if (!user) throw new Error(`no user ${upn}`);
  return user;
};
const roleId = (name: string) =>
  roleByName(name)?.templateId ?? demo.customRoles.find((r) => r.displayName === name)!.id;
const activeOf = (upn: string) => demo.roleAssignmentSchedules.filter((a) => a.principalId === userByUpn(upn).id);
const eligibleOf = (upn: string) => demo.roleEligibilitySchedules.filter((e) => e.principalId === userByUpn(upn).id);

describe("demoTenant", () => {
  test("is Contoso with 30 to 60 people", () => {
    expect(demo.tenant.defaultDomain).toBe("contoso.com");
    expect(demo.tenant.initialDomain).toBe("contoso.onmicrosoft.com");
    expect(demo.users.length).toBeGreaterThanOrEqual(30);
    expect(demo.users.length).toBeLessThanOrEqual(60);
  });

  test("is identical all day and moves with the day", () => {
    expect(stableJson(demoTenant(new Date("2026-11-27T00:00:01Z")))).toBe(
      stableJson(demoTenant(new Date("2026-11-27T23:59:59Z"))),
    );
    expect(stableJson(demoTenant(new Date("2026-11-28T00:00:01Z")))).not.toBe(stableJson(demo));
  });

  test("every assignment points at a principal and a role that exist", () => {
    const ids = new Set([...demo.users, ...demo.groups, ...demo.servicePrincipals].map((o) => o.id));
    for (const deleted of demo.deletedPrincipalIds ?? []) ids.add(deleted);
    const roles = new Set(demo.customRoles.map((r) => r.id));
    for (const a of [...demo.roleAssignmentSchedules, ...demo.roleEligibilitySchedules]) {
      expect(ids.has(a.principalId)).toBe(true);
      expect(roles.has(a.roleDefinitionId) || roleByTemplateId(a.roleDefinitionId) !== undefined).toBe(true);
    }
  });

  test("two break-glass accounts hold Global Administrator permanently and actively", () => {
    for (const upn of ["bg-01@contoso.com", "bg-02@contoso.com"]) {
      expect(activeOf(upn)).toEqual([
        expect.objectContaining({
          roleDefinitionId: GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
          endDateTime: null,
          assignmentType: "Assigned",
        }),
      ]);
    }
  });

  test("at least five distinct principals hold Global Administrator", () => {
    const holders = new Set(
      [...demo.roleAssignmentSchedules, ...demo.roleEligibilitySchedules]
        .filter((a) => a.roleDefinitionId === GLOBAL_ADMINISTRATOR_TEMPLATE_ID)
        .map((a) => a.principalId),
    );
    expect(holders.size).toBeGreaterThanOrEqual(5);
  });

  test("holds the cases a least-privilege policy pack must find", () => {
    const guest = userByUpn("jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com");
    expect(guest.userType).toBe("Guest");
    expect(roleByTemplateId(eligibleOf(guest.userPrincipalName)[0]!.roleDefinitionId)?.privileged).toBe(true);

    expect(userByUpn("raul.razo@contoso.com").accountEnabled).toBe(false);
    expect(eligibleOf("raul.razo@contoso.com")).toHaveLength(1);
    expect(userByUpn("enrico.cattaneo@contoso.com").onPremisesSyncEnabled).toBe(true);
    expect(eligibleOf("enrico.cattaneo@contoso.com")[0]!.roleDefinitionId).toBe(roleId("Security Administrator"));

    const outsidePim = demo.roleAssignmentSchedules.filter((a) => a.createdUsing === null);
    expect(outsidePim.map((a) => a.principalId).sort()).toEqual(
      [userByUpn("svc-sync@contoso.com").id, userByUpn("debra.berger@contoso.com").id].sort(),
    );

    const sp = demo.servicePrincipals[0]!;
    expect(demo.roleAssignmentSchedules.some((a) => a.principalId === sp.id)).toBe(true);

    const scoped = demo.roleEligibilitySchedules.filter((e) => e.directoryScopeId.startsWith("/administrativeUnits/"));
    expect(scoped.length).toBeGreaterThan(0);
    expect(eligibleOf("ben.walters@contoso.com")[0]!.roleDefinitionId).toBe(
      roleId(demoPayload("role:Contoso Tier 2 Support")),
    );

    const roleGroup = demo.groups.find((g) => g.displayName === "Tier 1 Identity Admins")!;
    expect(roleGroup.isAssignableToRole).toBe(true);
    expect(demo.roleAssignmentSchedules.some((a) => a.principalId === roleGroup.id)).toBe(true);
    expect(demo.pimGroupEligibilities.filter((e) => e.accessId === "member").length).toBeGreaterThanOrEqual(2);

    const helpdesk = demo.groups.find((g) => g.displayName === "Helpdesk Team")!;
    expect(
      demo.roleEligibilitySchedules.filter((e) => e.principalId === helpdesk.id).map((e) => e.roleDefinitionId),
    ).toEqual([roleId("Helpdesk Administrator")]);
    expect(helpdesk.members).toContain(userByUpn("miriam.graham@contoso.com").id);
    expect(eligibleOf("miriam.graham@contoso.com")[0]!.roleDefinitionId).toBe(roleId("Exchange Administrator"));
  });

  test("has an eligibility never activated for 90+ days, a running activation and one ending within a week", () => {
    const activated = new Set(
      demo.roleAssignmentScheduleRequests
        .filter((r) => r.action === "selfActivate" && Date.parse(r.createdDateTime) > now.getTime() - 90 * 86_400_000)
        .map((r) => `${r.principalId}|${r.roleDefinitionId}`),
    );
    const stale = demo.roleEligibilitySchedules.filter(
      (e) =>
        Date.parse(e.createdDateTime) < now.getTime() - 90 * 86_400_000 &&
        !activated.has(`${e.principalId}|${e.roleDefinitionId}`),
    );
    expect(stale.map((e) => demo.users.find((u) => u.id === e.principalId)?.userPrincipalName)).toContain(
      "nestor.wilke@contoso.com",
    );

    const running = demo.roleAssignmentSchedules.filter((a) => a.assignmentType === "Activated");
    expect(running).toHaveLength(1);
    expect(running[0]!.activatedUsing).toBe(
      eligibleOf("megan.bowen@contoso.com").find((e) => e.id === running[0]!.activatedUsing)?.id,
    );

    const expiring = eligibleOf("lee.gu@contoso.com")[0]!;
    expect(Date.parse(expiring.endDateTime!) - now.getTime()).toBeLessThan(7 * 86_400_000);
  });

  test("role settings leave some privileged roles without MFA, approval or justification", () => {
    const byRole = new Map(demo.roleSettings.map((s) => [s.roleDefinitionId, s]));
    expect(byRole.get(roleId("Security Administrator"))?.requireMfa).toBe(false);
    expect(byRole.get(roleId("Privileged Role Administrator"))?.requireApproval).toBe(false);
    expect(byRole.get(roleId("User Administrator"))?.requireJustification).toBe(false);
    expect(byRole.get(GLOBAL_ADMINISTRATOR_TEMPLATE_ID)?.requireApproval).toBe(true);
  });

  test("users with old or no sign-ins exist", () => {
    const old = demo.users.filter(
      (u) => u.lastSignInDateTime === null || Date.parse(u.lastSignInDateTime) < now.getTime() - 90 * 86_400_000,
    );
    expect(old.map((u) => u.userPrincipalName)).toEqual(
      expect.arrayContaining(["nestor.wilke@contoso.com", "bg-02@contoso.com", "raul.razo@contoso.com"]),
    );
  });

  test.each(DEMO_PAYLOADS)("carries the $kind payload on $carrier, within Graph's 256-character display names", (p) => {
    const [kind, name] = p.carrier.includes(":") ? p.carrier.split(":") : ["user", p.carrier];
    const holder =
      kind === "user"
        ? demo.users.find(
            (u) => u.userPrincipalName.startsWith(`${name}@`) || u.userPrincipalName.startsWith(`${name}_`),
          )
        : kind === "sp"
          ? demo.servicePrincipals.find((s) => s.displayName === p.value)
          : demo.customRoles.find((r) => (kind === "role" ? r.displayName : r.description) === p.value);
    expect(holder).toBeDefined();
    if (kind === "user") expect(holder!.displayName).toBe(p.value);
    expect(p.value.length).toBeLessThanOrEqual(256);
    const assigned = [...demo.roleAssignmentSchedules, ...demo.roleEligibilitySchedules];
    if (kind === "user" || kind === "sp") expect(assigned.some((a) => a.principalId === holder!.id)).toBe(true);
  });
});
