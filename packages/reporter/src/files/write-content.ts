// Writes one file's content into one or more new files at once (--out and the evidence bundle get the same
// bytes). The main thread renders and encodes each piece to UTF-8 once, then hands the bytes over (moved, not
// copied) to a worker thread that hashes them when asked and writes them to every target: the 1.5 s of SHA-256
// of a 100k run and the writes overlap with rendering the next pieces.
import { Worker } from "node:worker_threads";
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

type ToWorker =
  | { type: "open"; id: number; paths: string[]; prefixes: (Uint8Array | null)[]; sha256: boolean }
  | { type: "piece"; id: number; piece: Uint8Array }
  | { type: "close"; id: number };

type FromWorker =
  | { type: "ack"; size: number }
  | { type: "done"; id: number; bytes: number; sha256: string | null }
  | { type: "error"; id: number; target: number; message: string; code: string | undefined };

// The worker's code, run from its source text (a worker cannot load a .ts file under the test runner).
function writerMain(): void {
  const { parentPort } = process.getBuiltinModule("node:worker_threads");
  const { createHash } = process.getBuiltinModule("node:crypto");
  const fs = process.getBuiltinModule("node:fs");
  if (!parentPort) return;
  const port = parentPort;
  interface Open {
    fds: (number | undefined)[];
    hash: ReturnType<typeof createHash> | null;
    bytes: number;
    failed: boolean;
  }
  const files = new Map<number, Open>();
  const writeAll = (fd: number, bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
  };
  const closeAll = (file: Open) => {
    for (const fd of file.fds) if (fd !== undefined) fs.closeSync(fd);
    file.fds = [];
  };
  const fail = (id: number, file: Open, target: number, error: unknown) => {
    file.failed = true;
    try {
      closeAll(file);
    } catch {}
    const { message, code } = error as NodeJS.ErrnoException;
    port.postMessage({ type: "error", id, target, message, code });
  };
  // Each step on every target, reporting the first that fails by its index.
  const eachTarget = (id: number, file: Open, step: (fd: number, index: number) => void) => {
    for (let i = 0; i < file.fds.length && !file.failed; i++) {
      try {
        step(file.fds[i]!, i);
      } catch (error) {
        fail(id, file, i, error);
      }
    }
  };
  port.on("message", (message: ToWorker) => {
    if (message.type === "open") {
      const file: Open = { fds: [], hash: message.sha256 ? createHash("sha256") : null, bytes: 0, failed: false };
      files.set(message.id, file);
      message.paths.forEach((path, i) => {
        if (file.failed) return;
        try {
          file.fds.push(fs.openSync(path, "wx"));
          const prefix = message.prefixes[i];
          if (prefix) writeAll(file.fds[i]!, prefix);
        } catch (error) {
          fail(message.id, file, i, error);
        }
      });
      return;
    }
    const file = files.get(message.id);
    if (message.type === "piece") {
      port.postMessage({ type: "ack", size: message.piece.length });
      if (!file || file.failed) return;
      const bytes = message.piece;
      file.hash?.update(bytes);
      file.bytes += bytes.length;
      eachTarget(message.id, file, (fd) => writeAll(fd, bytes));
      return;
    }
    files.delete(message.id);
    if (!file || file.failed) return;
    // On disk before the set or bundle holding it is swapped in by a rename, so a power cut cannot leave the
    // rename without the bytes.
    eachTarget(message.id, file, (fd) => {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    });
    if (!file.failed) {
      port.postMessage({ type: "done", id: message.id, bytes: file.bytes, sha256: file.hash?.digest("hex") ?? null });
    }
  });
}

// Bytes handed to the worker but not yet written; rendering waits above this, so memory stays bounded.
const IN_FLIGHT_LIMIT = 32 << 20;

// Each message to the worker cost about a millisecond in a run holding a 100k report (posting 1 MiB
// batches was 0.7 s of the main thread; 8 MiB batches, 0.14 s).
const BATCH_BYTES = 8 << 20;

/**
 * The content as UTF-8 in buffers of about 8 MiB that own their memory, so each can be moved to the worker:
 * text is encoded straight into them, the caller's bytes are copied.
 */
function* batches(content: OutputFile["content"]): Generator<Buffer> {
  if (Buffer.isBuffer(content)) {
    const copy = Buffer.allocUnsafeSlow(content.byteLength);
    content.copy(copy);
    yield copy;
    return;
  }
  if (typeof content === "string") {
    const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(content, "utf8"));
    bytes.write(content, "utf8");
    yield bytes;
    return;
  }
  let batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
  let used = 0;
  for (const text of content.chunks()) {
    // A UTF-16 unit is at most 3 bytes of UTF-8: text that may not fit what is left goes into a new batch
    // (of its exact size when larger than a batch).
    if (used + text.length * 3 > batch.byteLength) {
      if (used > 0) yield batch.subarray(0, used);
      const size = text.length * 3 > BATCH_BYTES ? Buffer.byteLength(text, "utf8") : 0;
      batch = Buffer.allocUnsafeSlow(Math.max(BATCH_BYTES, size));
      used = 0;
    }
    used += batch.write(text, used, "utf8");
  }
  if (used > 0) yield batch.subarray(0, used);
}

interface Waiting {
  targets: readonly WriteTarget[];
  resolve(written: WrittenContent): void;
  reject(error: unknown): void;
  failed: boolean;
}

/** One worker that writes the files of a run, one after another. Close it when done. */
export class ContentWriter {
  readonly #worker = new Worker(`(${writerMain.toString()})()`, { eval: true });
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 0;
  #inFlight = 0;
  #drained: (() => void)[] = [];
  #broken: Error | undefined;

  constructor() {
    this.#worker.on("message", (message: FromWorker) => this.#receive(message));
    this.#worker.on("error", (error) => this.#break(error));
    this.#worker.on("exit", () => this.#break(new Error("the file-writing worker stopped")));
  }

  #receive(message: FromWorker): void {
    if (message.type === "ack") {
      this.#inFlight -= message.size;
      if (this.#inFlight <= IN_FLIGHT_LIMIT / 2) for (const resume of this.#drained.splice(0)) resume();
      return;
    }
    const waiting = this.#waiting.get(message.id);
    if (!waiting) return;
    this.#waiting.delete(message.id);
    if (message.type === "done") {
      waiting.resolve({ bytes: message.bytes, ...(message.sha256 ? { sha256: message.sha256 } : {}) });
      return;
    }
    waiting.failed = true;
    const cause = Object.assign(new Error(message.message), message.code ? { code: message.code } : {});
    waiting.reject(waiting.targets[message.target]?.fail(cause) ?? cause);
  }

  #break(error: Error): void {
    this.#broken ??= error;
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
    for (const resume of this.#drained.splice(0)) resume();
  }

  /** Creates every target (it must not exist yet) holding the content; the files are left in place on error. */
  async write(
    targets: readonly WriteTarget[],
    content: OutputFile["content"],
    options: { sha256: boolean },
  ): Promise<WrittenContent> {
    return (await this.start(targets, content, options)).written;
  }

  /**
   * Renders the content and hands all of it to the worker; resolves then, with `written` settling once the
   * worker has written it, so the next file can be rendered meanwhile. `written` is handled: await it.
   */
  async start(
    targets: readonly WriteTarget[],
    content: OutputFile["content"],
    options: { sha256: boolean },
  ): Promise<{ written: Promise<WrittenContent> }> {
    if (this.#broken) throw this.#broken;
    const id = this.#nextId++;
    let waiting!: Waiting;
    const written = new Promise<WrittenContent>((resolve, reject) => {
      waiting = { targets, resolve, reject, failed: false };
    });
    // Settled by the worker while pieces are still being rendered; the caller awaits it.
    written.catch(() => {});
    this.#waiting.set(id, waiting);
    const post = (message: ToWorker) => this.#worker.postMessage(message);
    post({
      type: "open",
      id,
      paths: targets.map((t) => t.path),
      prefixes: targets.map((t) => t.prefix ?? null),
      sha256: options.sha256,
    });
    for (const piece of batches(content)) {
      if (waiting.failed || this.#broken) break;
      this.#inFlight += piece.byteLength;
      this.#worker.postMessage({ type: "piece", id, piece } satisfies ToWorker, [piece.buffer as ArrayBuffer]);
      if (this.#inFlight > IN_FLIGHT_LIMIT) await new Promise<void>((resume) => this.#drained.push(resume));
    }
    post({ type: "close", id });
    return { written };
  }

  async close(): Promise<void> {
    this.#broken ??= new Error("the file writer is closed");
    await this.#worker.terminate();
  }
}
