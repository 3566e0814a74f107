// --from FILE: a saved snapshot (.json, .json.gz) or an admin-center export CSV, told apart by content.
import { gunzipSync } from "node:zlib";
import { InputError, type Snapshot } from "@pim-audit/model";
import { type ExportCsvOptions, parseExportCsv } from "./csv/export-csv.js";
import { isGzip, parseSnapshotText, readFileBytes } from "./snapshot-file/snapshot-file.js";

export type ReadSourceOptions = ExportCsvOptions;

export async function readSource(path: string, options: ReadSourceOptions): Promise<Snapshot> {
  const bytes = await readFileBytes(path);
  let text: string;
  try {
    text = (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString("utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    throw new InputError("FILE_UNREADABLE", "is not a readable gzip file.", { position: { file: path }, cause: error });
  }
  const looksJson = /^\s*[{[]/.test(text) || /\.json(\.gz)?$/i.test(path);
  return looksJson ? parseSnapshotText(text, path) : parseExportCsv(text, path, options);
}
