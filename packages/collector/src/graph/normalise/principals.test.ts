import { describe, expect, it } from "vitest";
import { graphExampleValue } from "../../test-utils/graph-examples.js";
import { lastSignIn, mergePrincipal, principalTypeOf } from "./principals.js";

describe("principals", () => {
  it("takes the latest sign-in and treats 0001-01-01 as never", () => {
    const [adele, alex] = graphExampleValue("09-users-signInActivity");
    expect(lastSignIn(adele!)).toBe("2021-06-17T16:41:33.000Z");
    expect(lastSignIn(alex!)).toBe("2021-07-29T17:53:42.000Z");
    expect(lastSignIn({ signInActivity: null })).toBeNull();
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
