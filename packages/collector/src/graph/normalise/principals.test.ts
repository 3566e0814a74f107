import { describe, expect, it } from "vitest";
import { graphExampleValue } from "../../test-utils/graph-examples.js";
import { mergePrincipal, principalTypeOf, signInTimes } from "./principals.js";

describe("principals", () => {
  it("keeps each sign-in time as Graph sent it, 0001-01-01 as never, instead of the latest of them", () => {
    const [adele, alex] = graphExampleValue("09-users-signInActivity");
    expect(signInTimes(adele!)).toEqual({
      lastSuccessfulSignInDateTime: null,
      lastSignInDateTime: "2021-06-17T16:41:33.000Z",
      lastNonInteractiveSignInDateTime: null,
    });
    expect(signInTimes(alex!)?.lastSignInDateTime).toBe("2021-07-29T15:53:27.000Z");
    const sprayed = {
      signInActivity: {
        lastSuccessfulSignInDateTime: "2026-06-30T09:00:00Z",
        lastSignInDateTime: "2026-11-27T08:15:00Z",
        lastNonInteractiveSignInDateTime: "2026-11-25T03:00:00Z",
      },
    };
    expect(mergePrincipal(undefined, { id: "u", ...sprayed }, "user")).toMatchObject({
      lastSuccessfulSignInDateTime: "2026-06-30T09:00:00.000Z",
      lastSignInDateTime: "2026-11-27T08:15:00.000Z",
      lastNonInteractiveSignInDateTime: "2026-11-25T03:00:00.000Z",
    });
    expect(signInTimes({ signInActivity: null })).toBeNull();
  });

  it("merges lookups without losing what an earlier answer said", () => {
    const fromExpand = mergePrincipal(
      undefined,
      { "@odata.type": "#microsoft.graph.user", id: "u", displayName: "Adele" },
      "user",
    );
    const merged = mergePrincipal(fromExpand, { id: "u", userType: "Guest", accountEnabled: false }, "user");
    expect(merged).toMatchObject({
      id: "u",
      type: "user",
      displayName: "Adele",
      userType: "Guest",
      accountEnabled: false,
    });
    expect(principalTypeOf({ "@odata.type": "#microsoft.graph.servicePrincipal" })).toBe("servicePrincipal");
    expect(principalTypeOf({})).toBe("unknown");
  });
});
