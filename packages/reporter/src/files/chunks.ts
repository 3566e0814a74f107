// Text handed out in pieces of about 64 Ki characters: large outputs are never held as one string.
import type { ChunkedText, OutputFile } from "../types.js";

const CHUNK_CHARACTERS = 1 << 16;

/** Concatenates small pieces into chunks of about 64 Ki characters. */
export function* joinedChunks(pieces: Iterable<string>): Generator<string> {
  let buffer = "";
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARACTERS) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}

/** Lines joined by `\n`, each one ended by it. */
export function* lineChunks(lines: Iterable<string>): Generator<string> {
  yield* joinedChunks(
    (function* () {
      for (const line of lines) yield `${line}\n`;
    })(),
  );
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
