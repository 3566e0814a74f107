// A YAML file parsed with positions, so that every problem can say file:line:col.
import { InputError } from "@pim-audit/model";
import { decodeUtf8File, parseYamlText } from "@pim-audit/model/yaml-text";
import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";

/** Larger than any hand-written policy; refused before parsing so a huge file cannot hang us. */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** Aliases a policy may expand; more looks like a "billion laughs" bomb. */
export const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;

export class YamlSource {
  readonly file: string;
  readonly document: Document;
  private readonly lines: LineCounter;

  constructor(file: string, document: Document, lines: LineCounter) {
    this.file = file;
    this.document = document;
    this.lines = lines;
  }

  /** Line and column of the value at `path`, or of the key `key` inside it; the nearest parent when absent. */
  position(path: readonly PathSegment[], key?: string): { file: string; line: number; column: number } {
    let node: unknown = this.document.contents;
    let offset = startOf(node) ?? 0;
    for (const segment of path) {
      const child = childOf(node, segment);
      if (!child) break;
      node = child.value;
      offset = startOf(child.value) ?? startOf(child.key) ?? offset;
    }
    if (key !== undefined) offset = startOf(childOf(node, key)?.key) ?? offset;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }
}

function startOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function childOf(node: unknown, segment: PathSegment): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === segment);
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  return undefined;
}

export function parseYaml(
  file: string,
  input: string | Uint8Array,
): { source: YamlSource; value: unknown } | { errors: InputError[] } {
  const size = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  if (size > MAX_POLICY_BYTES) {
    return {
      errors: [
        new InputError("POLICY_INVALID", `policy file is larger than ${MAX_POLICY_BYTES / 1024} KiB.`, {
          position: { file },
          hint: "Split it into several files in one folder.",
        }),
      ],
    };
  }
  let text: string;
  try {
    text = typeof input === "string" ? input : decodeUtf8File(file, input, "POLICY_INVALID");
  } catch (error) {
    if (error instanceof InputError) return { errors: [error] };
    throw error;
  }
  const parsed = parseYamlText(file, text, { code: "POLICY_INVALID", maxAliasCount: MAX_ALIAS_COUNT });
  if (!parsed.ok) return { errors: parsed.errors };
  return { source: new YamlSource(file, parsed.document, parsed.lines), value: parsed.value };
}
