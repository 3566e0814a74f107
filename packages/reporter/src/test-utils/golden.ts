// Golden files end in `.golden` so no formatter touches them; `PIM_AUDIT_UPDATE_GOLDEN=1 pnpm test`
// rewrites them (review the diff before committing).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export function goldenPath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/golden/${name}.golden`, import.meta.url));
}

/** The stored golden bytes; writes them first when asked to update. */
export function golden(name: string, actual: string | Buffer): Buffer {
  const path = goldenPath(name);
  if (process.env.PIM_AUDIT_UPDATE_GOLDEN === "1" || !existsSync(path)) {
    if (process.env.CI && !existsSync(path)) throw new Error(`golden file ${path} is missing`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  return readFileSync(path);
}
