// The little XML the JUnit writer needs: escaped text and attributes, and no characters XML 1.0 forbids.
// Control characters become a visible `\uXXXX` (XML 1.0 has no way to carry most of C0, even as `&#27;`);
// anything else XML forbids (a lone surrogate, U+FFFE) becomes U+FFFD.
import { escapeControls } from "@pim-audit/model";

const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// Text that needs nothing replaced (the allowed characters without & < > and controls, and for attributes also
// without " ' tab LF CR) is returned as it is: one test instead of up to ten replacements per value.
const PLAIN_TEXT =
  /^[\t\n\r\u0020-\u0025\u0027-\u003B\u003D\u003F-\u007E\u00A0-\u061B\u061D-\u200D\u2010-\u2027\u202F-\u2065\u206A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const PLAIN_ATTR =
  /^[\u0020\u0021\u0023-\u0025\u0028-\u003B\u003D\u003F-\u007E\u00A0-\u061B\u061D-\u200D\u2010-\u2027\u202F-\u2065\u206A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export function xmlText(value: string): string {
  if (PLAIN_TEXT.test(value)) return value;
  return escapeControls(value, { keepWhitespace: true })
    .replace(FORBIDDEN, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

export function xmlAttr(value: string | number): string {
  const text = String(value);
  if (PLAIN_ATTR.test(text)) return text;
  return xmlText(text)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

export function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
    .join("");
}
