// Built-in policy packs: `--policy baseline` names policies/baseline.yaml shipped with pim-audit.
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InputError } from "@pim-audit/model";
import { displayPath } from "./display-path.js";
import { isPackName } from "./settings.js";

// Inside the built package (packages/cli/policies, copied at build) or, from source, the repository's.
const PACK_DIRS = [new URL("../../policies/", import.meta.url), new URL("../../../../policies/", import.meta.url)];

function packDir(): string | undefined {
  for (const dir of PACK_DIRS) {
    const path = fileURLToPath(dir);
    if (existsSync(path) && readdirSync(path).some((f) => f.endsWith(".yaml"))) return path;
  }
  return undefined;
}

export function packNames(): string[] {
  const dir = packDir();
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && !f.endsWith(".test.yaml"))
    .map((f) => f.replace(/\.yaml$/, ""))
    .sort();
}

/** Turns pack names into file paths; other entries are paths and pass through. */
export function resolvePolicyArgs(entries: string[], cwd: string): string[] {
  return entries.map((entry) => {
    if (!isPackName(entry) || existsSync(`${cwd}/${entry}`)) return entry;
    const dir = packDir();
    const file = dir ? `${dir}${entry}.yaml` : undefined;
    if (file && existsSync(file)) {
      return displayPath(cwd, file);
    }
    throw new InputError("POLICY_NOT_FOUND", `--policy ${entry}: no such file, folder or built-in pack.`, {
      hint: `Give a policy file or folder, or one of the packs: ${packNames().join(", ") || "(none installed)"}.`,
    });
  });
}
