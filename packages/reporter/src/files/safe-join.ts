// Paths that come from input (manifests, policy names) must stay inside the folder they belong to.
import { isAbsolute, relative, resolve, sep } from "node:path";
import { InputError } from "@pim-audit/model";

export function safeJoin(root: string, relativePath: string): string {
  const refuse = (why: string) =>
    new InputError("PATH_ESCAPE", `path ${JSON.stringify(relativePath)} ${why} ${JSON.stringify(root)}.`, {
      hint: "Use a relative path that stays inside that folder.",
    });
  if (relativePath.includes("\0")) throw refuse("contains a NUL byte; it must stay inside");
  if (
    relativePath === "" ||
    isAbsolute(relativePath) ||
    /^[a-zA-Z]:/.test(relativePath) ||
    relativePath.startsWith("\\")
  ) {
    throw refuse("is not relative to");
  }
  const base = resolve(root);
  const joined = resolve(base, relativePath);
  const rel = relative(base, joined);
  if (rel === "") throw refuse("names the folder itself, not a file inside");
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw refuse("escapes");
  return joined;
}
