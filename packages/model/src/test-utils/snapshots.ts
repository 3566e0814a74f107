import type { Snapshot } from "../snapshot.js";

/** Two people, one role: the smallest snapshot that exercises every list. */
export function minimalSnapshot(): Snapshot {
  return {
    schemaVersion: 1,
    tenant: {
      id: "00000000-0000-0000-0000-000000000001",
      displayName: "Test",
      defaultDomain: "test.example",
      cloud: "global",
    },
    collectedAt: "2026-11-01T00:00:00.000Z",
    source: { kind: "file", endpoint: null, toolVersion: "0.0.0" },
    completeness: { complete: true, gaps: [] },
    activityDays: 90,
    roles: [
      {
        id: "62e90394-69f5-4237-9190-012177145e10",
        templateId: "62e90394-69f5-4237-9190-012177145e10",
        displayName: "Global Administrator",
        isBuiltIn: true,
        privileged: true,
      },
    ],
    principals: ["a", "b"].map((n) => ({
      id: `0000000${n}-0000-0000-0000-000000000000`,
      type: "user" as const,
      displayName: n.toUpperCase(),
      userPrincipalName: `${n}@test.example`,
      mail: null,
      userType: "Member",
      accountEnabled: true,
      onPremisesSyncEnabled: false,
      lastSignInDateTime: null,
      isAssignableToRole: null,
      members: null,
      appId: null,
    })),
    assignments: ["a", "b"].map((n) => ({
      id: `assignment-${n}`,
      state: "eligible" as const,
      activeKind: null,
      roleId: "62e90394-69f5-4237-9190-012177145e10",
      principalId: `0000000${n}-0000-0000-0000-000000000000`,
      directoryScopeId: "/",
      appScopeId: null,
      memberType: "direct" as const,
      viaGroupId: null,
      start: "2026-01-01T00:00:00.000Z",
      end: null,
      origin: "directoryRole" as const,
      createdOutsidePim: false,
      expirationType: "noExpiration" as const,
      scheduleId: null,
      activatedFromEligibilityId: null,
    })),
    roleSettings: [],
    activations: [],
  };
}
