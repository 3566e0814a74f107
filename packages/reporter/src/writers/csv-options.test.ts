import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { csvChunks, toCsv } from "./csv-options.js";

// The dialect pim-audit promised when it used csv-stringify; the hand-written encoder must keep every byte.
const library = (rows: string[][], bom = false) =>
  stringify(rows, { bom, quoted: true, escape_formulas: true, record_delimiter: "windows" });

const tricky = [
  "",
  "plain",
  'say "hi"',
  '"',
  'a,b\r\nc"d',
  "=SUM(A1)",
  "+1",
  "-1",
  "@cmd",
  "\tx",
  "\rx",
  "\uFF1Dx",
  "\uFF0Bx",
  "\uFF0Dx",
  "\uFF20x",
  "'=already",
  " =spaced",
  "x=y",
  "日本語 ✓ 😀",
  "\n",
  "a\nb",
];

describe("the CSV dialect", () => {
  it("writes exactly what csv-stringify writes, quotes, formulas, empty cells and line ends alike", () => {
    const rows = tricky.map((value, i) => [value, tricky[(i * 7) % tricky.length]!, String(i), ""]);
    const header = ["Name", "Other", "=Index", ""];
    expect(toCsv(header, rows)).toBe(library([header, ...rows]));
    expect(toCsv(header, rows, true)).toBe(library([header, ...rows], true));
  });

  it("hands out many rows in pieces that join to the whole", () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => [`row ${i}`, tricky[i % tricky.length]!]);
    const chunks = [...csvChunks(["a", "b"], rows)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(library([["a", "b"], ...rows]));
  });
});
