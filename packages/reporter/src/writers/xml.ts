// The little XML the JUnit writer needs: escaped text and attributes, and no characters XML 1.0 forbids.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// Text that needs nothing replaced (the allowed characters without & < >, and for attributes also without
// " ' tab LF CR) is returned as it is: one test instead of up to nine replacements per value.
const PLAIN_TEXT = /^[\t\n\r\u0020-\u0025\u0027-\u003B\u003D\u003F-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const PLAIN_ATTR = /^[\u0020\u0021\u0023-\u0025\u0028-\u003B\u003D\u003F-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export function xmlText(value: string): string {
  if (PLAIN_TEXT.test(value)) return value;
  return value.replace(FORBIDDEN, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
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
