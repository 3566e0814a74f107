// One CSV dialect for every file pim-audit writes: RFC 4180 line ends, every field quoted and
// formula-looking values prefixed with `'` (OWASP's advice against CSV injection).
import { stringify } from "csv-stringify/sync";

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[], excel = false): string {
  return stringify([header, ...rows] as string[][], {
    bom: excel,
    quoted: true,
    escape_formulas: true,
    record_delimiter: "windows",
  });
}
