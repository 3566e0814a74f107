// Where in a policy a problem is, in words: `rules[2] (no-permanent-ga).where.state`, so every
// message names the key even without the file open.
import type { PathSegment } from "./yaml-source.js";

function at(value: unknown, path: readonly PathSegment[]): unknown {
  let node = value;
  for (const segment of path) node = (node as Record<PathSegment, unknown> | undefined)?.[segment];
  return node;
}

export function displayPath(path: readonly PathSegment[], value: unknown, key?: string): string {
  const parts: string[] = [];
  path.forEach((segment, i) => {
    if (typeof segment === "number") {
      const id = (at(value, path.slice(0, i + 1)) as { id?: unknown } | undefined)?.id;
      parts.push(`[${segment}]${path[i - 1] === "rules" && typeof id === "string" ? ` (${id})` : ""}`);
    } else parts.push(parts.length === 0 ? segment : `.${segment}`);
  });
  if (key !== undefined) parts.push(parts.length === 0 ? key : `.${key}`);
  return parts.join("") || "policy";
}
