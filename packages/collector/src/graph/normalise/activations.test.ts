import { describe, expect, it } from "vitest";
import { graphExampleValue } from "../../test-utils/graph-examples.js";
import { normaliseActivation } from "./activations.js";

describe("normaliseActivation", () => {
  const [request] = graphExampleValue("08a-roleAssignmentScheduleRequests-list");
  const activation = { ...request!, action: "selfActivate", createdDateTime: "2026-11-01T10:00:00Z" };

  it("keeps a provisioned self-activation inside the window", () => {
    expect(normaliseActivation(activation, "2026-09-01T00:00:00.000Z")).toEqual({
      id: "95c690fb-3eb3-4942-a03f-4524aed6f31e",
      principalId: "071cc716-8147-4397-a5ba-b2105951cc0b",
      roleId: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
      directoryScopeId: "/",
      groupId: null,
      accessId: null,
      activatedAt: "2026-11-01T10:00:00.000Z",
      justification: "Assign Groups Admin to IT Helpdesk group",
    });
  });

  it("drops admin assignments, denied requests and activations before the window", () => {
    expect(normaliseActivation(request!, "2000-01-01T00:00:00.000Z")).toBeNull();
    expect(normaliseActivation({ ...activation, status: "Denied" }, "2026-09-01T00:00:00.000Z")).toBeNull();
    expect(normaliseActivation(activation, "2026-11-02T00:00:00.000Z")).toBeNull();
  });
});
