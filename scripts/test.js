// `pnpm test`: lint, type-check and test every package through turbo (cached), then one closing line
// with the totals that every package's vitest wrote to test-results/vitest.json.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit" }).status ?? 1;

const status = run(process.execPath, [
  "scripts/turbo.js",
  "run",
  "lint",
  "lint:root",
  "typecheck",
  "test",
  "--continue",
  "--output-logs=new-only",
]);

let passed = 0;
let failed = 0;
let skipped = 0;
const folders = [...readdirSync("packages").map((p) => join("packages", p)), "test"];
for (const folder of folders) {
  const file = join(folder, "test-results", "vitest.json");
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
}
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
