import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.e2e.test.ts"],
    environment: "node",
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test starts CLI processes (some start an emulator); two at a time suits a 2-core machine.
    maxWorkers: 2,
  },
});
