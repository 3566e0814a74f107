import { describe, expect, it } from "vitest";
import { checkNextLink } from "./paging.js";
import type { GraphSession } from "./session.js";

const session = { baseUrl: "https://127.0.0.1:8443/v1.0" } as GraphSession;

describe("checkNextLink", () => {
  it("follows a link on the Graph endpoint once", () => {
    const seen = new Set<string>();
    expect(() =>
      checkNextLink(session, "https://127.0.0.1:8443/v1.0/users?$skiptoken=a", seen, "GET /users"),
    ).not.toThrow();
    expect(() => checkNextLink(session, "https://127.0.0.1:8443/v1.0/users?$skiptoken=a", seen, "GET /users")).toThrow(
      /already returned/,
    );
  });

  it("refuses a link to another host, which would carry the token away", () => {
    for (const link of [
      "https://evil.example/v1.0/users",
      "https://127.0.0.1:9999/v1.0/users",
      "http://127.0.0.1:8443/v1.0/x",
    ]) {
      expect(() => checkNextLink(session, link, new Set(), "GET /users")).toThrow(/another host/);
    }
  });
});
