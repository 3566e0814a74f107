import { describe, expect, it } from "vitest";
import { graphExampleValue } from "../../test-utils/graph-examples.js";
import { normaliseAuditActivation, PIM_ACTIVATION_ACTIVITY } from "./activations.js";

describe("normaliseAuditActivation", () => {
  // Microsoft's directoryAudit example, made into a PIM activation record.
  const [example] = graphExampleValue("08c-directoryAudits-list");
  const pim = {
    ...example!,
    id: "PIM_1",
    activityDisplayName: PIM_ACTIVATION_ACTIVITY,
    activityDateTime: "2026-11-01T10:00:00Z",
    loggedByService: "PIM",
    resultReason: "Incident INC-1",
  };
  const user = { id: "1f0e98f5-3161-4c6b-9b50-d488572f2bb7", displayName: null, Type: "User" };

  it("reads a directory-role activation: the role and the user by their type", () => {
    const raw = {
      ...pim,
      category: "RoleManagement",
      targetResources: [
        { id: "62e90394-69f5-4237-9190-012177145e10", displayName: "Global Administrator", Type: "Role" },
        user,
      ],
    };
    expect(normaliseAuditActivation(raw)).toEqual({
      id: "PIM_1",
      principalId: "1f0e98f5-3161-4c6b-9b50-d488572f2bb7",
      roleId: "62e90394-69f5-4237-9190-012177145e10",
      directoryScopeId: null,
      groupId: null,
      accessId: null,
      activatedAt: "2026-11-01T10:00:00.000Z",
      justification: "Incident INC-1",
    });
  });

  it("reads a PIM for Groups activation: the group and whether membership or ownership", () => {
    const raw = {
      ...pim,
      category: "GroupManagement",
      targetResources: [
        { id: "role-owner", displayName: "Owner", type: "Role" },
        user,
        { id: "ef7e527d-6c92-4234-8c6d-cf6fdfb57f95", displayName: "Example.com", type: "Group" },
      ],
    };
    expect(normaliseAuditActivation(raw)).toMatchObject({
      principalId: "1f0e98f5-3161-4c6b-9b50-d488572f2bb7",
      roleId: null,
      groupId: "ef7e527d-6c92-4234-8c6d-cf6fdfb57f95",
      accessId: "owner",
    });
  });

  it("skips other activities, failures and Azure resource roles", () => {
    const role = { ...pim, category: "RoleManagement", targetResources: [{ id: "r", Type: "Role" }, user] };
    expect(normaliseAuditActivation(example!)).toBeNull();
    expect(normaliseAuditActivation({ ...role, result: "failure" })).toBeNull();
    expect(normaliseAuditActivation({ ...role, category: "ResourceManagement" })).toBeNull();
  });
});
