import { describe, expect, it } from "vitest";
import { CLOUDS } from "./clouds.js";

describe("CLOUDS", () => {
  it("keeps endpoint, authority and scope of one cloud together", () => {
    for (const cloud of Object.values(CLOUDS)) {
      expect(cloud.scope).toBe(`${cloud.graphEndpoint}/.default`);
      expect(cloud.authorityHost).toMatch(/^https:\/\/login\./);
    }
    expect(CLOUDS.usgovdod).toEqual({
      graphEndpoint: "https://dod-graph.microsoft.us",
      authorityHost: "https://login.microsoftonline.us",
      scope: "https://dod-graph.microsoft.us/.default",
    });
  });
});
