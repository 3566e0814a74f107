// Writes one file's content, streaming text that comes in pieces, and returns what the manifest records of it.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { OutputFile } from "../types.js";

export interface WrittenContent {
  sha256: string;
  bytes: number;
}

export async function writeContent(
  path: string,
  content: OutputFile["content"],
  flag: string,
): Promise<WrittenContent> {
  const hash = createHash("sha256");
  if (typeof content === "string" || Buffer.isBuffer(content)) {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    await writeFile(path, bytes, { flag });
    return { sha256: hash.update(bytes).digest("hex"), bytes: bytes.length };
  }
  const text = content;
  let length = 0;
  function* encoded(): Generator<Buffer> {
    for (const chunk of text.chunks()) {
      const bytes = Buffer.from(chunk, "utf8");
      hash.update(bytes);
      length += bytes.length;
      yield bytes;
    }
  }
  await pipeline(Readable.from(encoded()), createWriteStream(path, { flags: flag }));
  return { sha256: hash.digest("hex"), bytes: length };
}
