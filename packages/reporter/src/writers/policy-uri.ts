// Findings are about a tenant, not a file: tools that want a file location get the policy rule's.
import { isAbsolute, relative } from "node:path";
import type { RenderContext } from "../types.js";

const posix = (path: string) => path.replace(/\\/g, "/").replace(/^\.\//, "");

/** The policy file relative to the repository root, with `/` separators, as code scanning wants it. */
export function policyUri(file: string, context: Pick<RenderContext, "policies" | "repoRoot">): string {
  const known = context.policies.find((p) => p.file === file || p.relativePath === file);
  if (known) return posix(known.relativePath);
  if (context.repoRoot && isAbsolute(file)) {
    const rel = relative(context.repoRoot, file);
    if (rel && !rel.startsWith("..") && !isAbsolute(rel)) return posix(rel);
  }
  return posix(file);
}
