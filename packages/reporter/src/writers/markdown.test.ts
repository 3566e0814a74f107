import { describe, expect, it } from "vitest";
import { fitMarkdown, mdCell, mdCode } from "./markdown.js";

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
});
