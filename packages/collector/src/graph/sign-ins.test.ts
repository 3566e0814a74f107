import { describe, expect, it } from "vitest";
import { cheaperSignInRead } from "./sign-ins.js";

describe("cheaperSignInRead", () => {
  it("pages the user list when that takes no more requests than one read per holder", () => {
    expect(cheaperSignInRead(44, 25)).toBe("list");
    expect(cheaperSignInRead(3000, 6)).toBe("list");
    expect(cheaperSignInRead(500_000, 200)).toBe("each");
    expect(cheaperSignInRead(3001, 6)).toBe("each");
    expect(cheaperSignInRead(null, 1000)).toBe("each");
  });
});
