// End to end over HTTPS: the demo tenant of @pim-audit/graph-emulator collected by collectFromGraph.
import { demoPayload, type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { type Assignment, type Snapshot, stableJson, validateSnapshot } from "@pim-audit/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectFrom, DEMO_NOW } from "../src/test-utils/emulator.js";

let emulator: RunningEmulator;
let snapshot: Snapshot;

beforeAll(async () => {
  emulator = await startEmulator({ tenant: "demo", now: DEMO_NOW });
  ({ snapshot } = await collectFrom(emulator));
});
afterAll(async () => {
  await emulator?.stop();
});

const byUpn = (upn: string) => snapshot.principals.find((p) => p.userPrincipalName === upn);
const byName = (name: string) => snapshot.principals.find((p) => p.displayName === name);
const roleId = (name: string) => snapshot.roles.find((r) => r.displayName === name)?.id;
const rowsOf = (principalId: string | undefined, role: string): Assignment[] =>
  snapshot.assignments.filter((a) => a.principalId === principalId && a.roleId === roleId(role));

describe("collectFromGraph on the demo tenant", () => {
  it("produces a snapshot valid against the schema, naming the tenant", () => {
    expect(validateSnapshot(snapshot).ok).toBe(true);
    expect(snapshot.tenant).toEqual({
      id: "4a1c5e38-2f6b-4d7e-9c1a-0b3d5f7e9a21",
      displayName: "Contoso",
      defaultDomain: "contoso.com",
      cloud: "global",
    });
    expect(snapshot.source).toEqual({ kind: "graph", endpoint: `${emulator.baseUrl}/v1.0`, toolVersion: "test" });
    expect(snapshot.collectedAt).toBe(DEMO_NOW.toISOString());
  });

  it("keeps the three sign-in times as Graph sent them: the sprayed admin's last success is 150 days old", () => {
    expect(byUpn("diego.siciliani@contoso.com")).toMatchObject({
      lastSuccessfulSignInDateTime: "2026-06-30T09:09:00.000Z",
      lastSignInDateTime: "2026-11-27T08:24:00.000Z",
      lastNonInteractiveSignInDateTime: "2026-11-25T03:09:00.000Z",
    });
  });

  it("is complete: every piece was read", () => {
    expect(snapshot.completeness).toEqual({ complete: true, gaps: [] });
  });

  it("reads role definitions with the catalog's privileged flag, custom roles included", () => {
    expect(snapshot.roles.find((r) => r.displayName === "Global Administrator")).toMatchObject({
      id: "62e90394-69f5-4237-9190-012177145e10",
      isBuiltIn: true,
      privileged: true,
    });
    expect(snapshot.roles.find((r) => r.displayName === demoPayload("role:Contoso Tier 2 Support"))).toMatchObject({
      isBuiltIn: false,
      privileged: true,
      privilegedActions: [
        "microsoft.directory/users/invalidateAllRefreshTokens",
        "microsoft.directory/users/password/update",
      ],
    });
    expect(snapshot.roles.find((r) => r.displayName === "Billing Administrator")?.privileged).toBe(false);
  });

  it("marks the principal of a schedule that expands to null as deleted, without looking it up", () => {
    const deleted = snapshot.principals.filter((p) => p.deleted);
    expect(deleted).toEqual([expect.objectContaining({ type: "unknown", displayName: null })]);
    expect(rowsOf(deleted[0]?.id, "Global Administrator")).toEqual([expect.objectContaining({ state: "eligible" })]);
    const paths = emulator.requestLog().map((entry) => entry.path);
    expect(paths.filter((path) => path.includes("directoryObjects"))).toEqual([]);
    expect(paths.filter((path) => path.includes(deleted[0]?.id ?? "-"))).toEqual([]);
  });

  it("tells permanent from time-bound, eligible from active, and assigned from activated", () => {
    expect(rowsOf(byUpn("bg-01@contoso.com")?.id, "Global Administrator")).toEqual([
      expect.objectContaining({
        state: "active",
        activeKind: "assigned",
        end: null,
        expirationType: "noExpiration",
        createdOutsidePim: false,
      }),
    ]);
    expect(rowsOf(byUpn("lidia.holloway@contoso.com")?.id, "Application Administrator")[0]).toMatchObject({
      state: "active",
      expirationType: "afterDateTime",
      end: expect.stringMatching(/^2027-02-15T/),
    });
    const megan = rowsOf(byUpn("megan.bowen@contoso.com")?.id, "Privileged Role Administrator").filter(
      (a) => a.origin === "directoryRole",
    );
    const eligibility = megan.find((a) => a.state === "eligible");
    const activation = megan.find((a) => a.state === "active");
    expect(activation).toMatchObject({ activeKind: "activated", activatedFromEligibilityId: eligibility?.scheduleId });
    expect(eligibility?.scheduleId).toBeTruthy();
  });

  it("marks assignments made outside PIM", () => {
    for (const [upn, role] of [
      ["svc-sync@contoso.com", "Directory Synchronization Accounts"],
      ["debra.berger@contoso.com", "Intune Administrator"],
    ] as const) {
      expect(rowsOf(byUpn(upn)?.id, role)).toEqual([expect.objectContaining({ start: null, createdOutsidePim: true })]);
    }
  });

  it("reads the scope of an assignment scoped to an administrative unit", () => {
    expect(rowsOf(byUpn("alex.wilber@contoso.com")?.id, "User Administrator")[0]?.directoryScopeId).toMatch(
      /^\/administrativeUnits\//,
    );
  });

  it("reads the principal attributes the rules need", () => {
    expect(byUpn("raul.razo@contoso.com")?.accountEnabled).toBe(false);
    expect(byUpn("enrico.cattaneo@contoso.com")?.onPremisesSyncEnabled).toBe(true);
    expect(byUpn("jordan.lee_fabrikam.com#EXT#@contoso.onmicrosoft.com")?.userType).toBe("Guest");
    expect(Date.parse(byUpn("nestor.wilke@contoso.com")?.lastSignInDateTime ?? "")).toBeLessThan(
      DEMO_NOW.getTime() - 129 * 86_400_000,
    );
    expect(byUpn("bg-02@contoso.com")?.lastSignInDateTime).toBeNull();
    expect(byName(demoPayload("sp:Contoso HR Provisioning"))).toMatchObject({
      type: "servicePrincipal",
      appId: expect.any(String),
    });
  });

  it("expands a role-holding group to its members (memberType Group) naming the group, whose own row stays Direct", () => {
    const group = byName("Tier 1 Identity Admins");
    expect(group).toMatchObject({ type: "group", isAssignableToRole: true });
    expect(rowsOf(group?.id, "Authentication Administrator")[0]?.memberType).toBe("direct");
    for (const upn of ["joni.sherman@contoso.com", "lynne.robbins@contoso.com"]) {
      expect(rowsOf(byUpn(upn)?.id, "Authentication Administrator")).toEqual([
        expect.objectContaining({ memberType: "group", viaGroupId: group?.id, state: "active" }),
      ]);
    }
    expect(group?.members).toEqual(
      [byUpn("joni.sherman@contoso.com")?.id, byUpn("lynne.robbins@contoso.com")?.id].sort(),
    );
  });

  it("adds PIM for Groups eligible and active members and owners, each holder once", () => {
    const group = byName("PIM Privileged Role Admins");
    const holders = (upn: string) =>
      rowsOf(byUpn(upn)?.id, "Privileged Role Administrator")
        .filter((a) => a.viaGroupId === group?.id)
        .map((a) => `${a.state}:${a.origin}`)
        .sort();
    expect(holders("henrietta.mueller@contoso.com")).toEqual(["eligible:pimGroupMember"]);
    expect(holders("irvin.sayers@contoso.com")).toEqual(["eligible:pimGroupMember"]);
    // Also a plain member of the group: counted once, as the PIM membership.
    expect(holders("christie.cline@contoso.com")).toEqual(["active:pimGroupMember"]);
    expect(holders("megan.bowen@contoso.com")).toEqual(["active:pimGroupOwner", "eligible:pimGroupOwner"]);
  });

  it("never lists the same holder of a role twice by the same path", () => {
    const keys = snapshot.assignments.map(
      (a) => `${a.principalId}|${a.roleId}|${a.state}|${a.directoryScopeId}|${a.viaGroupId}|${a.origin}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("normalises role settings for every role", () => {
    expect(snapshot.roleSettings).toHaveLength(snapshot.roles.length);
    const ga = snapshot.roleSettings.find((s) => s.roleId === "62e90394-69f5-4237-9190-012177145e10");
    expect(ga?.notifications).toHaveLength(9);
    expect(ga?.activation.maxDuration).toMatch(/^PT\d+H$/);
  });

  it("reads the activation history of the last 90 days only", () => {
    expect(snapshot.activityDays).toBe(90);
    expect(snapshot.activations.length).toBeGreaterThan(0);
    const since = DEMO_NOW.getTime() - 90 * 86_400_000;
    expect(snapshot.activations.every((a) => Date.parse(a.activatedAt) >= since)).toBe(true);
    const adele = byUpn("adele.vance@contoso.com")?.id;
    expect(
      snapshot.activations.some((a) => a.principalId === adele && a.roleId === roleId("Global Administrator")),
    ).toBe(true);
    const enrico = byUpn("enrico.cattaneo@contoso.com")?.id;
    expect(snapshot.activations.some((a) => a.principalId === enrico)).toBe(false);
  });

  it("gives the same bytes on a second run", async () => {
    const again = await collectFrom(emulator);
    expect(stableJson(again.snapshot)).toBe(stableJson(snapshot));
  });
});
