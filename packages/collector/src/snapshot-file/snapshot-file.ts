// Snapshot files: read (.json or .json.gz, validated against the schema) and written atomically.
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { canonicalSnapshot, InputError, type Snapshot, stableJson, validateSnapshot } from "@pim-audit/model";

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

export function parseSnapshotText(text: string, file: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? Number.NaN);
    const at = Number.isNaN(offset) ? {} : positionOf(text, offset);
    throw new InputError("SNAPSHOT_INVALID", `is not valid JSON: ${(error as Error).message}`, {
      position: { file, ...at },
      hint: "Give a snapshot written by `pim-audit collect --out`.",
    });
  }
  const result = validateSnapshot(value);
  if (!result.ok) {
    const [first] = result.problems;
    const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problems)` : "";
    throw new InputError("SNAPSHOT_INVALID", `is not a valid snapshot: ${first?.path} ${first?.message}${more}.`, {
      position: { file },
      hint: "Give a snapshot written by `pim-audit collect --out` with the same schemaVersion.",
    });
  }
  return result.snapshot;
}

export async function readSnapshotFile(path: string): Promise<Snapshot> {
  const bytes = await readFileBytes(path);
  let text: string;
  try {
    text = (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString("utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    throw new InputError("SNAPSHOT_INVALID", "is not a readable gzip file.", {
      position: { file: path },
      cause: error,
    });
  }
  return parseSnapshotText(text, path);
}

/** Writes canonical JSON (gzip when the path ends in .gz) to a temporary file, then renames it into place. */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  const text = stableJson(canonicalSnapshot(snapshot));
  const bytes = path.endsWith(".gz") ? gzipSync(text) : Buffer.from(text, "utf8");
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, bytes, { flag: "wx" });
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
