// Snapshot files: read (.json or .json.gz, validated against the schema) and written atomically.
// Both directions work past V8's longest string (~537 M characters, near 600k assignments): the file is
// written from stableJsonChunks and a file too long for one string is parsed as a stream.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, gunzipSync } from "node:zlib";
import {
  canonicalSnapshot,
  InputError,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
  stableJsonChunks,
  validateSnapshot,
  withoutQuotedInput,
} from "@pim-audit/model";
import { JSONParser } from "@streamparser/json";

export const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

export async function readFileBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new InputError("FILE_NOT_FOUND", "the file does not exist.", {
        position: { file: path },
        hint: "Check the path given to --from.",
      });
    }
    throw new InputError("FILE_UNREADABLE", `the file cannot be read (${code ?? "error"}).`, {
      position: { file: path },
      cause: error,
    });
  }
}

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

function invalidJson(message: string, file: string, at: { line: number; column: number } | object): InputError {
  return new InputError("SNAPSHOT_INVALID", `is not valid JSON: ${withoutQuotedInput(message).replace(/\.?$/, ".")}`, {
    position: { file, ...at },
    hint: "Give a snapshot written by `pim-audit collect --out`.",
  });
}

/** The first id a snapshot lists twice (a repeated page would), as `/assignments id X`; null when none. */
function firstDuplicateId(snapshot: Snapshot): string | null {
  const lists = [
    ["assignments", snapshot.assignments],
    ["principals", snapshot.principals],
    ["roles", snapshot.roles],
  ] as const;
  for (const [name, items] of lists) {
    const ids = new Set<string>();
    for (const item of items) {
      if (ids.has(item.id)) return `/${name} id ${JSON.stringify(item.id)}`;
      ids.add(item.id);
    }
  }
  return null;
}

/** Told once per file read, e.g. that an older schema version was converted. */
export type Notice = (message: string) => void;

function validated(value: unknown, file: string, notice?: Notice): Snapshot {
  const result = validateSnapshot(value);
  if (!result.ok) {
    const [first] = result.problems;
    const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problems)` : "";
    throw new InputError("SNAPSHOT_INVALID", `is not a valid snapshot: ${first?.path} ${first?.message}${more}.`, {
      position: { file },
      hint: "Give a snapshot written by `pim-audit collect --out` with the same schemaVersion.",
    });
  }
  const duplicate = firstDuplicateId(result.snapshot);
  if (duplicate) {
    throw new InputError("SNAPSHOT_INVALID", `is not a valid snapshot: ${duplicate} appears twice.`, {
      position: { file },
      hint: "A snapshot lists each assignment, principal and role once; collect it again with `pim-audit collect --out`.",
    });
  }
  if (result.upgradedFrom !== null) {
    notice?.(
      `${file}: snapshot schema version ${result.upgradedFrom}, converted on read to version ${SNAPSHOT_SCHEMA_VERSION} (memberType as Graph sends it). \`pim-audit collect\` writes version ${SNAPSHOT_SCHEMA_VERSION}.`,
    );
  }
  return result.snapshot;
}

export function parseSnapshotText(text: string, file: string, notice?: Notice): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? Number.NaN);
    throw invalidJson((error as Error).message, file, Number.isNaN(offset) ? {} : positionOf(text, offset));
  }
  return validated(value, file, notice);
}

/** Line and column (1-based) of a byte offset in UTF-8 text. */
function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: bytes.subarray(lineStart, offset).toString("utf8").length + 1 };
}

/**
 * Text longer than this is parsed as a stream (JSON.parse is ~7x faster, so smaller files keep it). Well
 * below V8's string limit: a UTF-8 byte is at most one UTF-16 character, so these never meet the limit.
 */
export const STREAMED_PARSE_BYTES = 256 * 1024 * 1024;
const SLICE_BYTES = 1024 * 1024;

/** JSON.parse of UTF-8 bytes without making them one string: @streamparser/json, fed 1 MiB at a time. */
export function parseSnapshotBytesStreamed(bytes: Buffer, file: string, notice?: Notice): Snapshot {
  const parser = new JSONParser({ paths: ["$"], keepStack: false });
  let value: unknown;
  let parsed = false;
  parser.onValue = (info) => {
    value = info.value;
    parsed = true;
  };
  try {
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      parser.write(bytes.subarray(at, at + SLICE_BYTES));
    }
    if (!parser.isEnded) parser.end();
  } catch (error) {
    // The parser names the byte offset as `absolute position "N"`.
    const offset = Number(/absolute position "(\d+)"/.exec((error as Error).message)?.[1] ?? Number.NaN);
    throw invalidJson((error as Error).message, file, Number.isNaN(offset) ? {} : positionOfByte(bytes, offset));
  }
  if (!parsed) throw invalidJson("the file holds no JSON value.", file, {});
  return validated(value, file, notice);
}

/**
 * The most a .gz input may expand to: 1 GiB holds about 1.2 million assignments (the design scale of 100k
 * is about 90 MB), and stops a small "zip bomb" from taking the machine's memory.
 */
export const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;

const mebibytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/** Gunzip with a bound on the output: zlib stops and throws as soon as the output passes it. */
export function gunzipCapped(raw: Buffer, file: string, maxBytes = MAX_UNZIPPED_BYTES): Buffer {
  try {
    return gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
      throw new InputError(
        "SNAPSHOT_INVALID",
        `expands to more than ${mebibytes(maxBytes)} when decompressed (the limit for a .gz input).`,
        {
          position: { file },
          hint: "A snapshot of 100,000 assignments is about 90 MB. If the file is yours, raise the limit with PIM_AUDIT_MAX_UNZIPPED_MB or decompress it and give the plain file.",
          cause: error,
        },
      );
    }
    throw new InputError("SNAPSHOT_INVALID", "is not a readable gzip file.", { position: { file }, cause: error });
  }
}

const hasByteOrderMark = (bytes: Buffer): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/** A snapshot from the bytes of a .json or .json.gz file, of any size. */
export function parseSnapshotBytes(
  raw: Buffer,
  file: string,
  notice?: Notice,
  streamedAbove = STREAMED_PARSE_BYTES,
  maxUnzippedBytes = MAX_UNZIPPED_BYTES,
): Snapshot {
  const bytes = isGzip(raw) ? gunzipCapped(raw, file, maxUnzippedBytes) : raw;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new InputError("SNAPSHOT_INVALID", "is UTF-16 text, not UTF-8.", {
      position: { file },
      hint: "Save it as UTF-8, or give the snapshot as `pim-audit collect --out` wrote it.",
    });
  const body = hasByteOrderMark(bytes) ? bytes.subarray(3) : bytes;
  return body.length > streamedAbove
    ? parseSnapshotBytesStreamed(body, file, notice)
    : parseSnapshotText(body.toString("utf8"), file, notice);
}

export async function readSnapshotFile(path: string, notice?: Notice): Promise<Snapshot> {
  return parseSnapshotBytes(await readFileBytes(path), path, notice);
}

/** Writes canonical JSON (gzip when the path ends in .gz) to a temporary file, then renames it into place. */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  const canonical = canonicalSnapshot(snapshot);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const text = Readable.from(stableJsonChunks(canonical), { objectMode: false });
    const gzip: Transform[] = path.endsWith(".gz") ? [createGzip()] : [];
    await pipeline([text, ...gzip, createWriteStream(temp, { flags: "wx" })]);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputError(
      "OUTPUT_NOT_WRITABLE",
      `cannot write the snapshot (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
      {
        position: { file: path },
        hint: "Check that the directory exists and is writable.",
        cause: error,
      },
    );
  }
}
