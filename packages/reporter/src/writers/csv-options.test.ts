import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { HOSTILE, HOSTILE_SHOWN } from "../test-utils/hostile.js";
import { csvChunks, toCsv } from "./csv-options.js";

const tricky = [
  "",
  "plain",
  'say "hi"',
  'a,b\r\nc"d',
  "=SUM(A1)",
  "+1",
  "-1",
  "@cmd",
  "\tx",
  "\rx",
  "\uFF1Dx",
  "日本語 ✓ 😀",
];

describe("the CSV dialect", () => {
  it("quotes every non-empty cell, doubles quotes, ends records with CRLF and defuses formulas", () => {
    expect(
      toCsv(
        ["Name", "=Index", ""],
        [
          ["=SUM(A1)", '"q"', ""],
          ["+1", "@cmd", "\uFF1Dx"],
        ],
      ),
    ).toBe('"Name","\'=Index",\r\n"\'=SUM(A1)","""q""",\r\n"\'+1","\'@cmd","\'\uFF1Dx"\r\n');
    expect(toCsv(["a"], [["x"]], true)).toBe('\uFEFF"a"\r\n"x"\r\n');
  });

  it("hands out many rows in pieces that join to what one call over all rows writes", () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => [`row ${i}`, tricky[i % tricky.length]!]);
    const chunks = [...csvChunks(["a", "b"], rows)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(
      stringify([["a", "b"], ...rows], { quoted: true, escape_formulas: true, record_delimiter: "windows" }),
    );
  });
});

describe("control characters in CSV cells", () => {
  it("are written as visible \\uXXXX, and a formula prefix is still defused, once", () => {
    expect(toCsv(["a"], [[HOSTILE], ["\t=1"], ["\r=1"], ["\u0000=1"], ["x\ny"], ["'=1"]])).toBe(
      `"a"\r\n"'${HOSTILE_SHOWN}"\r\n"'\t=1"\r\n"'\r=1"\r\n"\\u0000=1"\r\n"x\ny"\r\n"'=1"\r\n`,
    );
  });
});
