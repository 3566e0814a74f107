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
      }),
    ).toBe("principals: retry 3 (HTTP 429) POST /$batch");
    expect(
      formatProgress({ kind: "gap", collection: "groups", piece: "groupMembers", reason: "Graph answered 403." }),
    ).toBe("groups: not collected: groupMembers: Graph answered 403.");
  });
});
