// Where the bench finds the built packages: their dist, as `pnpm bench` builds them with turbo first.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH_DIR);
export const CLI_BIN = join(ROOT, "packages", "cli", "bin", "run.js");
export const POLICY_DIR = join(ROOT, "policies");
export const CACHE_DIR = join(BENCH_DIR, ".cache");

export function packageEntry(name) {
  const entry = join(ROOT, "packages", name, "dist", "index.js");
  if (!existsSync(entry))
    throw new Error(
      `packages/${name}/dist/index.js is missing: run \`pnpm bench\` (it builds first) or build the package.`,
    );
  return entry;
}
