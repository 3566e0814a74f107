import type { AccessToken, TokenCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { CredentialTokenProvider, TOKEN_RENEW_MARGIN_MS } from "./token-provider.js";

function credential(tokens: (AccessToken | Error)[]): TokenCredential & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getToken: async (scope) => {
      calls.push(String(scope));
      const next = tokens.shift();
      if (next === undefined) throw new Error("no more tokens");
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const hour = 3_600_000;

describe("CredentialTokenProvider", () => {
  it("asks the credential once for many concurrent requests while the token is fresh", async () => {
    const cred = credential([{ token: "t1", expiresOnTimestamp: 10 * hour }]);
    const provider = new CredentialTokenProvider(cred, "https://graph.microsoft.com/.default", () => 0);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => provider.getAccessToken()));
    expect(new Set(tokens)).toEqual(new Set(["t1"]));
    expect(cred.calls).toEqual(["https://graph.microsoft.com/.default"]);
  });

  it("renews a token that is about to expire, or whose refresh time has come", async () => {
    let now = 0;
    const cred = credential([
      { token: "t1", expiresOnTimestamp: hour },
      { token: "t2", expiresOnTimestamp: 2 * hour, refreshAfterTimestamp: hour + 10 * 60_000 },
      { token: "t3", expiresOnTimestamp: 3 * hour },
    ]);
    const provider = new CredentialTokenProvider(cred, "scope", () => now);
    expect(await provider.getAccessToken()).toBe("t1");
    now = hour - TOKEN_RENEW_MARGIN_MS - 1;
    expect(await provider.getAccessToken()).toBe("t1");
    now = hour - TOKEN_RENEW_MARGIN_MS;
    expect(await provider.getAccessToken()).toBe("t2");
    now = hour + 10 * 60_000;
    expect(await provider.getAccessToken()).toBe("t3");
    expect(cred.calls).toHaveLength(3);
  });

  it("does not keep a failure: the error reaches the request, and the next request asks again", async () => {
    const cred = credential([
      new Error("AADSTS7000215: invalid client secret"),
      { token: "t2", expiresOnTimestamp: hour },
    ]);
    const provider = new CredentialTokenProvider(cred, "scope", () => 0);
    await expect(provider.getAccessToken()).rejects.toThrow(/AADSTS7000215/);
    expect(await provider.getAccessToken()).toBe("t2");
  });

  it("refuses an empty answer from the credential", async () => {
    const cred = credential([{ token: "", expiresOnTimestamp: hour }]);
    const provider = new CredentialTokenProvider(cred, "scope", () => 0);
    await expect(provider.getAccessToken()).rejects.toThrow(/returned no token/);
  });
});
