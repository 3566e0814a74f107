import { escapeControls } from "@pim-audit/model";
import { describe, expect, it } from "vitest";
import { xmlAttr, xmlText } from "./xml.js";

// The escaping spelled out replacement by replacement, as the writer did before it skipped plain text.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const text = (v: string) =>
  escapeControls(v, { keepWhitespace: true })
    .replace(FORBIDDEN, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
const attr = (v: string) =>
  text(v)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");

describe("XML escaping", () => {
  const points = [
    ...Array.from({ length: 0xa1 }, (_, i) => i),
    0x061b,
    0x061c,
    0x061d,
    0x200d,
    0x200e,
    0x200f,
    0x2010,
    0x2027,
    0x2028,
    0x2029,
    0x202a,
    0x202e,
    0x202f,
    0x2065,
    0x2066,
    0x2069,
    0x206a,
    0xd7ff,
    0xd800,
    0xdbff,
    0xdc00,
    0xdfff,
    0xe000,
    0xfffd,
    0xfffe,
    0xffff,
    0x10000,
    0x1f600,
    0x10ffff,
  ];
  const samples = points.flatMap((p) => {
    const c = p >= 0x10000 ? String.fromCodePoint(p) : String.fromCharCode(p);
    return [c, `a${c}b`, `${c}${c}`];
  });
  samples.push("\uD83D\uDE00 pair", "lone \uD83D high", "lone \uDE00 low", "plain text, nothing to do");

  it("escapes text and attributes exactly, and leaves plain values as they are", () => {
    for (const sample of samples) {
      expect(xmlText(sample), JSON.stringify(sample)).toBe(text(sample));
      expect(xmlAttr(sample), JSON.stringify(sample)).toBe(attr(sample));
    }
    expect(xmlAttr(42)).toBe("42");
  });
});
