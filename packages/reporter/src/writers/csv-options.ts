// One CSV dialect for every file pim-audit writes: RFC 4180 line ends, every non-empty field quoted and
// formula-looking values prefixed with `'` (OWASP's advice against CSV injection). These are exactly the
// bytes csv-stringify writes with { quoted: true, escape_formulas: true, record_delimiter: "windows" }
// (its tests hold this file to that): written here because at 100k rows the library's per-field options
// handling was 2 s of a run.

// csv-stringify's escape_formulas list: = + - @ tab CR and their full-width forms.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

function field(value: string): string {
  if (value === "") return "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.includes('"') ? safe.replaceAll('"', '""') : safe}"`;
}

export function csvRecord(fields: readonly string[]): string {
  let line = field(fields[0] ?? "");
  for (let i = 1; i < fields.length; i++) line += `,${field(fields[i]!)}`;
  return `${line}\r\n`;
}

/** The CSV text a record at a time, so a file of a million rows is never one string. */
export function* csvChunks(header: readonly string[], rows: Iterable<readonly string[]>): Generator<string> {
  yield csvRecord(header);
  for (const row of rows) yield csvRecord(row);
}

export function toCsv(header: readonly string[], rows: Iterable<readonly string[]>, excel = false): string {
  return `${excel ? "\uFEFF" : ""}${[...csvChunks(header, rows)].join("")}`;
}
