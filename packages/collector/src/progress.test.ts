import { describe, expect, it } from "vitest";
import { formatProgress } from "./progress.js";

describe("formatProgress", () => {
  it("writes one plain line per event", () => {
    expect(formatProgress({ kind: "page", collection: "roleDefinitions", pages: 2, items: 137 })).toBe(
      "roleDefinitions: 2 pages, 137 items",
    );
    expect(
      formatProgress({
        kind: "retry",
        collection: "principals",
        request: "POST /$batch",
        reason: "HTTP 429",
        retries: 3,
        attempt: 2,
        maxAttempts: 5,
        waitSeconds: 4.25,
      }),
    ).toBe("principals: POST /$batch: HTTP 429, retry 2 of 5 in 4.3 s");
    // The README's promise: each retry says how long it waits.
    expect(
      formatProgress({
        kind: "retry",
        collection: "roleAssignments",
        request: "GET /roleManagement/directory/roleAssignments",
        reason: "HTTP 503",
        retries: 1,
        attempt: 1,
        maxAttempts: 5,
        waitSeconds: 30,
      }),
    ).toBe("roleAssignments: GET /roleManagement/directory/roleAssignments: HTTP 503, retry 1 of 5 in 30 s");
    expect(
      formatProgress({ kind: "gap", collection: "groups", piece: "groupMembers", reason: "Graph answered 403." }),
    ).toBe("groups: not collected: groupMembers: Graph answered 403.");
  });
});
