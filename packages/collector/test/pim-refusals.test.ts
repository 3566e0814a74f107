// How the PIM services refuse, over HTTPS against the emulator: a user's token without PIM scopes stops the run
// before it starts, a tenant without P2 and a scope Graph names are gaps, and a 400 on an optional list is a gap.
import {
  AZURE_CLI_APP_ID,
  AZURE_CLI_GRAPH_SCOPES,
  type RunningEmulator,
  startEmulator,
} from "@pim-audit/graph-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allGraphPermissions } from "../src/permissions.js";
import { collectFrom, collectionFailure, DEMO_NOW } from "../src/test-utils/emulator.js";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ tenant: "demo", now: DEMO_NOW });
});
afterAll(async () => {
  await emulator?.stop();
});

describe("a user's sign-in whose token carries no PIM scope", () => {
  it("an Azure CLI token stops before any request, naming the app and the app registration to use instead", async () => {
    emulator.clearRequestLog();
    const token = emulator.mintToken({ scopes: AZURE_CLI_GRAPH_SCOPES, appId: AZURE_CLI_APP_ID });
    const error = await collectionFailure(collectFrom(emulator, { token }));
    expect(error.code).toBe("PERMISSION_DENIED");
    expect(error.exitCode).toBe(3);
    expect(error.toOneLine()).toMatch(
      /^--auth token signed in through the Azure CLI's app \(04b07795-8ddb-461a-bbee-02f9e1bf7b46\), whose token carries no PIM scope .* Register an app with the delegated permissions .*RoleEligibilitySchedule\.Read\.Directory.* --auth device-code and AZURE_CLIENT_ID/,
    );
    expect(emulator.requestLog()).toEqual([]);
  });

  it("a user's token from an app with the delegated PIM scopes collects what an app-only token does", async () => {
    const delegated = await collectFrom(emulator, { token: emulator.mintToken({ scopes: allGraphPermissions() }) });
    const app = await collectFrom(emulator, { token: emulator.mintToken({ roles: allGraphPermissions() }) });
    expect(delegated.snapshot.assignments).toEqual(app.snapshot.assignments);
    expect(delegated.snapshot.completeness).toEqual(app.snapshot.completeness);
  });
});

describe("errors the PIM services wrap in UnknownError", () => {
  it("a tenant without Microsoft Entra ID P2 leaves the PIM pieces as gaps naming the licence, not a failed run", async () => {
    const unlicensed = await startEmulator({ tenant: "demo", now: DEMO_NOW, pimLicence: false });
    try {
      const { snapshot } = await collectFrom(unlicensed);
      const gaps = snapshot.completeness.gaps.filter((g) => g.piece === "assignments" || g.piece === "schedules");
      expect(gaps.map((g) => g.piece).sort()).toEqual(["assignments", "schedules"]);
      for (const gap of gaps) {
        expect(gap.reason).toBe(
          "Graph refused it (AadPremiumLicenseRequired): the tenant needs Microsoft Entra ID P2 (PIM).",
        );
      }
      expect(snapshot.roles.length).toBeGreaterThan(0);
    } finally {
      await unlicensed.stop();
    }
  });

  it("a refused scope is a gap saying which scopes Graph named, not UnknownError", async () => {
    const refused = ["RoleEligibilitySchedule.Read.Directory", "RoleManagement.Read.Directory"];
    const token = emulator.mintToken({ roles: allGraphPermissions().filter((p) => !refused.includes(p)) });
    const { snapshot } = await collectFrom(emulator, { token });
    const gap = snapshot.completeness.gaps.find((g) => g.piece === "assignments");
    expect(gap?.reason).toMatch(
      /^Graph answered 403 \(PermissionScopeNotGranted\): the token has none of RoleEligibilitySchedule\.Read\.Directory, RoleManagement\.Read\.Directory, .*; pim-audit needs RoleEligibilitySchedule\.Read\.Directory and RoleAssignmentSchedule\.Read\.Directory\.$/,
    );
    expect(gap?.request).toBe("GET /roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal");
  });
});

describe("a 400 on a list", () => {
  it("on an optional list (a filter Graph stops accepting) is a gap for that piece, and the rest is collected", async () => {
    const strict = await startEmulator({
      tenant: "demo",
      now: DEMO_NOW,
      faults: [
        {
          route: "auditLogs/directoryAudits",
          kind: "status",
          status: 400,
          code: "BadRequest",
          message: "Invalid filter clause: the property 'activityDateTime' does not support 'ge'.",
        },
      ],
    });
    try {
      const { snapshot } = await collectFrom(strict);
      expect(snapshot.completeness.gaps.find((g) => g.piece === "activationHistory")).toEqual({
        piece: "activationHistory",
        reason:
          "Graph refused the request with 400 (BadRequest): Invalid filter clause: the property 'activityDateTime' does not support 'ge'..",
        request: expect.stringMatching(/^GET \/auditLogs\/directoryAudits\?/),
        expected: false,
      });
      expect(snapshot.assignments.length).toBeGreaterThan(0);
    } finally {
      await strict.stop();
    }
  });

  it("on the assignments themselves still fails the run, naming the request", async () => {
    const strict = await startEmulator({
      tenant: "demo",
      now: DEMO_NOW,
      faults: [{ route: "roleManagement/directory/roleEligibilityScheduleInstances", kind: "status", status: 400 }],
    });
    try {
      const error = await collectionFailure(collectFrom(strict));
      expect(error.code).toBe("GRAPH_REQUEST_FAILED");
      expect(error.toOneLine()).toMatch(/^GET \/roleManagement\/directory\/roleEligibilityScheduleInstances.*HTTP 400/);
    } finally {
      await strict.stop();
    }
  });
});
