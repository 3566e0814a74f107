import { describe, expect, it } from "vitest";
import { checkNextLink, readAllPages } from "./paging.js";
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

describe("readAllPages", () => {
  it("gathers pages larger than the call stack allows spreading, in order", async () => {
    const big = Array.from({ length: 300_000 }, (_, i) => ({ id: `u-${i}` }));
    const pages: Record<string, Record<string, unknown>> = {
      "https://127.0.0.1:8443/v1.0/users": { value: big, "@odata.nextLink": "https://127.0.0.1:8443/v1.0/users?p=2" },
      "https://127.0.0.1:8443/v1.0/users?p=2": { value: [{ id: "last" }] },
    };
    const fake = {
      ...session,
      url: (path: string) => `https://127.0.0.1:8443/v1.0${path}`,
      describe: (method: string, url: string) => `${method} ${url}`,
      json: async (_method: string, url: string) => pages[url] ?? { value: [] },
    } as unknown as GraphSession;
    const counter = { pages: 0, items: 0 };
    const items = await readAllPages(fake, "/users", "users", counter, () => {});
    expect(items.length).toBe(300_001);
    expect(items[0]).toEqual({ id: "u-0" });
    expect(items[300_000]).toEqual({ id: "last" });
    expect(counter).toEqual({ pages: 2, items: 300_001 });
  });
});
