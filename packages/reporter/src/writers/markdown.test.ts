import { hasControls } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { HOSTILE } from "../test-utils/hostile.js";
import { fitMarkdown, lazyRows, type MdSection, mdCell, mdCode } from "./markdown.js";

describe("markdown helpers", () => {
  it("mdCode keeps names from closing the code span or the table cell", () => {
    expect(mdCode("a`b|c\nd")).toBe("`a b\\|c d`");
  });

  it("mdCell makes one line of plain text", () => {
    expect(mdCell("a\r\nb | [link](x) _e_ &amp;")).toBe("a b \\| \\[link\\](x) \\_e\\_ \\&amp;");
    expect(mdCell(null)).toBe("");
  });

  it("fitMarkdown drops whole rows past the limit and counts them", () => {
    const rows = Array.from({ length: 10 }, (_, i) => `| row ${i} ${"x".repeat(20)} |`);
    const text = fitMarkdown(
      ["# t", ""],
      [{ head: ["| h |", "|---|"], rows, countsAsFindings: true, tail: [""] }],
      220,
      "See x.",
    );
    expect(text.length).toBeLessThanOrEqual(250);
    const shown = text.split("\n").filter((l) => l.startsWith("| row"));
    expect(text).toContain(`${10 - shown.length} more finding row(s) not shown. See x.`);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(rows.slice(0, shown.length));
  });

  it("renders lazy rows like listed ones, and only as many as can be shown", () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    let rendered = 0;
    const row = (i: number) => {
      rendered++;
      return `| row ${i} ${"y".repeat(i % 7)} |`;
    };
    const sections = (rows: MdSection["rows"], other: MdSection["rows"]): MdSection[] => [
      { head: ["## a", "", "| h |", "|---|"], rows, countsAsFindings: true, tail: [""] },
      { head: ["## b"], rows: other, countsAsFindings: false, tail: [""] },
    ];
    for (const limit of [120, 2_000, 1_000_000]) {
      rendered = 0;
      const lazy = fitMarkdown(["# t", ""], sections(lazyRows(items, row), lazyRows([1, 2], row)), limit, "See x.");
      const counted = rendered;
      const listed = fitMarkdown(["# t", ""], sections(items.map(row), [1, 2].map(row)), limit, "See x.");
      expect(lazy).toBe(listed);
      if (limit < 1_000_000) expect(counted).toBeLessThan(2 * (limit / 10) + 4);
    }
  });
});

describe("control characters in Markdown", () => {
  it("mdCell and mdCode write them as visible \\uXXXX", () => {
    expect(mdCell("a\u001B[31mb\u202Ec\u0000")).toBe("a\\\\u001B\\[31mb\\\\u202Ec\\\\u0000");
    expect(mdCode("a\u001B[31mb\u202Ec\u0000")).toBe("`a\\u001B[31mb\\u202Ec\\u0000`");
    expect(hasControls(mdCell(HOSTILE))).toBe(false);
  });
});
