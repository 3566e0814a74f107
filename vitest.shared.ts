import type { ViteUserConfig } from "vitest/config";

// Tests run against the TypeScript sources of sibling packages, so no build is needed first.
const conditions = ["@pim-audit/source", "module", "node", "import", "default"];

export const sharedTestConfig: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@pim-audit/source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // The JSON report feeds the totals line of `pnpm test` (scripts/test.js); turbo caches it.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
};
