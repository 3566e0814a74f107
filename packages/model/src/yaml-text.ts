// Reading a YAML (or JSON) input file safely: text encoding checked, nesting depth and alias
// expansion bounded before anything recursive runs, one document per file, and every problem an
// InputError at file:line:column that quotes none of the file's content.
import { type Document, isScalar, LineCounter, Parser, parseDocument, visit } from "yaml";
import { type ErrorCode, InputError, type SourcePosition } from "./errors.js";
import { withoutQuotedInput } from "./excerpt.js";

/** Deeper than any pim-audit file needs (policies nest about 8 levels); the yaml composer recurses, so deep input must stop first. */
export const MAX_YAML_DEPTH = 64;
/** Alias expansions a file may hold; more looks like a "billion laughs" bomb. */
export const MAX_YAML_ALIASES = 100;

export interface YamlTextOptions {
  /** The error code for every problem found (POLICY_INVALID, CONFIG_INVALID, ...). */
  code: ErrorCode;
  maxDepth?: number;
  maxAliasCount?: number;
}

export interface ParsedYaml {
  document: Document;
  lines: LineCounter;
  value: unknown;
}

/** Text from a file's bytes: UTF-8 (a byte order mark dropped); UTF-16/32, binary and invalid UTF-8 refused. */
export function decodeUtf8File(file: string, bytes: Uint8Array, code: ErrorCode): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf16 =
    (b[0] === 0xff && b[1] === 0xfe) ||
    (b[0] === 0xfe && b[1] === 0xff) ||
    (b.length >= 4 && ((b[1] === 0 && b[3] === 0 && b[0] !== 0) || (b[0] === 0 && b[2] === 0 && b[1] !== 0)));
  if (utf16) {
    throw new InputError(code, "file is UTF-16 (or UTF-32), not UTF-8.", {
      position: { file },
      hint: "Save it as UTF-8.",
    });
  }
  const text = b.toString("utf8");
  const nul = text.indexOf("\u0000");
  if (nul !== -1) {
    throw new InputError(code, "file holds NUL bytes: it is binary, not text.", {
      position: positionIn(file, text, nul),
      hint: "Give a UTF-8 text file.",
    });
  }
  const bad = text.indexOf("\uFFFD");
  if (bad !== -1 && !Buffer.from(text, "utf8").equals(b)) {
    throw new InputError(code, "file is not valid UTF-8 text.", {
      position: positionIn(file, text, bad),
      hint: "Save it as UTF-8.",
    });
  }
  return text.replace(/^\uFEFF/, "");
}

/** 1-based line and column of a character offset. */
export function positionIn(file: string, text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { file, line, column: offset - before.lastIndexOf("\n") };
}

/**
 * The depth scan walks the concrete syntax tree, which the yaml parser builds without recursion; the
 * composer (parseDocument) and toJS recurse, and overflow the stack near 1,000 levels.
 */
function scan(text: string, maxDepth: number): { deepAt?: number; secondDocumentAt?: number } {
  type Item = { start?: unknown; key?: unknown; sep?: unknown; value?: unknown };
  type CstNode = { type: string; offset: number; items?: Item[]; value?: unknown };
  const stack: { node: CstNode; depth: number }[] = [];
  let documents = 0;
  let secondDocumentAt: number | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document") continue;
    documents++;
    if (documents === 2) secondDocumentAt = token.offset;
    if (token.value) stack.push({ node: token.value as CstNode, depth: 0 });
  }
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: CstNode; depth: number };
    if (!Array.isArray(node.items)) continue;
    if (depth + 1 > maxDepth)
      return { deepAt: node.offset, ...(secondDocumentAt === undefined ? {} : { secondDocumentAt }) };
    for (const item of node.items) {
      for (const child of [item.key, item.value]) {
        if (child && typeof child === "object" && "type" in child)
          stack.push({ node: child as CstNode, depth: depth + 1 });
      }
    }
  }
  return secondDocumentAt === undefined ? {} : { secondDocumentAt };
}

/** Depth of a plain value (after alias expansion), each shared object walked again only when reached deeper. */
function depthOf(value: unknown, limit: number): boolean {
  const deepest = new Map<object, number>();
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (v === null || typeof v !== "object") continue;
    if (d + 1 > limit) return true;
    if ((deepest.get(v) ?? -1) >= d) continue;
    deepest.set(v, d);
    for (const child of v instanceof Map ? v.values() : Object.values(v)) stack.push({ v: child, d: d + 1 });
  }
  return false;
}

/** Parses one YAML document; `errors` lists every problem found, each naming file:line:column. */
export function parseYamlText(
  file: string,
  text: string,
  options: YamlTextOptions,
): ({ ok: true } & ParsedYaml) | { ok: false; errors: InputError[] } {
  const maxDepth = options.maxDepth ?? MAX_YAML_DEPTH;
  const maxAliasCount = options.maxAliasCount ?? MAX_YAML_ALIASES;
  const lines = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  const fail = (offset: number | undefined, message: string, hint?: string) => ({
    ok: false as const,
    errors: [
      new InputError(options.code, message, {
        position: offset === undefined ? { file } : positionIn(file, text, offset),
        ...(hint ? { hint } : {}),
      }),
    ],
  });
  const { deepAt, secondDocumentAt } = scan(text, maxDepth);
  if (secondDocumentAt !== undefined)
    return fail(secondDocumentAt, "file holds more than one YAML document (---).", "Put one document per file.");
  if (deepAt !== undefined)
    return fail(
      deepAt,
      `file nests deeper than ${maxDepth} levels.`,
      "A pim-audit file needs only a few levels; check for runaway brackets or indentation.",
    );
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // The first problem only: the ones after a syntax error mostly follow from it. Warnings (an unknown tag,
  // which would be read as plain text) are refused too: a pim-audit file needs no tags.
  const [problem] = [...document.errors, ...document.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  if (problem) {
    return {
      ok: false,
      errors: [
        new InputError(options.code, `YAML: ${withoutQuotedInput(problem.message).replace(/\.$/, "")}.`, {
          position: at(problem.pos[0]),
        }),
      ],
    };
  }
  let unusable: { offset: number; message: string } | undefined;
  visit(document, {
    Alias(_, node) {
      if (!unusable && !node.resolve(document))
        unusable = { offset: node.range?.[0] ?? 0, message: "YAML: an alias names no anchor before it." };
    },
    Pair(_, pair) {
      if (!unusable && pair.key !== null && !isScalar(pair.key))
        unusable = {
          offset: (pair.key as { range?: [number] }).range?.[0] ?? 0,
          message: "YAML: a key must be plain text, not a list or mapping.",
        };
    },
  });
  if (unusable)
    return { ok: false, errors: [new InputError(options.code, unusable.message, { position: at(unusable.offset) })] };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount });
  } catch (error) {
    const message = (error as Error).message ?? "";
    if (/Excessive alias count/i.test(message))
      return fail(
        undefined,
        "YAML aliases expand too much (a possible alias bomb).",
        `Use at most ${maxAliasCount} alias expansions; write the values out instead.`,
      );
    if (error instanceof RangeError) return fail(undefined, `file nests deeper than ${maxDepth} levels.`);
    return fail(undefined, `YAML cannot be read: ${withoutQuotedInput(message)}`);
  }
  if (depthOf(value, maxDepth))
    return fail(
      undefined,
      `file nests deeper than ${maxDepth} levels once its aliases are expanded.`,
      "Write the values out instead of nesting aliases.",
    );
  return { ok: true, document, lines, value };
}
