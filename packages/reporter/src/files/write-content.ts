// Writes one file's content into one or more new files at once (--out and the evidence bundle get the same
// bytes): rendered once, encoded to UTF-8 once, hashed once when asked, and never held whole when it comes
// in pieces. Writing a batch overlaps with rendering and hashing the next one.
import { createHash } from "node:crypto";
import { type FileHandle, open } from "node:fs/promises";
import type { OutputFile } from "../types.js";

export interface WriteTarget {
  path: string;
  /** Bytes before the content in this file only (the --excel byte order mark); not part of the hash. */
  prefix?: Buffer;
  /** The error to report when this file cannot be written. */
  fail(cause: unknown): Error;
}

export interface WrittenContent {
  /** Size of the content, without any prefix. */
  bytes: number;
  /** SHA-256 of the content, when asked for. */
  sha256?: string;
}

const BATCH_BYTES = 1 << 20;

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += BATCH_BYTES) yield bytes.subarray(at, at + BATCH_BYTES);
}

function* encoded(content: OutputFile["content"]): Generator<Buffer> {
  if (typeof content === "string") yield* slices(Buffer.from(content, "utf8"));
  else if (Buffer.isBuffer(content)) yield* slices(content);
  else for (const chunk of content.chunks()) yield Buffer.from(chunk, "utf8");
}

async function guarded<T>(target: WriteTarget, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (cause) {
    throw target.fail(cause);
  }
}

/** Creates every target (it must not exist yet) holding the content; the files are left in place on error. */
export async function writeContent(
  targets: readonly WriteTarget[],
  content: OutputFile["content"],
  options: { sha256: boolean },
): Promise<WrittenContent> {
  const hash = options.sha256 ? createHash("sha256") : undefined;
  const handles: FileHandle[] = [];
  try {
    for (const target of targets) {
      const handle = await guarded(target, open(target.path, "wx"));
      handles.push(handle);
      if (target.prefix?.length) await guarded(target, handle.write(target.prefix));
    }
    const flush = (batch: Buffer[]) =>
      Promise.all(handles.map((handle, i) => guarded(targets[i]!, handle.writev(batch))));
    let writing: Promise<unknown> = Promise.resolve();
    let batch: Buffer[] = [];
    let batchBytes = 0;
    let bytes = 0;
    for (const piece of encoded(content)) {
      hash?.update(piece);
      bytes += piece.length;
      batch.push(piece);
      batchBytes += piece.length;
      if (batchBytes >= BATCH_BYTES) {
        await writing;
        writing = flush(batch);
        // Handled here so a failure while the next batch is rendered is not an unhandled rejection; awaited below.
        writing.catch(() => {});
        batch = [];
        batchBytes = 0;
      }
    }
    await writing;
    if (batch.length) await flush(batch);
    const closing = handles.splice(0);
    await Promise.all(closing.map((handle, i) => guarded(targets[i]!, handle.close())));
    return { bytes, ...(hash ? { sha256: hash.digest("hex") } : {}) };
  } finally {
    // Only after a failure: the files are removed by the caller.
    await Promise.all(handles.map((handle) => handle.close().catch(() => {})));
  }
}
