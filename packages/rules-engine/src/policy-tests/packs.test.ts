// The shipped policy packs carry their own tests; they must pass.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatPolicyTestResults, runPolicyTests } from "./run-policy-tests.js";

const policies = fileURLToPath(new URL("../../../../policies", import.meta.url));

describe("policy packs", () => {
  it("pass their policy tests", async () => {
    const results = await runPolicyTests([policies]);
    expect(results.length).toBeGreaterThanOrEqual(10);
    expect(formatPolicyTestResults(results.filter((r) => !r.passed))).toBe("0 passed, 0 failed, 0 total\n");
  });
});
