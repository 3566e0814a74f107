// End to end over HTTPS: what the app may read decides what the snapshot holds. A missing permission or
// licence is a named gap and the run goes on; a bad token or an untrusted certificate stops it (exit 3).
import { type RunningEmulator, startEmulator } from "@pim-audit/graph-emulator";
import { CollectionError, type Snapshot } from "@pim-audit/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allGraphPermissions } from "../src/permissions.js";
import { collectFrom, DEMO_NOW } from "../src/test-utils/emulator.js";

let emulator: RunningEmulator;
let unlicensed: RunningEmulator;
let full: Snapshot;

beforeAll(async () => {
  [emulator, unlicensed] = await Promise.all([
    startEmulator({ tenant: "demo", now: DEMO_NOW }),
    startEmulator({ tenant: "demo", now: DEMO_NOW, premiumLicence: false }),
  ]);
  ({ snapshot: full } = await collectFrom(emulator));
});
afterAll(async () => {
  await Promise.all([emulator?.stop(), unlicensed?.stop()]);
});

const piecesOf = (snapshot: Snapshot) => snapshot.completeness.gaps.map((g) => g.piece);
const without = (...missing: string[]) => allGraphPermissions().filter((p) => !missing.includes(p));

describe("collectFromGraph and permissions", () => {
  it("needs nothing beyond the least-privilege permissions it documents", async () => {
    const { snapshot } = await collectFrom(emulator, { token: emulator.mintToken({ roles: allGraphPermissions() }) });
    expect(piecesOf(snapshot)).toEqual(piecesOf(full));
    expect(snapshot.assignments).toEqual(full.assignments);
    expect(snapshot.principals).toEqual(full.principals);
  });

  it("records each missing permission as a gap naming it, and still collects the rest", async () => {
    const token = emulator.mintToken({
      roles: without("AuditLog.Read.All", "GroupMember.Read.All", "Directory.Read.All"),
    });
    const { snapshot, events } = await collectFrom(emulator, { token });
    const gaps = snapshot.completeness.gaps.filter((g) => g.piece !== "directAssignments");
    // Two role-holding groups refuse their members, and their own lookup: one gap per piece.
    expect(gaps.map((g) => g.piece)).toEqual(["activationHistory", "groupMembers", "principals", "signInActivity"]);
    expect(gaps.find((g) => g.piece === "activationHistory")?.reason).toBe(
      "Graph answered 403 (Authorization_RequestDenied): the app needs AuditLog.Read.All and Directory.Read.All.",
    );
    expect(snapshot.activationHistory).toEqual({ source: null, coversFrom: null });
    expect(gaps.find((g) => g.piece === "groupMembers")).toEqual({
      piece: "groupMembers",
      reason: "Graph answered 403 (Authorization_RequestDenied): the app needs GroupMember.Read.All.",
      request: expect.stringMatching(/^GET \/groups\/[0-9a-f-]+\/transitiveMembers\?\$select=id$/),
      expected: false,
    });
    expect(gaps.find((g) => g.piece === "signInActivity")?.reason).toContain("AuditLog.Read.All");
    expect(snapshot.completeness.complete).toBe(false);
    expect(snapshot.assignments.filter((a) => a.memberType !== "group" || a.origin !== "directoryRole")).toEqual(
      full.assignments.filter((a) => a.memberType !== "group" || a.origin !== "directoryRole"),
    );
    expect(snapshot.principals.every((p) => p.lastSignInDateTime === null)).toBe(true);
    expect(events.filter((e) => e.kind === "gap").map((e) => e.kind === "gap" && e.piece)).toContain("groupMembers");
  });

  it("records role settings and role definitions as gaps, taking built-in roles from the catalog", async () => {
    const token = emulator.mintToken({
      roles: without("RoleManagement.Read.Directory", "RoleManagementPolicy.Read.Directory", "Directory.Read.All"),
    });
    const { snapshot } = await collectFrom(emulator, { token });
    expect(snapshot.completeness.gaps.find((g) => g.piece === "roleSettings")).toEqual({
      piece: "roleSettings",
      reason: "Graph answered 403 (Authorization_RequestDenied): the app needs RoleManagementPolicy.Read.Directory.",
      request:
        "GET /policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'&$expand=policy($expand=rules)",
      expected: false,
    });
    expect(piecesOf(snapshot)).toContain("roleDefinitions");
    expect(snapshot.roleSettings).toEqual([]);
    expect(snapshot.assignments).toEqual(full.assignments);
    expect(snapshot.roles.find((r) => r.id === "62e90394-69f5-4237-9190-012177145e10")?.privileged).toBe(true);
  });

  it("reads activation history with read permissions only, PIM for Groups activations included", async () => {
    const { snapshot } = await collectFrom(emulator, { token: emulator.mintToken({ roles: allGraphPermissions() }) });
    expect(allGraphPermissions().filter((p) => /ReadWrite/.test(p))).toEqual([]);
    expect(piecesOf(snapshot)).not.toContain("activationHistory");
    // The audit log keeps 30 days; the 90 days asked for reach further back than that.
    expect(snapshot.activationHistory).toEqual({
      source: "directoryAudits",
      coversFrom: new Date(DEMO_NOW.getTime() - 30 * 86_400_000).toISOString(),
    });
    const irvin = snapshot.principals.find((p) => p.userPrincipalName === "irvin.sayers@contoso.com");
    expect(snapshot.activations.filter((a) => a.groupId !== null)).toEqual([
      expect.objectContaining({ principalId: irvin?.id, roleId: null, accessId: "member" }),
    ]);
    expect(snapshot.activations.filter((a) => a.roleId !== null).length).toBeGreaterThan(0);
  });

  it("reads the PIM for Groups settings of every role-holding group, member and owner", () => {
    const holding = [
      ...new Set(
        full.assignments.filter((a) => a.viaGroupId !== null && a.origin !== "directoryRole").map((a) => a.viaGroupId),
      ),
    ];
    expect(holding.length).toBeGreaterThan(0);
    for (const groupId of holding) {
      expect(
        full.groupSettings.filter((s) => s.groupId === groupId).map((s) => [s.accessId, s.policyId.split("_")[0]]),
      ).toEqual([
        ["member", "Group"],
        ["owner", "Group"],
      ]);
    }
  });

  it("records PIM for Groups settings as a role settings gap naming RoleManagementPolicy.Read.AzureADGroup", async () => {
    const token = emulator.mintToken({ roles: without("RoleManagementPolicy.Read.AzureADGroup") });
    const { snapshot } = await collectFrom(emulator, { token });
    expect(snapshot.completeness.gaps).toEqual([
      {
        piece: "roleSettings",
        reason:
          "Graph answered 403 (Authorization_RequestDenied): the app needs RoleManagementPolicy.Read.AzureADGroup.",
        request: expect.stringMatching(
          /^GET \/policies\/roleManagementPolicyAssignments\?\$filter=scopeId%20eq%20'[0-9a-f-]+'%20and%20scopeType%20eq%20'Group'&/,
        ),
        expected: false,
      },
    ]);
    expect(snapshot.groupSettings).toEqual([]);
    expect(snapshot.roleSettings).toEqual(full.roleSettings);
  });

  it("records PIM for Groups as a gap when its permissions are missing", async () => {
    const token = emulator.mintToken({
      roles: without(
        "PrivilegedEligibilitySchedule.Read.AzureADGroup",
        "PrivilegedAssignmentSchedule.Read.AzureADGroup",
      ),
    });
    const { snapshot } = await collectFrom(emulator, { token });
    expect(piecesOf(snapshot)).toContain("pimForGroups");
    expect(snapshot.assignments.some((a) => a.origin !== "directoryRole")).toBe(false);
  });

  it("records signInActivity as a gap naming the licence when the tenant has none", async () => {
    const { snapshot } = await collectFrom(unlicensed);
    const gap = snapshot.completeness.gaps.find((g) => g.piece === "signInActivity");
    expect(gap?.reason).toBe(
      "Graph refused it (Authentication_RequestFromNonPremiumTenantOrB2CTenant): the tenant needs Microsoft Entra ID P1 or P2.",
    );
    expect(snapshot.principals.find((p) => p.userPrincipalName === "raul.razo@contoso.com")?.accountEnabled).toBe(
      false,
    );
  });
});

describe("collectFromGraph stops with exit 3 on", () => {
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CollectionError);
    return error as CollectionError;
  };

  it("a token Graph rejects", async () => {
    const error = await failure(
      collectFrom(emulator, { token: emulator.mintToken({ tenantId: "00000000-0000-0000-0000-000000000000" }) }),
    );
    expect(error.code).toBe("AUTH_FAILED");
    expect(error.exitCode).toBe(3);
    expect(error.toOneLine()).toMatch(/: Graph answered HTTP 401/);
  });

  it("an endpoint whose certificate is not trusted, saying to pass --ca-file", async () => {
    const error = await failure(collectFrom(emulator, { caPem: undefined }));
    expect(error.code).toBe("NETWORK_UNREACHABLE");
    expect(error.toOneLine()).toMatch(/certificate of the Graph endpoint is not trusted .*--ca-file/);
  });

  it("a missing token variable, naming it", async () => {
    const error = await failure(collectFrom(emulator, { env: {} }));
    expect(error.toOneLine()).toBe(
      "--auth token needs the environment variable PIM_AUDIT_ACCESS_TOKEN. Set PIM_AUDIT_ACCESS_TOKEN, or choose another --auth mode.",
    );
  });
});

describe("collectFromGraph under the documented throttling limits", () => {
  it("waits out the 429s its $batch lookups draw, as Retry-After says, and ends with the same snapshot", async () => {
    const throttled = await startEmulator({ tenant: "demo", now: DEMO_NOW, throttle: { scale: 0.012 } });
    try {
      const { snapshot, events } = await collectFrom(throttled, { concurrency: 8 });
      expect(snapshot.assignments).toEqual(full.assignments);
      expect(snapshot.principals).toEqual(full.principals);
      const retries = events.filter((e) => e.kind === "retry");
      expect(throttled.requestLog().some((e) => e.status === 429)).toBe(true);
      // At 1.2 % of the documented limits the demo's lookups exceed the bucket (2 % would not).
      expect(retries.some((e) => e.kind === "retry" && /HTTP 429/.test(e.reason))).toBe(true);
    } finally {
      await throttled.stop();
    }
  });
});
