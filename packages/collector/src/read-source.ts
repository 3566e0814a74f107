// --from FILE: a saved snapshot (.json, .json.gz) or an admin-center export CSV, told apart by content.
import type { Snapshot } from "@pim-audit/model";
import { decodeExportText, type ExportCsvOptions, parseExportCsv } from "./csv/export-csv.js";
import {
  gunzipCapped,
  isGzip,
  type Notice,
  parseSnapshotBytes,
  parseSnapshotText,
  readFileBytes,
} from "./snapshot-file/snapshot-file.js";

export interface ReadSourceOptions extends ExportCsvOptions {
  /** Where to say that an older snapshot version was converted on read (stderr in the CLI). */
  onNotice?: Notice;
  /** Bound on what a .gz input may expand to [default: MAX_UNZIPPED_BYTES]. */
  maxUnzippedBytes?: number;
}

export async function readSource(path: string, options: ReadSourceOptions): Promise<Snapshot> {
  const bytes = await readFileBytes(path);
  // A snapshot is parsed from its bytes, streamed when large, never as one giant string.
  if (/\.json(\.gz)?$/i.test(path) || looksLikeJson(bytes)) {
    return parseSnapshotBytes(bytes, path, options.onNotice, undefined, options.maxUnzippedBytes);
  }
  const text = decodeExportText(isGzip(bytes) ? gunzipCapped(bytes, path, options.maxUnzippedBytes) : bytes).replace(
    /^\uFEFF/,
    "",
  );
  return /^\s*[{[]/.test(text) ? parseSnapshotText(text, path, options.onNotice) : parseExportCsv(text, path, options);
}

/** Plain bytes that open like JSON; a gzip without a .json name goes through the text path below. */
function looksLikeJson(bytes: Buffer): boolean {
  return !isGzip(bytes) && /^(\uFEFF)?\s*[{[]/.test(bytes.subarray(0, 64).toString("utf8"));
}
