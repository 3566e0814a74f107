import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, tempDir } from "./cli.js";

/** A working folder holding a copy of the repository's policies/, as a user's repository would. */
export function workspaceWithPolicies(): string {
  const dir = tempDir();
  cpSync(join(repoRoot, "policies"), join(dir, "policies"), { recursive: true });
  return dir;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
