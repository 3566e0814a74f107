// Text handed out in pieces (a record, a line, a block of JSON): large outputs are never held as one string.
// The pieces are not joined into bigger strings first: the writer encodes each straight into its byte
// batches, and joining them was a copy of every output plus the garbage of it.
import type { ChunkedText, OutputFile } from "../types.js";

/** Lines joined by `\n`, each one ended by it. */
export function* lineChunks(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

export function chunked(chunks: () => Iterable<string>): ChunkedText {
  return { chunks };
}

/** The whole text of a file; for the small files and for tests. */
export function textOf(content: OutputFile["content"]): string {
  if (typeof content === "string") return content;
  if (Buffer.isBuffer(content)) return content.toString("utf8");
  return [...content.chunks()].join("");
}
