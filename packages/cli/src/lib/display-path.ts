import { isAbsolute, relative } from "node:path";

/** A path as a person wants to read it: relative when inside the working directory, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const inside = relative(cwd, path);
  if (inside === "") return ".";
  return inside.startsWith("..") || isAbsolute(inside) ? path : inside;
}
